"""The two text helpers: for_terminal (commands, exports) and coach.ui.text (screens).

Properties over any text: nothing a terminal would act on survives for_terminal, text without
control characters passes unchanged, and the screen helpers show user text exactly as written,
with our own styling only around it.
"""

from __future__ import annotations

import io
import json
import re

from hypothesis import given
from hypothesis import strategies as st

from coach.text import TerminalStream, control_character, for_terminal
from coach.ui.text import cell, plain, styled

RAW = re.compile(r"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Markup's own characters, often, among any other character (surrogates cannot be printed).
ANY = st.characters(codec="utf-8", exclude_categories=["Cs"])
MARKUPISH = st.text(st.one_of(st.sampled_from("[]/@=\\$ bi:"), ANY), max_size=40)
CLEAN = MARKUPISH.filter(lambda t: control_character(t) is None)


@given(MARKUPISH)
def test_for_terminal_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = for_terminal(text)
    assert not RAW.search(shown)
    assert control_character(shown.replace("\r\n", "\n")) is None


@given(CLEAN)
def test_text_without_control_characters_passes_unchanged(text: str) -> None:
    assert for_terminal(text) == text


def test_controls_are_written_as_json_writes_them() -> None:
    assert (
        for_terminal("a\x1b[2Jb\x9b\x7f\tc\nd\re\r\n")
        == "a\\u001b[2Jb\\u009b\\u007f\tc\nd\\u000de\r\n"
    )
    text = json.dumps({"t": "x\x9by\x85"}, ensure_ascii=False)
    assert json.loads(for_terminal(text)) == {"t": "x\x9by\x85"}


def test_terminal_stream_escapes_every_write() -> None:
    out = io.StringIO()
    stream = TerminalStream(out)
    print("title \x1b]0;owned\x07", file=stream, flush=True)
    stream.writelines(["\x9b2J", "\n"])
    assert out.getvalue() == "title \\u001b]0;owned\\u0007\n\\u009b2J\n"


@given(CLEAN)
def test_plain_and_cell_show_text_exactly_as_written(text: str) -> None:
    assert plain(text).plain == text
    assert not plain(text).spans
    assert cell(text).plain == text and not cell(text).spans


@given(CLEAN, CLEAN)
def test_styled_puts_our_markup_around_user_text_never_inside(title: str, rest: str) -> None:
    content = styled("[b]$title[/b] · $rest", title=title, rest=rest)
    assert content.plain == f"{title} · {rest}"
    assert [(s.start, s.end, str(s.style)) for s in content.spans] == (
        [(0, len(title), "b")] if title else []
    )
