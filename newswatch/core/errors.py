"""The one exception hierarchy: every failure a user can cause or meet is a ``NewswatchError``.

Each kind carries its CLI exit code and its HTTP status, so the mapping lives here once: the CLI
(``newswatch.cli``) and the API (``newswatch.api.errors``) read ``exit_code`` / ``http_status``
and never keep tables of their own. Exit codes: 1 = the operation failed (storage, delivery;
a crawl where every source failed), 2 = the caller's input is wrong (config, source name,
query, rule), 3 = a crawl where some requested sources failed and others did not
(``SOME_SOURCES_FAILED``).
"""

from __future__ import annotations

SOME_SOURCES_FAILED = 3


class NewswatchError(Exception):
    """Base of every expected failure; anything else is a bug (exit 1, HTTP 500)."""

    exit_code = 1
    http_status = 500


class InputError(NewswatchError, ValueError):
    """The caller's input cannot be used: fix it and try again."""

    exit_code = 2
    http_status = 422


class ExtractionError(InputError):
    """The input is not an article page (binary, empty, or no title and no text). Here, not in
    ``crawler.extract``, so the crawl process can tell it apart without importing the extractor
    (extraction runs in worker processes)."""


class ConfigError(NewswatchError):
    """The configuration file is missing, unreadable or invalid."""

    exit_code = 2
    http_status = 500  # a server with a bad config is the operator's fault, not the client's


class UnknownSource(InputError, LookupError):
    """A source name that is not configured."""

    http_status = 404


class BadQuery(InputError):
    """The user's query string or filters cannot be turned into a search."""


class BackendUnavailable(NewswatchError):
    """The storage server cannot be reached or refused us; callers map this to 503 / retry."""

    http_status = 503


class StoreMissing(NewswatchError):
    """A read found no store where the configuration points: never answer "0 results" from an
    empty store made on the spot; say where we looked."""

    http_status = 503


class StorageConflict(NewswatchError):
    """Storage is reachable but holds something incompatible (an index mapping that disagrees):
    retrying will not help, an operator must migrate, so it is not ``BackendUnavailable``."""

    http_status = 409


class DeliveryError(NewswatchError):
    """An alert could not be delivered (SMTP refused, webhook target refused or unreachable)."""

    http_status = 422


class PeerUnreachable(DeliveryError):
    """The channel's server refused the connection or gave no answer in time: its other
    deliveries would wait out the same timeout, so a delivery pass leaves them for the next."""


class UnknownProject(InputError, LookupError):
    """A project register id (or an article of a project) that the register does not hold."""

    http_status = 404
