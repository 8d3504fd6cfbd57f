"""Revision records: what changed, a readable diff, and whether the edit is material."""

from __future__ import annotations

from datetime import UTC, datetime

from search.stories import Version, revision

FETCHED = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
OLD = Version(
    title="KCN Deep C đón thêm 3 dự án FDI với tổng vốn 450 triệu USD",
    body="Ngày 20/11, Ban Quản lý Khu kinh tế Hải Phòng trao giấy chứng nhận.\nBa dự án mới.",
    facts={"zone": "Deep C", "amount": 450_000_000},
)


def test_nothing_changed_is_no_revision() -> None:
    assert revision(OLD, OLD, FETCHED) is None


def test_a_corrected_amount_is_material_and_shown() -> None:
    new = Version(OLD.title, OLD.body, {**OLD.facts, "amount": 540_000_000})
    record = revision(OLD, new, FETCHED)
    assert record is not None
    assert record.changed_fields == ("facts.amount",)
    assert record.material and record.fetched_at == FETCHED
    assert "facts.amount: 450000000 -> 540000000" in record.diff


def test_a_new_title_is_material_with_a_unified_diff() -> None:
    new = Version(OLD.title.replace("450", "540"), OLD.body, OLD.facts)
    record = revision(OLD, new, FETCHED)
    assert record is not None and record.material
    assert record.changed_fields == ("title",)
    assert f"-{OLD.title}" in record.diff and f"+{new.title}" in record.diff


def test_a_body_edit_alone_is_recorded_but_not_material() -> None:
    new = Version(
        OLD.title, OLD.body.replace("Ba dự án mới.", "Ba dự án mới, vốn Nhật."), OLD.facts
    )
    record = revision(OLD, new, FETCHED)
    assert record is not None and not record.material
    assert record.changed_fields == ("body",)
    assert "+Ba dự án mới, vốn Nhật." in record.diff
