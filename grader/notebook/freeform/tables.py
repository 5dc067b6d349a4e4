"""Partial derivatives written as a Markdown table, read as the equations they state.

    | variable | derivative |          | dz/dx1 | dz/dx2 | dz/dx3 |
    |----------|------------|    or    |--------|--------|--------|
    | $x_1$    | $1$        |          | 1      | 5      | -6x_3  |

A column (or the header) of variables and a column (or row) of values next to it, under a
header that speaks of derivatives, is a list of `∂z/∂x_i = value` lines; anything else in
a table is left alone. A table of several functions, one a row (`| $z = x_1 + 5x_2$ | 1 |
5 |`), under a header of derivatives, states each row's partials of the function written
in it: `∂/∂x_1 (x_1 + 5x_2) = 1`, so each row answers the question about its own function
(denote.py recognises a function written out by its values).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROW = re.compile(r"^[ \t]*+\|(?P<cells>.*)\|[ \t]*+$")
_RULE = re.compile(r"^[ \t]*+\|?(?:[ \t]*+:?-++:?[ \t]*+\|)++[ \t]*+(?::?-++:?)?[ \t]*+$")
_VARIABLE = re.compile(r"^(?P<v>[A-Za-z])_?\{?(?P<n>\d{1,2})\}?$")
_DERIVATIVE = re.compile(r"(?:\\partial|∂|\bd)[ \t]*+\{?[ \t]*+(?P<f>[A-Za-z])\b|deriv|gradient|"
                         r"partial|slope", re.I)
_FUNCTION = re.compile(r"(?:\\partial|∂|\bd)[ \t]*+\{?[ \t]*+(?P<f>[A-Za-z])\}?[ \t]*+(?:\}|/)")
_DERIVATIVE_BY = re.compile(r"(?:\\partial|∂|d)[ \t]*+\{?[ \t]*+(?P<v>[A-Za-z])_?\{?(?P<n>\d{1,2})"
                            r"\}?[ \t]*+\}?[ \t]*+\}?$")
_FORMULA = re.compile(r"^[A-Za-z][ \t]*+(?:\([^()=]*+\)[ \t]*+)?=(?P<f>[^=]++)$")
"""`z = x_1 + 5x_2`, `f(x) = ...`: the function a row of a table is about."""
_COMPARISON = re.compile(r"^[A-Za-z](?:_\{?[A-Za-z0-9]\}?)?[ \t]*+(?:<=?|>=?|=|≤|≥|≠|"
                         r"\\(?:[lg]eq?|[lg]t|neq?)(?![A-Za-z]))[ \t]*+-?[0-9A-Za-z.]{1,6}+$")
"""A cell that is a condition: a variable compared with a constant (`x<0`, `x \\geq 0`)."""
_PRIMED = re.compile(r"[A-Za-z}][ \t]*+(?:'|\^\{?\\prime)")
"""A derivative written with a prime: `f'(x)`, `\\mathrm{ReLU}'(x)`, `\\sigma^{\\prime}`."""
_WORDS = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{4,}")
"""A word of four letters or more outside a LaTeX command: a value said in words."""
_NOTHING = frozenset({"", "-", "–", "—", "n/a", "N/A", "/"})
"""A table cell that gives no value (`–` where the function has no x_4)."""
_WRAP = " \t$`*"
"""What wraps a table cell's content: spaces, math, code and bold marks."""


@dataclass(frozen=True)
class TableLine:
    offset: int
    """Where the table's row is in the cell's text."""
    lhs: str
    rhs: str
    quote: str
    condition: str | None = None
    """Where the value holds, from a column of conditions (`| $x<0$ | $0$ |`)."""


def table_lines(text: str) -> list[TableLine]:
    """The equations every derivative table in `text` states."""
    out: list[TableLine] = []
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    k = 0
    while k + 1 < len(lines):
        if k + 1 < len(lines) and _ROW.match(lines[k].rstrip("\n")) and _RULE.match(
                lines[k + 1].rstrip("\n")):
            end = k + 2
            while end < len(lines) and _ROW.match(lines[end].rstrip("\n")):
                end += 1
            rows = [(offsets[n], lines[n].strip()) for n in range(k, end) if n != k + 1]
            out += _read(rows)
            k = end
        else:
            k += 1
    return out


def _cells(row: str) -> list[str]:
    match = _ROW.match(row)
    return [c.strip(_WRAP) for c in match.group("cells").split("|")] if match else []


def _read(rows: list[tuple[int, str]]) -> list[TableLine]:
    header = _cells(rows[0][1])
    body = [(offset, _cells(row), row) for offset, row in rows[1:]]
    return (_by_row(header, body) or _by_label(header, body)
            or _by_function(header, body) or _by_condition(header, body)
            or _by_column(header, rows[1:]))


