"""A notebook as one ordered list of cells, and what its code defines, read without running it.

Free-form answers are found by position (the cells after a question) and by what the code
defines, so both views come from here. Code is only parsed with `ast`, never executed: the
names found are handed to the sandbox, which is the only place student code runs.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from grader.notebook.reader import Notebook

CellKind = Literal["markdown", "code"]
MAGIC = re.compile(r"^\s*[%!]")


@dataclass(frozen=True)
class Cell:
    """A notebook cell; as answer material, a question's cell keeps only what follows the
    question."""

    index: int
    """The cell's position in the notebook, counting from 0 (as in results' `cells[]`)."""
    kind: CellKind
    text: str
    output: str = ""
    """A code cell's text output as handed in (printed answers: `dz/dx1 = x2 - 4`)."""


@dataclass(frozen=True)
class Definition:
    """A top-level name a code cell defines: a function, or a value (for literals)."""

    name: str
    cell: int
    kind: Literal["function", "value"]
    source: str
    """The defining statement's text, quoted in feedback."""
    literal: object = None
    """For a value assigned a plain literal (number or string): that literal."""
    arity: tuple[int, int | None] | None = None
    """For a function: how many positional arguments it needs, and takes at most (None:
    any number, `*args`); None when unknown (a lambda assigned is read as a function too)."""

    def takes(self, count: int | None) -> bool:
        """Whether a call with `count` positional arguments fits the function's parameters
        (True when either is unknown)."""
        if self.arity is None or count is None:
            return True
        least, most = self.arity
        return least <= count and (most is None or count <= most)


def cells_of(notebook: Notebook) -> tuple[Cell, ...]:
    """The cells as the reader sees them: invisible marks taken out (see `visible`)."""
    shown = dict(notebook.outputs)
    code = [Cell(i, "code", visible(s), visible(shown.get(i, ""))) for i, s in notebook.code_cells]
    markdown = [Cell(i, "markdown", visible(unhtml(s))) for i, s in notebook.markdown_cells]
    return tuple(sorted(code + markdown, key=lambda c: c.index))


_BREAK = re.compile(r"<br[ \t]*+/?>|</?(?:p|div)(?:[ \t][^<>$\n]{0,200}+)?>", re.I)
_INLINE_TAG = re.compile(
    r"</?(?:b|i|u|em|strong|span|font|center|small|big|mark)(?:[ \t][^<>$\n]{0,200}+)?>", re.I)
_SUB_SUP = re.compile(r"<(sub|sup)>([A-Za-z0-9+\-]{1,8}+)</\1>", re.I)
_ENTITIES = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&amp;": "&", "&minus;": "-",
             "&sigma;": "σ", "&part;": "∂", "&middot;": "·"}
_ENTITY = re.compile("|".join(_ENTITIES))


def unhtml(text: str) -> str:
    """Markdown written in HTML read as a person sees it rendered: `<br>` and paragraphs
    as line breaks, bold and the like as nothing, `x<sub>1</sub>` as `x_1`, `&lt;` as `<`.
    A tag must hold no `$` or line end, so `$a<b$ and $c>d$` is no tag."""
    if "<" not in text and "&" not in text:
        return text
    text = _SUB_SUP.sub(lambda m: ("_" if m.group(1).lower() == "sub" else "^")
                        + (m.group(2) if len(m.group(2)) == 1 else f"{{{m.group(2)}}}"), text)
    text = _INLINE_TAG.sub("", _BREAK.sub("\n", text))
    return _ENTITY.sub(lambda m: _ENTITIES[m.group()], text)


def visible(text: str) -> str:
    """`text` without the marks that show as nothing: bidirectional and zero-width format
    characters (a right-to-left editor leaves U+200E inside formulas) and combining marks
    left over once letters are composed (a stray Hebrew point, U+05BF, after a brace).
    They change no letter a reader sees, and every name and label would stop matching."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE)


_INVISIBLE = frozenset({"Cf", "Mn", "Me"})


def parse_code(source: str) -> ast.Module | None:
    """The cell's syntax tree, IPython magics blanked out; None when it is not Python."""
    lines = ["" if MAGIC.match(line) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def definitions(cells: tuple[Cell, ...]) -> tuple[Definition, ...]:
    """Every top-level def and assignment, in notebook order (later ones redefine earlier)."""
    found: list[Definition] = []
    for cell in cells:
        tree = parse_code(cell.text) if cell.kind == "code" else None
        if tree is None:
            continue
        for node in tree.body:
            found.extend(_defined_by(node, cell))
    return tuple(found)


def _defined_by(node: ast.stmt, cell: Cell) -> list[Definition]:
    source = ast.get_source_segment(_blanked(cell.text), node) or ""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return [Definition(node.name, cell.index, "function", source,
                           arity=_arity(node.args))]
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Name):
            kind: Literal["function", "value"] = (
                "function" if isinstance(node.value, ast.Lambda) else "value")
            return [Definition(target.id, cell.index, kind, source, _literal(node.value))]
    return []


