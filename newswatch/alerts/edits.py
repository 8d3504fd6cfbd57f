"""Edit notices: a rule with ``on_edit = "material"`` tells again when an article it alerted is
edited in its title or an amount, once per such edit.

Edits are read from the store's revision log (``search.stories.revision_log``) after a cursor
kept per rule (record kind ``alert_edit_watermark``, beside the article watermark); a rule
starts at the log's end, so a new rule or a rule that just switched ``on_edit`` on does not
replay old edits. The notice is an ``AlertArticle`` of the new version carrying the diff and
the revision's ``seq``, so the outbox keys it apart from the article's own alert: each edit
is queued once, and a retried evaluation queues nothing twice. As in ``evaluate``, the cursor
moves only after the batch's rows are committed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from newswatch.alerts.delivery import AlertArticle
from newswatch.alerts.outbox import Outbox
from newswatch.alerts.rules import AlertRule
from search.backend import Backend
from search.stories.history import edit
from search.stories.revision_log import RevisionLog, StoredVersion

EDIT_WATERMARK_KIND = "alert_edit_watermark"
BATCH_SIZE = 200


def save_edit_watermark(backend: Backend, rule: str, seq: int) -> None:
    doc = {"rule": rule, "seq": seq, "updated_at": datetime.now(UTC).isoformat()}
    backend.put_record(EDIT_WATERMARK_KIND, rule, doc)


def load_edit_watermark(backend: Backend, revisions: RevisionLog, rule: str) -> int:
    """The rule's edit cursor; none yet: the log's end (watch edits from now on)."""
    record = backend.get_record(EDIT_WATERMARK_KIND, rule)
    if record is None:
        seq = revisions.end()
        save_edit_watermark(backend, rule, seq)
        return seq
    return int(record.get("seq") or 0)


def delete_edit_watermark(backend: Backend, rule: str) -> None:
    backend.delete_record(EDIT_WATERMARK_KIND, rule)


def notice(revisions: RevisionLog, version: StoredVersion) -> AlertArticle:
    """The edited article as the alert shows it: its new title, lead and facts, and the diff."""
    article = version.article
    before = revisions.previous(version)
    change = edit(before, version) if before is not None else None
    return AlertArticle(
        id=article.id,
        title=article.title,
        url=article.url,
        source=article.source,
        published_at=article.published_at,
        snippet=(article.summary or article.text)[:300],
        facts=article.facts,
        revision=version.seq,
        edit=change.diff if change is not None else "",
    )


def evaluate_edits(
    backend: Backend, revisions: RevisionLog, outbox: Outbox, rule: AlertRule, due: datetime
) -> int:
    """Queue notices of the material edits of articles ``rule`` alerted; how many are new."""
    if rule.on_edit != "material":
        return 0
    cursor = load_edit_watermark(backend, revisions, rule.name)
    queued = 0
    while batch := revisions.after(cursor, BATCH_SIZE, material=True):
        alerted = outbox.alerted(rule.name, {version.article.id for version in batch})
        notices = [notice(revisions, v) for v in batch if v.article.id in alerted]
        queued += outbox.enqueue(rule.name, rule.query, rule.mode, rule.channels, notices, due)
        cursor = batch[-1].seq
        save_edit_watermark(backend, rule.name, cursor)
    return queued
