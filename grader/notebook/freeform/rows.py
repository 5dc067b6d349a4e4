"""One formula's text cut into the equations it states, the way a reader's eye does.

Students put several equations in one formula: rows of an `array`, `aligned` or `gathered`
block (the MathJax editor writes `$$\\begin{array}{l} a = 1 \\\\ b = 2 \\end{array}$$`),
equations side by side (`a = 1, \\quad b = 2`, "a = 1 and b = 2", `a = 1 \\Rightarrow
b = 2`), or a list of equations set as `cases`. Each becomes a row; a piece that states
nothing (", for x > 0", "if $i = j$") is the condition of the row before it. A `cases`
block that is a value (`f'(x) = \\begin{cases} … \\end{cases}`) stays whole: only a block
that is nothing but equations is a list of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grader.mathexpr.latex import IF_WORDS, equals_positions
from grader.notebook.freeform.latex import split_top

_ROW_ENV = re.compile(
    r"\\(begin|end)\s*+\{(array|aligned|alignedat|align\*?|alignat\*?|split|gathered|gather\*?"
    r"|eqnarray\*?|multline\*?|equation\*?)\}(?:\s*+\{[^{}]*+\})?")
"""Environments whose rows are separate equations; `array` and `alignat` take an argument."""
_ANY_ENV = re.compile(r"\\(begin|end)\s*+\{[^{}]*+\}")
CASES_BLOCK = re.compile(r"^\s*+\\begin\s*+\{[dr]?cases\*?\}(?P<body>.*)\\end\s*+\{[dr]?cases\*?\}"
                          r"\s*+$", re.S)
_LABELS = re.compile(r"\\(?:label|tag\*?|nonumber|notag)\b(?:\s*+\{[^{}]*+\})?")
_AND = re.compile(r"\\(?:text|textrm|mbox|mathrm)\{[ \t]*+and[ \t]*+\}|\\ and\\ ")
_SEPARATORS = ("\\qquad", "\\quad", ";", "\\Rightarrow", "\\rightarrow", "\\Longrightarrow",
               "\\implies", "\\therefore", " and ", ",")
"""What stands between two equations written side by side."""
_CONDITION = re.compile(
    rf"^\s*+(?:\\(?:text|textrm|mbox)\{{\s*+{IF_WORDS}\s*+\}}|{IF_WORDS}(?!\w)"
    r"|\\(?:forall|[lg]eq?|neq?|[lg]t)\b|[<>≤≥≠])|(?:<|>|\\[lg]eq?\b|\\neq?\b|≤|≥|≠)", re.I)
"""A piece that is a condition: it opens with "if"/"for", or it compares."""
_CONDITION_WORDS = re.compile(
    rf"^\s*+(?:\\(?:text|textrm|mbox)\{{\s*+{IF_WORDS}\s*+\}}|{IF_WORDS}(?!\w))\s*+", re.I)
_TRAILING_CONDITION = re.compile(
    rf"(?<![ \t])[ \t]++{IF_WORDS}[ \t]++(?P<cond>[^=<>≤≥≠]{{1,40}}"
    r"(?:[<>≤≥≠]|=|\\[lg]eq?\b|\\neq?\b)[^=<>]{1,40})$", re.I)
"""A condition typed after a plain equation (`s_i(1 - s_i)  si i = j`); not Python's
conditional expression, which has an `else`."""
_BRACKET_COMPARISON = re.compile(
    r"(?<=\S)[ \t]*+\([ \t]*+(?P<cond>[A-Za-z](?:_?[0-9])?[ \t]*+(?:<=?|>=?|≤|≥|≠|!=)[ \t]*+"
    r"-?[0-9]++(?:\.[0-9]++)?)[ \t]*+\)[ \t.]*+$")
"""A typed case with its condition in brackets after the value: `0 (x<0)`, `1 (x >= 0)`."""
_TEXT_CONDITION = re.compile(
    rf"\\(?:text|textrm|mbox|mathrm)\{{[ \t]*+{IF_WORDS}[ \t]*+\}}(?P<cond>[^{{}}]{{1,60}})$", re.I)
"""A condition set in text at the end of a row (`s_i(1 - s_j) \\text{ si } i = j`)."""


@dataclass(frozen=True)
class Row:
    text: str
    """One equation (`lhs = rhs`, a chain, or a bare formula); `&` alignment marks dropped."""
    condition: str | None = None
    """What the student wrote it holds under: "x > 0", "i = j"."""


def rows(body: str) -> list[Row]:
    """The equations of one formula, in order."""
    body = _unwrapped(braced_cases(_LABELS.sub(" ", body)))
    found: list[Row] = []
    for line in split_top(body, "\\\\"):
        cells = split_top(_ROW_SPACING.sub("", line, count=1), "&")
        condition = None
        if len(cells) > 1 and _is_condition(cells[-1]):
            condition = _CONDITION_WORDS.sub("", cells.pop()).strip(" .,")
        text = " ".join(cells).strip().rstrip(",").strip()
        if found and found[-1].text.endswith("=") and found[-1].condition is None:
            text = f"{found.pop().text} {text}"  # a chain broken after '='
        if text:
            pieces = _side_by_side(text)
            if condition and pieces:
                pieces[-1] = Row(pieces[-1].text, condition)
            found.extend(pieces)
    return found


_SENTENCE = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}+[ \t]++[A-Za-z]{2,}+")
"""Two words in a row, typed: a sentence goes on after the value, not the value itself."""
_ROW_SPACING = re.compile(r"^\s*+\[[ \t]*+-?[0-9.]++[ \t]*+(?:mm|cm|pt|em|ex|in|bp|pc)[ \t]*+\]")
"""`\\\\[2mm]`: extra space after a row, not part of the next one."""
_BRACE_OPEN = re.compile(r"\\left[ \t]*+\\\{\s*+\\begin\{array\}(?:\{[^{}]*+\})?")
_BRACE_CLOSE = re.compile(r"\\end\{array\}\s*+\\right[ \t]*+\.")
MAX_BRACES = 20


def braced_cases(text: str) -> str:
    """`\\left\\{ \\begin{array}{ll} 0 & x < 0 \\\\ 1 & x > 0 \\end{array} \\right.`, the
    way cases were written before the cases environment, as `\\begin{cases} ... \\end{cases}`."""
    out: list[str] = []
    last = 0
    for count, opened in enumerate(_BRACE_OPEN.finditer(text)):
        if count >= MAX_BRACES or opened.start() < last:
            break
        closed = _BRACE_CLOSE.search(text, opened.end())
        if closed is None:
            break
        out += [text[last : opened.start()], "\\begin{cases}", text[opened.end() : closed.start()],
                "\\end{cases}"]
        last = closed.end()
    return "".join([*out, text[last:]])


def _is_condition(text: str) -> bool:
    text = text.strip()
    return bool(text) and not text.startswith("=") and (
        _CONDITION_WORDS.match(text) is not None or _CONDITION.search(text) is not None
        or bool(equals_positions(text)))


def _unwrapped(body: str) -> str:
    """Row environments at the top level opened up, so their `\\\\` separate equations; a
    `cases` block that is the whole formula and holds equations is a list, not a value."""
    cases = CASES_BLOCK.match(body)
    if cases is not None and any(equals_positions(split_top(r, "&")[0])
                                 for r in split_top(cases["body"], "\\\\")):
        body = cases["body"]
    outer = _outermost(body)
    return _ROW_ENV.sub(lambda m: " " if m.start() in outer else m.group(), body)


def _outermost(text: str) -> set[int]:
    """Where the environments that are inside no bracket and no other environment begin
    and end (one pass; brackets and environments nest)."""
    found: set[int] = set()
    depth = 0
    k = 0
    while k < len(text):
        env = _ANY_ENV.match(text, k)
        if env is not None:
            depth = depth + 1 if env.group(1) == "begin" else max(0, depth - 1)
            if depth == (1 if env.group(1) == "begin" else 0):
                found.add(k)
            k = env.end()
            continue
        if text[k] == "\\":
            k += 2
            continue
        depth += 1 if text[k] in "({[" else -1 if text[k] in ")}]" and depth else 0
        k += 1
    return found


_GUARDED = (" y ", " et ", " und ", " e ", " ו")
"""'and' in other languages: also a name or a letter (`x y` is a product), so a line is cut
there only when both sides are equations (`W = W_2 W_1 y b = W_2 b_1 + b_2`)."""


def _side_by_side(line: str) -> list[Row]:
    pieces = [_AND.sub(" and ", line)]
    for separator in _SEPARATORS:
        pieces = [q for p in pieces for q in split_top(p, separator)]
    for separator in _GUARDED:
        pieces = [q for p in pieces for q in _split_equations(p, separator)]
    out: list[Row] = []
    for piece in pieces:
        text = piece.strip()
        if not text:
            continue
        texted = _TEXT_CONDITION.search(text)
        if texted is not None and equals_positions(text[: texted.start()]):
            out.append(Row(text[: texted.start()].strip(), texted["cond"].strip(" .,")))
            continue
        bracketed = _BRACKET_COMPARISON.search(text) if _plain(text) else None
        if bracketed is not None:
            value = text[: bracketed.start()].strip()
            previous = out[-1] if out else None
            if equals_positions(text) or previous is None:
                out.append(Row(value, bracketed["cond"]))  # `f'(x) = 0 (x<0)`, `0 (x<0)`
                continue
            if previous.condition is not None:  # the next case: `..., 1 (x>0)`
                head = equals_positions(previous.text)
                start = f"{previous.text[: head[0]].strip()} = " if head else ""
                out.append(Row(f"{start}{value}", bracketed["cond"]))
                continue
        trailing = _TRAILING_CONDITION.search(text) if _plain(text) else None
        if trailing is not None and " else " not in text and equals_positions(
                text[: trailing.start()]):
            out.append(Row(text[: trailing.start()].strip(), trailing["cond"].strip(" .,")))
            continue
        if out and not equals_positions(text):
            previous = out[-1]
            case = _TRAILING_CONDITION.search(text) if _plain(text) else None
            lhs = equals_positions(previous.text)
            if case is not None and previous.condition is not None and lhs and (
                    " else " not in text):  # `f'(x) = 0 if x < 0, 1 if x > 0`: the next case
                value = text[: case.start()].strip()
                out.append(Row(f"{previous.text[: lhs[0]].strip()} = {value}",
                               case["cond"].strip(" .,")))
                continue
            if _CONDITION.search(text) and previous.condition is None:
                out[-1] = Row(previous.text, _CONDITION_WORDS.sub("", text).strip(" .,"))
            elif _plain(text) and _SENTENCE.search(text):
                continue  # `s(x) = 1/(1+e^-x), the chain rule gives ...`: the value ended
            else:
                out[-1] = Row(f"{previous.text}, {text}", previous.condition)
            continue
        out.append(Row(text))
    return out


def _plain(text: str) -> bool:
    """Typed without LaTeX structure: a trailing condition word is then the row's own,
    not one inside a `cases` block or a `\\text{}`."""
    return "\\" not in text and "&" not in text


def _split_equations(text: str, separator: str) -> list[str]:
    parts = split_top(text, separator)
    if len(parts) > 1 and all(equals_positions(p) for p in parts):
        return parts
    return [text]