def _arity(args: ast.arguments) -> tuple[int, int | None]:
    positional = len(args.posonlyargs) + len(args.args)
    return positional - len(args.defaults), None if args.vararg else positional


def _blanked(source: str) -> str:
    return "\n".join("" if MAGIC.match(line) else line for line in source.splitlines())


def _literal(node: ast.expr) -> object:
    """A number or one-line string written literally (safe to read without running
    anything); a string of several lines is prose (`prose_in_code`), not a value."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(value, str) and "\n" in value.strip():
        return None
    return value if isinstance(value, int | float | str) and not isinstance(value, bool) else None


def prose_in_code(cell: Cell) -> str:
    """Text a student wrote as strings in a code cell, an answer in the wrong cell type: bare
    strings, strings printed (`print("dz/dx1 = 1")`: what the notebook shows), strings of
    several lines kept under a name (`proof = '''...'''`), and a function's docstring
    (`\"\"\"σ'(x) = σ(x)(1 - σ(x))\"\"\"` above the code that computes it)."""
    tree = parse_code(cell.text) if cell.kind == "code" else None
    if tree is None:
        return ""
    texts = [text for node in tree.body if (text := _prose(node) or _docstring(node))]
    return "\n\n".join(texts)


def _docstring(node: ast.stmt) -> str:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return (ast.get_docstring(node) or "").strip()
    return ""


def _prose(node: ast.stmt) -> str:
    if isinstance(node, ast.Expr):
        value = node.value
        if (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                and value.func.id == "print" and len(value.args) == 1 and not value.keywords):
            value = value.args[0]
    elif (isinstance(node, ast.Assign) and len(node.targets) == 1
          and isinstance(node.targets[0], ast.Name)):
        value = node.value
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)
                and "\n" in value.value.strip()):
            return ""
    else:
        return ""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value.strip()
    return ""


_COMMENT_LINE = re.compile(r"^[ \t]*+#++[ \t]*+(?P<text>[^\n]*+)$", re.M)


def comments_in_code(cell: Cell) -> str:
    """The comment lines of a code cell, one line each: where a student who writes in code
    puts a short answer (`# k1 - identity`)."""
    if cell.kind != "code":
        return ""
    return "\n".join(m["text"].strip() for m in _COMMENT_LINE.finditer(cell.text)
                     if m["text"].strip())


_PLACEHOLDER = re.compile(
    r"^(?:write[ \t]++your[ \t]++(?:answer|code|solution|proof)|your[ \t]++(?:answer|code"
    r"|solution)[ \t]++here|todo|fixme)(?![A-Za-z])", re.I)
"""The course notebook's own instruction in an empty answer cell, not an answer."""


def comment_prose(cell: Cell) -> str:
    """The comments a student wrote as text in a code cell: all of them when the cell
    holds nothing else (a proof written as `# ...` lines), or the block opening a cell
    before its code when it runs to a paragraph (OPENING_LINES or more: a derivation above
    the function that implements it). A comment beside or after code is about the code,
    and the notebook's placeholder (`# Write your answer here`) is no answer."""
    if cell.kind != "code":
        return ""
    opening: list[str] = []
    code_follows = False
    for line in cell.text.splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith("#"):
            code_follows = True
            break
        opening.append(line.lstrip().lstrip("#").strip())
    kept = [line for line in opening if line and not _PLACEHOLDER.match(line)]
    if code_follows and len(kept) < OPENING_LINES:
        return ""
    return "\n".join(kept)


OPENING_LINES = 3
"""Comment lines that make the block opening a code cell text rather than a remark."""


def function_names(cells: tuple[Cell, ...]) -> list[str]:
    """The names the sandbox should hand back, so functions can be found by their role."""
    return list(dict.fromkeys(d.name for d in definitions(cells) if d.kind == "function"))
