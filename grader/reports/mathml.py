"""A student's written answer as safe HTML: their Markdown, with the math as MathML.

Browsers draw MathML themselves, so the class report and `grade review` show math with no
script, font or network request. The LaTeX is converted on the server (latex2mathml); its
output is parsed again and rebuilt from a list of MathML elements and attributes, because
the converter copies `\\text{...}` and `\\href` through as they are, and student text is
hostile. Whatever does not convert, or converts to anything outside that list, is shown as
the LaTeX the student typed, escaped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from functools import cache, lru_cache
from html import escape
from typing import Any

from latex2mathml.converter import convert
from markdown_it import MarkdownIt
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin

ELEMENTS = frozenset([
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
    "mstyle", "mpadded", "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts",
    "none", "semantics"])
ATTRIBUTES = frozenset([
    "display", "mathvariant", "stretchy", "fence", "form", "separator", "columnalign",
    "columnspacing", "rowspacing", "columnlines", "rowlines", "frame", "width", "height",
    "depth", "lspace", "rspace", "linethickness", "accent", "accentunder", "displaystyle",
    "scriptlevel", "notation", "movablelimits", "largeop", "symmetric", "minsize", "maxsize",
    "align"])
MATHML = "{http://www.w3.org/1998/Math/MathML}"
BRACKETS = re.compile(r"\\\[(.+?)\\\]|\\\((.+?)\\\)", re.DOTALL)


@lru_cache(maxsize=4096)
def answer_html(text: str, markdown: bool = True) -> str:
    """A written answer (Markdown with `$...$`, `$$...$$`, `\\[...\\]`, `\\begin{align}`)
    as HTML; with `markdown` off (code, an expression), the text as it is, preformatted.
    Remembered, as the review page asks for the same answers after every decision."""
    if not markdown:
        return f'<pre class="answer">{escape(text)}</pre>'
    return _parser().render(BRACKETS.sub(_dollars, text))


def math_html(latex: str, display: bool = False) -> str:
    """One formula as MathML, or as its escaped LaTeX when it does not convert cleanly."""
    try:
        tree = ElementTree.fromstring(convert(latex, display="block" if display else "inline"))
        body = _rebuilt(tree)
    except Exception:  # noqa: BLE001 - any converter failure shows the student's LaTeX
        body = None
    if body is None:
        return f'<code class="tex">{escape(latex)}</code>'
    return body.replace("<math", f'<math alttext="{escape(latex.strip())}"', 1)


def _rebuilt(element: ElementTree.Element) -> str | None:
    name = element.tag.removeprefix(MATHML)
    if name not in ELEMENTS or set(element.attrib) - ATTRIBUTES - {"xmlns"}:
        return None
    attributes = "".join(f' {key}="{escape(value)}"' for key, value in element.attrib.items()
                         if key != "xmlns")
    children = [_rebuilt(child) for child in element]
    if any(child is None for child in children):
        return None
    inner = escape(element.text or "") + "".join(
        f"{child}{escape(node.tail or '')}" for child, node in zip(children, element,
                                                                   strict=True))
    return f"<{name}{attributes}>{inner}</{name}>"


def _dollars(found: re.Match[str]) -> str:
    display, inline = found.groups()
    return f"$${display.strip()}$$" if display is not None else f"${inline.strip()}$"


def _render(content: str, options: dict[str, Any]) -> str:
    return math_html(content, display=bool(options.get("display_mode")))


@cache
def _parser() -> MarkdownIt:
    """CommonMark with raw HTML off (shown as text) and images off (no request leaves);
    `$5 and $6` stays prose, as in pandoc: a closing `$` is never followed by a digit."""
    parser = MarkdownIt("commonmark", {"html": False}).disable("image")
    dollarmath_plugin(parser, allow_digits=False, double_inline=True, renderer=_render)
    amsmath_plugin(parser, renderer=lambda content: math_html(content, display=True))
    return parser
