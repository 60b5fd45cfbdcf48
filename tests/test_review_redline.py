"""Word-level redline of Markdown bodies, and its HTML."""

from __future__ import annotations

import itertools
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from cyp_cli.review.redline import changed, counts, redline, runs_to_html, tokens


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
    html = runs_to_html(runs)
    assert html.splitlines()[0] == (
        '<p>First sentence.<del><span class="visually-hidden">deleted: </span> Second '
        'sentence.</del></p>')


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


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.ok = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_html_nests_and_escapes(old: str, new: str) -> None:
    html = runs_to_html(redline(old, new))
    checker = _Checker()
    checker.feed(html)
    assert checker.ok and checker.stack == []
    assert set(checker.tags) <= {"p", "ins", "del", "span"}
    # Inside a paragraph no ins/del contains another.
    assert "<ins><ins>" not in html and "<del><ins>" not in html


def test_html_escapes_and_labels() -> None:
    html = runs_to_html(redline("a <b> & \"c\"\n", "a <i> & \"c\"\n"))
    assert "&lt;b&gt;" in html and "&lt;i&gt;" in html and "&amp;" in html
    assert "<b>" not in html and "<i>" not in html
    assert '<ins><span class="visually-hidden">inserted: </span>&lt;i&gt; </ins>' in html
    assert '<del><span class="visually-hidden">deleted: </span>&lt;b&gt; </del>' in html


def test_change_across_paragraphs_is_closed_and_reopened() -> None:
    html = runs_to_html(redline("Keep.\n", "Keep.\n\nOne.\n\nTwo.\n"))
    assert html.splitlines() == [
        "<p>Keep.</p>",
        '<p><ins><span class="visually-hidden">inserted: </span>One.</ins></p>',
        '<p><ins><span class="visually-hidden">inserted: </span>Two. </ins></p>',
    ]


def test_other_labels_and_end_labels() -> None:
    html = runs_to_html(redline("a\n", "b\n"),
                        labels={"insert": "wedi'i fewnosod: ", "delete": "wedi'i ddileu: "},
                        end_labels={"insert": " (diwedd)", "delete": " (diwedd)"})
    assert "wedi&#x27;i fewnosod: " in html
    assert '<span class="visually-hidden"> (diwedd)</span></ins>' in html


def test_whitespace_only_changes_are_not_announced() -> None:
    html = runs_to_html(redline("a b\n", "a\nb\n"))
    assert html == "<p>a b</p>" or "<ins>" not in html
