"""A Jacobian written as a matrix: of the output vector (`J = \\text{diag}(s) - ss^T`), or
entry by entry for a few outputs (`\\begin{pmatrix} s_1(1-s_1) & -s_1s_2 \\\\ ...`).

A teaching assistant reads it entry by entry: `diag(s)` holds s_i on the diagonal and 0
elsewhere (s_i δ_ij), the outer product `s s^T` holds s_i s_j. Only these two forms of the
part's own vector (a name its `aliases:` allow: s, σ, softmax(z)...) are rewritten, so
`diag(z) - zz^T`, of the logits, is never read as the softmax's. Anything else that holds
the vector whole (`s^T s`, a product with another matrix) leaves the line as it was, for a
person.

Written out for n outputs, entry (r, c) is read with output r as s_i and output c as s_j;
when every diagonal entry reads alike and every other one does, that is the Jacobian's
two cases (the caller proves them alike). An entry that holds another output is no
reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from grader.notebook.freeform.latex import matrix_rows

_DECORATION = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|mathrm|text|textrm|operatorname)"
                         r"[ \t]*+\{[ \t]*+(\\?[A-Za-z]++)[ \t]*+\}")
_SIZES = re.compile(r"\\(?:left|right|big|Big|bigl|bigr|Bigl|Bigr)(?![A-Za-z])")
_TRANSPOSE = re.compile(r"\^[ \t]*+(?:\{[ \t]*+(?:T|\\top|\\intercal|t)[ \t]*+\}|T|\\top"
                        r"|\\intercal)(?![A-Za-z])")
_ARGUMENT = re.compile(r"(?<![A-Za-z\\])(\\?[A-Za-z]++)[ \t]*+\([ \t]*+(?:z|\\mathbf\{z\}|x)"
                       r"[ \t]*+\)")
"""`\\sigma(z)`, `softmax(z)`: the vector by its function; the argument is dropped."""
_VECTOR = r"(\\[A-Za-z]++|softmax|[A-Za-z])"
"""One letter, a command (`\\sigma`) or the function's name: `ss^T` is s times s^T."""
_DIAG = re.compile(rf"diag[ \t]*+\([ \t]*+{_VECTOR}[ \t]*+\)")
_OUTER = re.compile(rf"{_VECTOR}[ \t]*+(?:\\cdot[ \t]*+)?{_VECTOR}[ \t]*+\^T")
_NAME = re.compile(r"\\?[A-Za-z]++")


def entrywise(rhs: str, allowed: Callable[[str], bool]) -> str | None:
    """The entry (i, j) of the matrix `rhs`, or None when it is not written in `diag(v)` and
    `v v^T` of a vector `v` that `allowed` accepts, plus numbers and operators."""
    text = _DECORATION.sub(r"\1", _SIZES.sub("", rhs))
    text = _TRANSPOSE.sub("^T", _ARGUMENT.sub(r"\1", text))
    vectors: set[str] = set()

    def diagonal(match: re.Match[str]) -> str:
        vectors.add(match.group(1))
        return f" {match.group(1)}_{{i}}\\delta_{{ij}} "

    def outer(match: re.Match[str]) -> str:
        if match.group(1) != match.group(2):
            return match.group()
        vectors.add(match.group(1))
        return f" {match.group(1)}_{{i}} {match.group(1)}_{{j}} "

    if any(len(_DIAG.findall(term)) + len(_OUTER.findall(term)) > 1 for term in _terms(text)):
        return None  # `diag(s) ss^T` multiplies two matrices: not entry by entry
    text = _OUTER.sub(outer, _DIAG.sub(diagonal, text))
    if len(vectors) != 1 or not all(allowed(v.lstrip("\\")) for v in vectors):
        return None
    for name in _NAME.finditer(text):
        if name.group() == "\\delta" or set(name.group()) <= {"i", "j"}:
            continue  # what the rewriting wrote: \\delta_{ij}
        if name.group() not in vectors or text[name.end() : name.end() + 1] != "_":
            return None  # another name, or the vector whole (`s^T s`)
    return None if "^T" in text else " ".join(text.split())


def _terms(text: str) -> list[str]:
    """The text cut at each + and - outside brackets."""
    terms, depth, start = [], 0, 0
    for k, char in enumerate(text):
        depth += (char in "({[") - (char in ")}]")
        if depth == 0 and char in "+-":
            terms.append(text[start:k])
            start = k + 1
    return [*terms, text[start:]]


_INDEXED = re.compile(r"(?<![A-Za-z\\])(\\?[A-Za-z]++)[ \t]*+_[ \t]*+"
                      r"(?:\{[ \t]*+(\d)[ \t]*+\}|(\d))(?![0-9])")


def written_out(rhs: str, allowed: Callable[[str], bool]) -> tuple[list[str], list[str]] | None:
    """A Jacobian written out entry by entry for n outputs (`\\begin{pmatrix} s_1(1-s_1) &
    -s_1s_2 \\\\ ...`): (the diagonal entries, the others), each in the indices i, j: in
    entry (r, c) the output numbered r is s_i, the one numbered c is s_j. None when it is no
    square matrix, or an entry holds an output of another number (s_3 in entry (1, 2))."""
    rows = matrix_rows(rhs.strip())
    if rows is None or len(rows) < 2 or any(len(row) != len(rows) for row in rows):
        return None
    diagonal: list[str] = []
    others: list[str] = []
    for r, row in enumerate(rows, start=1):
        for c, entry in enumerate(row, start=1):
            wrong = False

            def indexed(match: re.Match[str], r: int = r, c: int = c) -> str:
                nonlocal wrong
                number = int(match.group(2) or match.group(3))
                if not allowed(match.group(1).lstrip("\\")) or number not in (r, c):
                    wrong = True
                    return match.group()
                return f"{match.group(1)}_{{{'i' if number == r else 'j'}}}"

            text = _INDEXED.sub(indexed, entry)
            if wrong or not text.strip():
                return None
            (diagonal if r == c else others).append(text.strip())
    return diagonal, others
