"""Word-level redline of Markdown bodies, and its HTML."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from cyp_cli.review.redline import changed, counts, redline, split_paragraphs, tokens


def old_of(runs: list[tuple[str, str]]) -> str:
    return "".join(t for op, t in runs if op != "insert")


def new_of(runs: list[tuple[str, str]]) -> str:
    return "".join(t for op, t in runs if op != "delete")


def test_word_changes() -> None:
    runs = redline("The board meets four times a year.\n", "The board meets six times a year.\n")
    assert runs == [("equal", "The board meets "), ("delete", "four "), ("insert", "six "),
                    ("equal", "times a year.\n")]
    assert changed(runs) and counts(runs) == (1, 1)


def test_identical_and_rewrapped_text_is_not_changed() -> None:
    assert redline("a b c\n", "a b c\n") == [("equal", "a b c\n")]
    runs = redline("one two three\nfour five\n", "one two\nthree four five\n")
    assert not changed(runs)
    assert counts(runs) == (0, 0)
    assert old_of(runs) == "one two three\nfour five\n"


def test_deleted_sentence_stays_in_its_paragraph() -> None:
    old = "First sentence. Second sentence.\n\nNext paragraph.\n"
    new = "First sentence.\n\nNext paragraph.\n"
    runs = redline(old, new)
    assert ("delete", " Second sentence.") in runs
    assert split_paragraphs(runs)[0] == [("equal", "First sentence."),
                                         ("delete", " Second sentence.")]


def test_paragraph_added_and_removed() -> None:
    old = "Intro.\n\nOld paragraph here.\n\nEnd.\n"
    new = "Intro.\n\nEnd.\n\n## New heading\n\nNew text.\n"
    runs = redline(old, new)
    assert old_of(runs) == old and new_of(runs) == new
    assert counts(runs) == (5, 3)


def test_leading_whitespace() -> None:
    runs = redline("\n\nText.\n", "Text.\n")
    assert old_of(runs) == "\n\nText.\n" and new_of(runs) == "Text.\n"
    assert not changed(runs)


def test_tokens_cover_the_text() -> None:
    text = "A  b\u00a0c\n d\n\n\n  e\t f \n"
    assert "".join(tokens(text)) == text
    assert tokens("a\n\nb") == ["a", "\n\n", "b"]


TEXT = st.lists(
    st.sampled_from(["alpha", "beta", "gamma", "**bold**", "<b>", "&", " ", "  ", "\n",
                     "\n\n", "\n \n", "\t", "-", "# Head", "ŵ"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_runs_rebuild_both_texts(old: str, new: str) -> None:
    runs = redline(old, new)
    assert old_of(runs) == old
    assert new_of(runs) == new
    assert all(op in ("equal", "insert", "delete") and text for op, text in runs)
    # Adjacent runs never share an op.
    assert all(a[0] != b[0] for a, b in itertools.pairwise(runs))
    if old.split() == new.split():
        assert not changed(runs)


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_paragraphs_hold_every_run(old: str, new: str) -> None:
    """Splitting into paragraphs loses no changed text and keeps each run's kind."""
    runs = redline(old, new)
    paras = split_paragraphs(runs)
    kept = [(op, text) for para in paras for op, text in para]
    assert {op for op, _ in kept} <= {"equal", "insert", "delete"}
    for kind in ("insert", "delete"):
        wanted = " ".join(t for op, t in runs if op == kind).split()
        assert " ".join(t for op, t in kept if op == kind).split() == wanted


def test_change_across_paragraphs_is_split_at_each_break() -> None:
    assert split_paragraphs(redline("Keep.\n", "Keep.\n\nOne.\n\nTwo.\n")) == [
        [("equal", "Keep."), ("equal", " ")], [("insert", "One.")], [("insert", "Two. ")]]


def test_whitespace_only_changes_are_not_announced() -> None:
    (para,) = split_paragraphs(redline("a b\n", "a\nb\n"))
    assert {op for op, _ in para} == {"equal"}


def test_paragraphs_cut_elsewhere_change_no_word() -> None:
    """Found by hypothesis: the same words with the paragraph breaks moved once paired
    a one-word paragraph out of place and reported its neighbours as rewritten."""
    a, b, c = "alphaalphaalpha", "alphaalphaalphaalpha", "alphaalphaalphaalphaalpha"
    old = f"{a} {b} {c} alpha {c} alpha\n\nalpha"
    new = f"{a} {b} {c}\n\nalpha\n\n{c} alpha alpha"
    runs = redline(old, new)
    assert old_of(runs) == old and new_of(runs) == new
    assert not changed(runs)
