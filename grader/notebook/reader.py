"""Read a student's notebook as plain cell text; find markdown answers under part headings.

Nothing here runs code. Cell metadata is not trusted or needed: code answers are found by
the names the student defines (in the sandbox), markdown answers by the `## <part>` heading
the template puts above them, so a notebook whose metadata was edited away still grades.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat

from grader.answers import Markdown
from grader.errors import GraderError
from grader.sandbox.plain import measure

MAX_BYTES = 20 * 1024 * 1024
HEADING = re.compile(r"\s{0,3}(#{1,6})\s")
"""A heading's opening: the title is cut from the rest of the line in code, so that a line
padded with thousands of spaces costs one pass (a lazy title between whitespace runs made
the regex engine try every split, cubic in the padding)."""
MAX_VALUES = 500_000
"""The most JSON values a notebook may hold: its cells, lines and outputs come to a few
thousand; the bound keeps a file of `[],[],...` from taking a gigabyte to decode."""
MAX_DEPTH = 100
"""How deeply a notebook's JSON may nest; nbformat's own structure takes five levels."""
LINK = "a symbolic link{to}, not a file handed in: links are never followed"
KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket",
         stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}


@dataclass
class NotebookError(GraderError):
    """The file is not a notebook the grader can read; its submission is `invalid_notebook`."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Notebook:
    code_cells: tuple[tuple[int, str], ...]
    markdown_cells: tuple[tuple[int, str], ...]
    outputs: tuple[tuple[int, str], ...] = ()
    """The text a code cell showed when the student last ran it (printed, or its value),
    as handed in: what a teaching assistant reads under the code, never run again here."""

    def fingerprint(self) -> str:
        """What the student wrote, as a digest: the same for two notebooks whose code and
        markdown cells say the same in the same order, whatever their outputs, execution
        counts, metadata and cell ids (a copy run again, or saved by another Jupyter)."""
        cells = sorted([*(("code", i, s) for i, s in self.code_cells),
                        *(("markdown", i, s) for i, s in self.markdown_cells)],
                       key=lambda cell: cell[1])
        return fingerprint((kind, source) for kind, _, source in cells)


def fingerprint(cells: Iterable[tuple[str, str]]) -> str:
    """A digest of (cell type, source) pairs in order."""
    digest = hashlib.sha256()
    for kind, source in cells:
        digest.update(json.dumps([kind, source]).encode("utf-8"))
    return digest.hexdigest()


def refusal(path: Path) -> str | None:
    """Why `path` is not a file a student handed in, or None when it is one. A symbolic
    link is never followed: `mallory.ipynb -> ../solutions/solved.ipynb` would be graded
    as the course's own solution, `trudy.ipynb -> alice.ipynb` as alice's work. A named
    pipe or a device is never opened: reading one may never end."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return f"cannot be read: {error.strerror}"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = f" (to {os.readlink(path)[:200]})"
        except OSError:
            target = ""
        return LINK.format(to=target)
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        return f"{KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')}, not a file"
    return None


def read_notebook(path: Path) -> Notebook:
    text = _read_text(path)
    size = measure(text, MAX_VALUES, MAX_DEPTH)
    if size.depth > MAX_DEPTH:
        raise NotebookError(path, f"nested {size.depth:,} levels deep (limit {MAX_DEPTH})")
    if size.objects > MAX_VALUES:
        raise NotebookError(path, f"holds up to {size.objects:,} JSON values "
                            f"(limit {MAX_VALUES:,})")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(path, f"not valid JSON (line {error.lineno}): {error.msg}") from None
    except (ValueError, RecursionError) as error:
        raise NotebookError(path, f"not valid JSON: {type(error).__name__}") from None
    if not isinstance(raw, dict) or "nbformat" not in raw:
        raise NotebookError(path, "JSON but not a notebook (no 'nbformat' key)")
    cells = raw.get("cells", []) if type(raw["nbformat"]) is int and raw["nbformat"] == 4 \
        else _converted_cells(path, text)
    if not isinstance(cells, list):
        raise NotebookError(path, "malformed notebook: its 'cells' is not a list")
    code: list[tuple[int, str]] = []
    markdown: list[tuple[int, str]] = []
    outputs: list[tuple[int, str]] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            continue
        if cell.get("cell_type") == "code":
            code.append((index, source))
            if shown := _shown(cell.get("outputs")):
                outputs.append((index, shown))
        elif cell.get("cell_type") == "markdown":
            markdown.append((index, source))
    return Notebook(code_cells=tuple(code), markdown_cells=tuple(markdown),
                    outputs=tuple(outputs))


MAX_OUTPUT = 4000
"""The most characters of a cell's output kept: printed answers, not printed data."""


