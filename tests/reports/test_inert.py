"""Student text shown to people: no control characters on a terminal, no Markdown of its
own in a feedback file (golden strings: what each attack must turn into)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.reports import inert

FAKE_LINE = "\r\x1b[2Kmallory.ipynb: 100/100 graded\n"


@pytest.mark.parametrize(("text", "printable", "one_line"), [
    ("alice.ipynb", "alice.ipynb", "alice.ipynb"),
    (f"x{FAKE_LINE}", "x[2Kmallory.ipynb: 100/100 graded\n",
     "x[2Kmallory.ipynb: 100/100 graded "),
    ("a\r\nb\tc\x00\x07\x7f\x9b31m", "a\nb c31m", "a b c31m"),
    ("evil\u202egpj.ipynb\u2028next", "evilgpj.ipynb\nnext", "evilgpj.ipynb next"),
    ("Zoë 李雷 σ'(x) → 1", "Zoë 李雷 σ'(x) → 1", "Zoë 李雷 σ'(x) → 1"),
])
def test_control_characters_are_stripped(text, printable, one_line):
    assert inert.printable(text) == printable
    assert inert.one_line(text) == one_line


@pytest.mark.parametrize(("text", "markdown"), [
    ("# Feedback: mallory", "\\# Feedback: mallory"),
    ("**Score: 100 / 100**", "\\*\\*Score: 100 / 100\\*\\*"),
    ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)>"),
    ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
    ("see ![x](http://evil.example/a.png)", "see ![x\\](http\\://evil.example/a.png)"),
    ("<!-- --> </p> <?php", "\\<!-- --> \\</p> \\<?php"),
    ("mail jane@example.edu, www.evil.example", "mail jane\\@example.edu, www\\.evil.example"),
    ("> quoted", "\\> quoted"),
    ("- item", "\\- item"),
    ("12. item", "12\\. item"),
    ("===", "\\==="),
    ("[a]: http://evil.example", "\\[a]: http\\://evil.example"),
    ("| a | b |", "\\| a \\| b \\|"),
    ("~~gone~~ and ```", "\\~\\~gone\\~\\~ and \\`\\`\\`"),
    ("_emph_ but snake_case", "\\_emph\\_ but snake_case"),
    ("a \\[b and \\frac", "a \\\\[b and \\frac"),
    ("line\n# two", "line # two"),  # one line: a heading starts only a line
    # left as they are: they are no Markdown
    ("x < 0 and y > 1, 2*3", "x < 0 and y > 1, 2\\*3"),
    ("softmax([1, 2]) returned [0.5, 0.5]; expected", "softmax([1, 2]) returned [0.5, 0.5]; "
     "expected"),
])
def test_student_text_is_inert_markdown(text, markdown):
    assert inert.markdown_text(text) == markdown


@pytest.mark.parametrize(("text", "lines"), [
    ("`softmax(z)` raised ValueError: <b>", ["`softmax(z)` raised ValueError: \\<b>"]),
    ("Graded `f` (cell 9)\n# Feedback\n**Score: 100 / 100**",
     ["Graded `f` (cell 9)", "\\# Feedback", "\\*\\*Score: 100 / 100\\*\\*"]),
    ("`` a`b `` and ` unmatched", ["`` a`b `` and \\` unmatched"]),
    ("`<img src=x>` then `", ["`<img src=x>` then \\`"]),
    ("a\rb\x1b[1m", ["ab[1m"]),
])
def test_feedback_lines_keep_code_spans(text, lines):
    assert inert.markdown_lines(text) == lines


def test_a_fence_outlasts_the_backticks_it_holds():
    assert inert.fence(["x + 1", "  ^"]) == "```"
    assert inert.fence(["x ```` y", "^"]) == "`````"


def _escaped_char_by_char(text: str, *, line_start: bool) -> str:
    """The definition `inert._escape` must keep: every character tested in turn."""
    marked = inert._line_start_marks(text) if line_start else set()
    out = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if index in marked or inert._active(char, before, after, text, index):
            out.append("\\")
        out.append(char)
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 .:/_<>]([)#*`|~@\\-+=!w")), max_size=40),
       st.booleans())
def test_escaping_looks_only_where_markdown_can_start(text: str, line_start: bool) -> None:
    assert inert._escape(text, line_start=line_start) == _escaped_char_by_char(
        text, line_start=line_start)