def _by_condition(header: list[str], body: list[tuple[int, list[str], str]]
                  ) -> list[TableLine]:
    """A column of conditions (`$x<0$`, `x > 0`) beside a column headed by a derivative
    written with a prime (`$\\mathrm{ReLU}'(x)$`, `f'(x)`): each row one case. A row whose
    value is words ("undefined (use 0)") is a remark about that point, not a case."""
    if len(body) < 2:
        return []
    for where in range(len(header)):
        if not all(where < len(c) and _COMPARISON.match(c[where]) for _, c, _ in body):
            continue
        primed = [v for v in range(len(header)) if v != where and _PRIMED.search(header[v])]
        for value in primed[:1]:
            return [TableLine(offset, header[value], cells[value], row, cells[where])
                    for offset, cells, row in body
                    if value < len(cells) and cells[value] and not _WORDS.search(cells[value])]
    return []


def _by_row(header: list[str], body: list[tuple[int, list[str], str]]) -> list[TableLine]:
    """A column of variables beside a column headed as derivatives. In a backprop table
    (`| node | local grad | upstream | ∂z/∂· |`) rows of inner nodes (`b`, `a`) are skipped
    and the column headed by the function's own derivative is the answer."""
    if not body:
        return []
    for var in range(len(header)):
        named = [(o, c, r) for o, c, r in body if var < len(c) and _VARIABLE.match(c[var])]
        if len(named) < max(2, (len(body) + 1) // 2) and len(named) != len(body):
            continue
        headed = [v for v in range(len(header)) if v != var and _DERIVATIVE.search(header[v])]
        own = [v for v in headed if _FUNCTION.search(header[v])]
        for value in (own or headed)[:1]:
            f = _function(header[value])
            return [TableLine(offset, _partial(f, cells[var]), cells[value], row)
                    for offset, cells, row in named if value < len(cells) and cells[value]]
    return []


def _by_label(header: list[str], body: list[tuple[int, list[str], str]]) -> list[TableLine]:
    """A column of derivatives written out (`$\\frac{\\partial z}{\\partial x_1}$`, `dz/dx1`)
    beside a column of values, whatever the header says."""
    if not body:
        return []
    width = min(len(cells) for _, cells, _ in body)
    for label in range(width - 1):
        if all(_is_label(cells[label]) for _, cells, _ in body):
            return [TableLine(offset, cells[label], cells[label + 1], row)
                    for offset, cells, row in body if cells[label + 1]]
    return []


def _is_label(cell: str) -> bool:
    return bool(_DERIVATIVE_BY.search(cell)) and bool(_DERIVATIVE.search(cell))


def _by_column(header: list[str], body: list[tuple[int, str]]) -> list[TableLine]:
    """A header of derivatives (`dz/dx1`) over one row of values."""
    if len(body) != 1:
        return []
    offset, row = body[0]
    values = _cells(row)
    out = []
    for name, value in zip(header, values, strict=False):
        by = _DERIVATIVE_BY.search(name)
        if by is not None and _DERIVATIVE.search(name) and value:
            out.append(TableLine(offset, _partial(_function(name), f"{by['v']}_{by['n']}"),
                                 value, row))
    return out


def _by_function(header: list[str], body: list[tuple[int, list[str], str]]
                 ) -> list[TableLine]:
    """A header of derivatives (`dz/dx1`) over one row per function, each row starting with
    the function it is about (`z = x_1 + 5x_2`)."""
    formulas = [_FORMULA.match(cells[0]) if cells else None for _, cells, _ in body]
    variables = [_DERIVATIVE_BY.search(name) if _DERIVATIVE.search(name) else None
                 for name in header]
    if not body or not any(variables[1:]) or not all(formulas):
        return []
    out = []
    for (offset, cells, _), formula in zip(body, formulas, strict=True):
        if formula is None:
            continue
        for name, by, value in zip(header[1:], variables[1:], cells[1:], strict=False):
            if by is not None and value.strip() not in _NOTHING:
                lhs = (f"\\frac{{\\partial}}{{\\partial {by['v']}_{{{by['n']}}}}}"
                       f"\\left({formula['f'].strip()}\\right)")
                out.append(TableLine(offset, lhs, value, f"{cells[0]}, {name}: {value}"))
    return out


def _function(header: str) -> str:
    found = _FUNCTION.search(header)
    return found.group("f") if found else "z"


def _partial(function: str, variable: str) -> str:
    match = _VARIABLE.match(variable)
    name = f"{match['v']}_{{{match['n']}}}" if match else variable
    return f"\\frac{{\\partial {function}}}{{\\partial {name}}}"