def _shown(outputs: object) -> str:
    """A code cell's text outputs (printed, or its value as text), joined and cut short."""
    if not isinstance(outputs, list):
        return ""
    texts: list[str] = []
    for output in outputs:
        if not isinstance(output, dict):
            continue
        text = output.get("text") if output.get("output_type") == "stream" else (
            output.get("data", {}).get("text/plain")
            if isinstance(output.get("data"), dict) else None)
        if isinstance(text, list) and all(isinstance(line, str) for line in text):
            text = "".join(text)
        if isinstance(text, str):
            texts.append(text)
    return "\n".join(texts)[:MAX_OUTPUT]


def _converted_cells(path: Path, text: str) -> object:
    """The cells of a notebook of another format version, as nbformat converts them to
    version 4 (older notebooks keep cells in worksheets). A version 4 notebook is read
    from its JSON directly: nbformat would parse it again and validate it against its
    schema, only to log what it found, several times the cost of the rest of reading."""
    try:
        return nbformat.reads(text, as_version=4).get("cells", [])
    except Exception as error:  # nbformat raises many types for malformed notebooks
        raise NotebookError(path, f"malformed notebook: {str(error)[:200]}") from None


def _read_text(path: Path) -> str:
    """The file's text, read only if it is a regular file of at most MAX_BYTES; opened
    without following a link, so one swapped in after `refusal` looked is refused too."""
    reason = refusal(path)
    if reason is not None:
        raise NotebookError(path, reason)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        reason = LINK.format(to="") if error.errno == errno.ELOOP else (
            f"cannot be read: {error.strerror}")
        raise NotebookError(path, reason) from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotebookError(path, "not a regular file")
        if info.st_size > MAX_BYTES:
            raise NotebookError(path, f"too large ({info.st_size // 1024 // 1024} MB; "
                                "limit 20 MB)")
        if info.st_size == 0:
            raise NotebookError(path, "empty file, expected a Jupyter notebook")
        try:
            data = file.read(MAX_BYTES + 1)
        except OSError as error:
            raise NotebookError(path, f"cannot be read: {error.strerror}") from None
    if len(data) > MAX_BYTES:
        raise NotebookError(path, "too large (it grew while read; limit 20 MB)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotebookError(path, "not UTF-8 text, expected a Jupyter notebook") from None


def heading_of(source: str) -> tuple[int, str] | None:
    """(level, title) of a cell that starts with a markdown heading."""
    first = next((line for line in source.splitlines() if line.strip()), "")
    match = HEADING.match(first)
    if match is None:
        return None
    title = first[match.end():].rstrip().rstrip("#").rstrip()
    return len(match.group(1)), title.strip().strip("`").strip()


def markdown_answers(notebook: Notebook, part_ids: Iterable[str],
                     headings: Mapping[str, str] | None = None) -> dict[str, Markdown]:
    """The markdown cells after a `## part_id` heading, up to the next part or exercise.

    A student's own sub-headings ("### Proof") stay inside the answer; only a heading that
    names another part, or a top-level `#` heading, ends it. Text a student typed into the
    heading cell itself, below the heading, is part of the answer too: `headings` holds each
    part's heading cell as the template wrote it, whose own lines are not.
    """
    wanted = set(part_ids)
    given = headings or {}
    answers: dict[str, Markdown] = {}
    current: str | None = None
    texts: list[str] = []
    cells: list[int] = []

    def close() -> None:
        if current is not None and current not in answers:
            answers[current] = Markdown("\n\n".join(texts).strip(), tuple(cells))

    for index, source in notebook.markdown_cells:
        heading = heading_of(source)
        if heading is not None and (heading[1] in wanted or heading[0] == 1):
            close()
            current, texts, cells = (heading[1] if heading[1] in wanted else None), [], []
            typed = _typed_below(source, given.get(heading[1], "")) if current else ""
            if typed:
                texts, cells = [typed], [index]
            continue
        if current is not None:
            texts.append(source)
            cells.append(index)
    close()
    return answers


def _typed_below(source: str, template: str) -> str:
    """The lines of a heading cell that the template's heading cell does not have."""
    theirs = {line.strip() for line in template.splitlines()}
    lines = source.splitlines()[1:] if source.strip() else []
    return "\n".join(line for line in lines if line.strip() not in theirs).strip()
