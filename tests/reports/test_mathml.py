"""Written answers as HTML: Markdown, math as MathML, and student text that stays text."""

from __future__ import annotations

import pytest

from grader.reports.mathml import answer_html, math_html


def test_inline_and_display_math_become_mathml():
    page = answer_html("Two layers: $W_2(W_1 x + b_1) + b_2$, so\n\n$$\nW = W_2 W_1\n$$\n")
    assert page.count("<math ") == 2
    assert '<math alttext="W_2(W_1 x + b_1) + b_2" display="inline">' in page
    assert '<math alttext="W = W_2 W_1" display="block">' in page
    assert "<msub><mi>W</mi><mn>2</mn></msub>" in page


@pytest.mark.parametrize("text", [r"\[ \frac{a}{b} \]", r"\( \frac{a}{b} \)",
                                  "\\begin{align}\nx &= \\frac{a}{b}\n\\end{align}"])
def test_other_delimiters_students_use(text):
    assert "<mfrac>" in answer_html(text)


def test_money_is_not_math():
    assert "<math" not in answer_html("It costs $5 and $6.")


@pytest.mark.parametrize("latex", [
    r"\text{<img src=x onerror=alert(1)>}", r"\href{javascript:alert(1)}{x}",
    r"\mathrm{\"><script>alert(1)</script>}", "\\frac{", r"x</math><script>"])
def test_hostile_latex_is_only_ever_text(latex):
    html = math_html(latex)
    assert "<img" not in html and "<script" not in html and "href" not in html.replace(
        "\\href", "")


def test_what_does_not_convert_is_shown_as_typed():
    assert math_html(r"\text{<b>}") == r'<code class="tex">\text{&lt;b&gt;}</code>'


def test_raw_html_and_images_in_markdown_stay_text():
    page = answer_html('<script>alert(1)</script> ![x](https://example.invalid/x.png) '
                       "[y](javascript:alert(2))")
    assert "<script" not in page and "<img" not in page and "javascript:" not in page.split(
        "[y]")[0]
    assert 'href="javascript' not in page


def test_code_answers_are_preformatted():
    assert answer_html("x < 1 and $y$", markdown=False) == (
        '<pre class="answer">x &lt; 1 and $y$</pre>')
