"""The pure diff (``search.stories.revisions``) on a real article and its correction."""

from __future__ import annotations

from search.stories.revisions import Version, material_edit, revision, word_diff
from tests.revisions.material import FETCHED, NEW_AMOUNT, OLD_AMOUNT, edited, original


def test_an_unchanged_refetch_is_no_revision() -> None:
    later = original().model_copy(update={"fetched_at": FETCHED.replace(hour=20)})
    assert revision(Version.of(original()), Version.of(later), later.fetched_at) is None


def test_a_corrected_amount_names_the_amount_and_the_title_and_is_material() -> None:
    old, new = original(), edited()
    change = revision(Version.of(old), Version.of(new), new.fetched_at)
    assert change is not None and change.material
    assert change.amounts == ((OLD_AMOUNT, NEW_AMOUNT),)
    assert change.title == (old.title, new.title)
    assert change.areas == ()  # 32.089m2 printed in both
    assert set(change.changed_fields) == {"title", "body", "facts"}
    assert f"Số tiền: {OLD_AMOUNT} → {NEW_AMOUNT}" in change.diff
    assert change.fetched_at == new.fetched_at


def test_the_body_diff_is_word_level_with_context_elided() -> None:
    old, new = original(), edited()
    segments = word_diff(old.text, new.text)
    assert [s.text for s in segments if s.op == "delete"] == ["500"]
    assert [s.text for s in segments if s.op == "insert"] == ["550"]
    kept = " ".join(s.text for s in segments if s.op == "equal")
    assert "…" in kept and len(kept) < len(old.text) / 3  # not the whole article again


def test_a_wording_edit_is_recorded_but_not_material() -> None:
    old = original()
    text = old.text.replace("Hà Thạch", "Hà Thạch (TTXVN)")
    new = old.model_copy(update={"text": text})
    change = revision(Version.of(old), Version.of(new), FETCHED)
    assert change is not None and not change.material
    assert change.changed_fields == ("body",)
    assert "{+(TTXVN)+}" in change.diff


def test_new_facts_over_the_same_text_from_a_newer_extractor_are_no_edit() -> None:
    old = original()
    refacted = old.model_copy(update={"facts": edited().facts, "facts_version": "next"})
    assert revision(Version.of(old), Version.of(refacted), FETCHED) is None


def test_the_cheap_material_check_agrees_with_the_full_revision() -> None:
    old = Version.of(original())
    wording = Version.of(original().model_copy(update={"text": original().text + " (TTXVN)"}))
    for new in (old, wording, Version.of(edited())):
        change = revision(old, new, FETCHED)
        assert material_edit(old, new) == (change.material if change else None)
