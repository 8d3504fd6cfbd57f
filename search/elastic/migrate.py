"""Index creation and migration: versioned indices behind one alias, swapped atomically.

A migration creates ``<alias>-v<N+1>`` from the current template, copies every document
with ``scan`` + ``bulk`` (the server-side ``_reindex`` lives in a module that minimal
distributions, like our test server, do not ship), then moves the alias in one
``update_aliases`` call. Searches read the old index until that instant and the new one
after it. Writes are paused by a write block on the old index while copying: the indexer
treats the block as "retry later", so articles arriving meanwhile wait in the local queue
and land in the new index after the swap instead of being lost in the old one.

A migration killed half-way (SIGKILL, Ctrl-C) leaves the block on the live index and a
half-copied next version. The next ``migrate`` undoes both before it starts (the alias never
moved, so the next version holds nothing anyone reads), which makes re-running it the repair.
Opening the backend repairs too (``repair_stale_block``): a running migration keeps a marker
record with its host, pid and a heartbeat, and a block whose migration is gone (its process
dead on this host, or its heartbeat stale) is undone, so a write block never outlives it.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import BadRequestError, Elasticsearch, helpers

from newswatch.core.errors import StorageConflict
from search.backend import BackendUnavailable
from search.elastic.document import from_document, normalised, to_document
from search.elastic.mapping import (
    ARTICLE_MAPPINGS,
    RECORD_MAPPINGS,
    article_template,
    index_version,
    records_index,
    versioned_index,
)

log = logging.getLogger(__name__)

MARKER_KIND = "migration"
STALE_AFTER = timedelta(minutes=2)
"""A marker from another host not refreshed for this long belongs to a dead migration."""
HEARTBEAT_EVERY = 500


class MappingConflict(StorageConflict):
    """An existing index or alias does not have the shape this code writes."""


@dataclass(frozen=True)
class Migration:
    old_index: str
    new_index: str
    copied: int


def current_index(client: Elasticsearch, alias: str) -> str | None:
    """The concrete index behind ``alias``; ``None`` if nothing exists yet."""
    if client.indices.exists_alias(name=alias):
        return sorted(client.indices.get_alias(name=alias))[-1]
    if client.indices.exists(index=alias):
        raise MappingConflict(
            f"{alias!r} is a plain index, not an alias: newswatch needs it free for its "
            f"alias (move the data away or set [storage] index to another name)"
        )
    return None


def _norm(value: Any) -> str:
    return str(value).lower()


def _conflicts(wanted: dict[str, Any], have: dict[str, Any], prefix: str = "") -> list[str]:
    """Fields whose settings we rely on differ, or sub-fields missing (extras the server adds
    are fine); object fields are compared field by field, as dotted names."""
    found: list[str] = []
    for name, spec in wanted.items():
        if name not in have:
            continue
        inner = spec.get("properties")
        if inner is not None:
            found += _conflicts(inner, have[name].get("properties", {}), f"{prefix}{name}.")
            missing = set(inner) - set(have[name].get("properties", {}))
            found += [f"{prefix}{name}.{field}" for field in missing]
        if any(
            _norm(have[name].get(k, "object" if k == "type" else None)) != _norm(v)
            for k, v in spec.items()
            if k != "properties"
        ):
            found.append(prefix + name)
    return sorted(found)


def check_mapping(client: Elasticsearch, index: str, expected: dict[str, Any]) -> None:
    """Refuse to write into an index whose fields differ from ours (clear error, no guessing)."""
    actual = client.indices.get_mapping(index=index)[index]["mappings"]
    wanted, have = expected["properties"], actual.get("properties", {})
    conflicts = _conflicts(wanted, have)
    missing = sorted(set(wanted) - set(have))
    if conflicts or missing or str(actual.get("dynamic")) != "strict":
        raise MappingConflict(
            f"index {index!r} has a mapping newswatch cannot use: conflicting fields "
            f"{conflicts or 'none'}, missing fields {missing or 'none'}, "
            f"dynamic={actual.get('dynamic', 'true')} (expected strict). "
            "Run `newswatch index migrate` to copy it into a fresh index."
        )


def ensure_indices(client: Elasticsearch, alias: str, replicas: int = 0) -> str:
    """Template, first versioned index with its alias, records index; returns the index."""
    client.indices.put_index_template(**article_template(alias, replicas))
    index = current_index(client, alias)
    if index is None:
        index = versioned_index(alias, 1)
        try:
            client.indices.create(index=index, aliases={alias: {"is_write_index": True}})
        except BadRequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise
            log.info("index %s created concurrently", index)
    check_mapping(client, index, ARTICLE_MAPPINGS)
    ensure_records(client, alias, replicas)
    return index


def ensure_records(client: Elasticsearch, alias: str, replicas: int = 0) -> None:
    """The records index (rules, watermarks, the migration marker), created if missing."""
    records = records_index(alias)
    if not client.indices.exists(index=records):
        try:
            client.indices.create(
                index=records,
                mappings=RECORD_MAPPINGS,
                settings={"number_of_shards": 1, "number_of_replicas": replicas},
            )
        except BadRequestError as exc:  # another writer (or a reader's thread) got there first
            if exc.error != "resource_already_exists_exception":
                raise
            log.info("index %s created concurrently", records)
    check_mapping(client, records, RECORD_MAPPINGS)


def _copy_actions(client: Elasticsearch, source: str, target: str) -> Iterator[dict[str, Any]]:
    """Every document, rebuilt from its article so derived fields follow the new code."""
    alias = source.rsplit("-v", 1)[0]
    scanned = helpers.scan(client, index=source, query={"query": {"match_all": {}}}, size=500)
    for count, hit in enumerate(scanned, 1):
        if count % HEARTBEAT_EVERY == 0:
            mark_running(client, alias, target)
        stamps = hit["_source"]
        article = normalised(from_document(stamps))
        yield {
            "_index": target,
            "_id": hit["_id"],
            "_source": to_document(
                article,
                datetime.fromisoformat(stamps["indexed_at"]),
                datetime.fromisoformat(stamps["stored_at"]),
            ),
        }


def _marker_id(alias: str) -> str:
    return f"{MARKER_KIND}:{alias}"


def mark_running(client: Elasticsearch, alias: str, next_version: str) -> None:
    """Say (again) that this process is migrating ``alias``: the heartbeat ``repair`` reads."""
    doc = {
        "next": next_version,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "heartbeat": datetime.now(UTC).isoformat(),
    }
    client.index(
        index=records_index(alias),
        id=_marker_id(alias),
        document={"kind": MARKER_KIND, "key": alias, "doc": doc},
        refresh=True,
    )


def clear_mark(client: Elasticsearch, alias: str) -> None:
    client.options(ignore_status=404).delete(
        index=records_index(alias), id=_marker_id(alias), refresh=True
    )


def _alive(doc: dict[str, Any], now: datetime) -> bool:
    """Whether the migration that wrote marker ``doc`` may still be running."""
    if doc.get("host") == socket.gethostname():
        try:
            os.kill(int(doc["pid"]), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return now - datetime.fromisoformat(doc["heartbeat"]) < STALE_AFTER


def write_blocked(client: Elasticsearch, index: str) -> bool:
    blocks = client.indices.get_settings(index=index, name="index.blocks.write")
    found = blocks.body.get(index, {}).get("settings", {}).get("index", {}).get("blocks", {})
    return str(found.get("write")).lower() == "true"


def repair_stale_block(client: Elasticsearch, alias: str, live: str) -> bool:
    """Undo a write block (and half copy) whose migration is no longer running; a block of a
    running migration stays, with a warning (writes wait in the local queue meanwhile)."""
    if not write_blocked(client, live):
        return False
    found = client.options(ignore_status=404).get(index=records_index(alias), id=_marker_id(alias))
    doc = found.body.get("_source", {}).get("doc") if found.body.get("found") else None
    if doc is not None and _alive(doc, datetime.now(UTC)):
        log.warning("%s is write-blocked by a migration still running; writes are queued", live)
        return False
    undo_interrupted(client, live, versioned_index(alias, index_version(live) + 1))
    clear_mark(client, alias)
    return True


def undo_interrupted(client: Elasticsearch, live: str, next_version: str) -> bool:
    """Roll back what an interrupted migration left: its half copy and its write block."""
    leftover = bool(client.indices.exists(index=next_version))
    if leftover:
        log.warning("removing %s, left half-copied by an interrupted migration", next_version)
        client.indices.delete(index=next_version)
    blocked = write_blocked(client, live)
    if blocked:
        log.warning("lifting the write block an interrupted migration left on %s", live)
        client.indices.put_settings(index=live, settings={"index.blocks.write": False})
    return leftover or blocked


def migrate(client: Elasticsearch, alias: str, replicas: int = 0) -> Migration:
    """Copy the alias's index into the next version and swap the alias atomically.

    The old index only has to be readable: it is migrated precisely because its mapping may
    lack fields this version writes (as before investment facts) or differ in others.
    """
    client.indices.put_index_template(**article_template(alias, replicas))
    old = current_index(client, alias) or ensure_indices(client, alias, replicas)
    new = versioned_index(alias, index_version(old) + 1)
    undo_interrupted(client, old, new)
    client.indices.create(index=new)
    ensure_records(client, alias, replicas)
    mark_running(client, alias, new)
    client.indices.add_block(index=old, block="write")
    try:
        copied, errors = helpers.bulk(client, _copy_actions(client, old, new), raise_on_error=False)
        if isinstance(errors, list) and errors:
            raise BackendUnavailable(
                f"migration to {new} failed for {len(errors)} documents: {errors[:3]}"
            )
        client.indices.refresh(index=new)
        expected = client.count(index=old)["count"]
        if client.count(index=new)["count"] != expected:
            raise BackendUnavailable(f"migration to {new}: copied count differs from {expected}")
    except Exception:
        client.indices.delete(index=new)
        client.indices.put_settings(index=old, settings={"index.blocks.write": False})
        clear_mark(client, alias)
        raise
    client.indices.update_aliases(
        actions=[
            {"remove": {"index": old, "alias": alias}},
            {"add": {"index": new, "alias": alias, "is_write_index": True}},
        ]
    )
    ensure_indices(client, alias, replicas)  # the new index checked, records index present
    clear_mark(client, alias)
    log.info("alias %s moved from %s to %s (%d documents)", alias, old, new, copied)
    return Migration(old_index=old, new_index=new, copied=copied)
