"""`from grader import check; check()`: a student's self-check from inside their notebook.

This module is a user interface, so unlike the rest of the library it prints (or displays
Markdown through IPython when it is there). It grades what the kernel holds now, fixed or
not yet saved, but not in the kernel: that process's state is the student's to change, and
a function that loops would hang it. It sends the names the public parts ask for to a
checker process (`checker.py`), as imports, source code and plain data (`snapshot.py`);
the checker runs them in a sandbox and grades them as the final grade would. The checker
is started on the first `check()` and kept for the kernel's life, warm.

The saved file is still read: for markdown answers, and for a part whose name the kernel
does not define or cannot send (the feedback says which name and why). A kernel does not
reliably know which notebook it belongs to; in order, `check` uses:

1. the `notebook=` argument;
2. the environment variable `GRADER_NOTEBOOK`;
3. `JPY_SESSION_NAME`, which recent Jupyter servers set to the notebook's path when they
   start the kernel, relative to the server's root folder (so it is looked for from the
   kernel's folder upwards; it goes stale if the notebook is renamed while the kernel runs);
4. `__vsc_ipynb_file__`, which VS Code defines in the kernel;
5. the only `.ipynb` file in the current folder.

If none of these finds exactly one file, the check says so, and grades the kernel alone.
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import grader
from grader.student.checker import Checker, CheckerGone


@dataclass(frozen=True)
class Found:
    notebook: Path | None
    how: str
    """Where the path came from, or why none was found, for the student to read."""


def check(*parts: str, notebook: str | os.PathLike[str] | None = None,
          course: str | os.PathLike[str] | None = None) -> None:
    """Check the public parts (or only `parts`) as the kernel holds them; show the feedback.

    Never raises: whatever goes wrong is shown as a message, so a self-check cell left in
    a notebook cannot break the notebook, or its final grading.
    """
    if sys.flags.isolated:
        # The grader's sandbox runs student code with `python -I` (and answers `import
        # grader` with a stand-in): there, a self-check does nothing, and grading goes on.
        return
    try:
        _show(run_check(parts, notebook, course))
    except Exception as error:  # a self-check cell must never break the notebook
        _show(f"**Self-check:** failed ({type(error).__name__}: {error}).")


def run_check(parts: tuple[str, ...], notebook: str | os.PathLike[str] | None = None,
              course: str | os.PathLike[str] | None = None) -> str:
    """The self-check's Markdown, or the reason there is none."""
    from grader.student.snapshot import Kernel, take  # numpy: keeps `import grader` light

    kernel = Kernel.current()
    found = find_notebook(notebook, kernel.namespace)
    if found.notebook is None and notebook is not None:
        return f"**Self-check:** {found.how}"
    root = Path(course) if course is not None else find_course(
        found.notebook or Path.cwd() / "notebook.ipynb")
    if root is None:
        return ("**Self-check:** no course found (no folder above the notebook has a "
                "grader.toml); pass `course=` with the course or bundle folder.")
    try:
        checker = checker_for(root.resolve())
        names = checker.ask({"op": "names", "parts": list(parts)})
        if "names" not in names:
            return f"**Self-check:** {names.get('error', 'no answer')}"
        snapshot = take(names["names"], kernel)
        reply = checker.ask({"op": "check", "parts": list(parts),
                             "snapshot": snapshot.to_data(), "how": found.how,
                             "notebook": str(found.notebook) if found.notebook else None})
    except CheckerGone as error:
        return f"**Self-check:** {error}; run check() again to start a new checker."
    return str(reply["markdown"]) if "markdown" in reply else \
        f"**Self-check:** {reply.get('error', 'no answer')}"


_checkers: dict[Path, Checker] = {}
"""This kernel's checker, by course (one at a time): kept warm between checks."""
_registered: list[bool] = []


def checker_for(course: Path) -> Checker:
    checker = _checkers.get(course)
    if checker is not None and checker.alive():
        return checker
    close_checkers()
    if not _registered:
        atexit.register(close_checkers)
        _registered.append(True)
    checker = _checkers[course] = Checker(course)
    return checker


def close_checkers() -> None:
    for checker in _checkers.values():
        checker.close()
    _checkers.clear()


def find_notebook(explicit: str | os.PathLike[str] | None = None,
                  namespace: Mapping[str, object] | None = None) -> Found:
    candidates: list[tuple[str, str | None]] = [
        ("the notebook= argument", os.fspath(explicit) if explicit is not None else None),
        ("GRADER_NOTEBOOK", os.environ.get("GRADER_NOTEBOOK")),
        ("JPY_SESSION_NAME", os.environ.get("JPY_SESSION_NAME")),
        ("VS Code", _vscode_file(namespace)),
    ]
    for how, value in candidates:
        if not value:
            continue
        path = _session_path(value) if how == "JPY_SESSION_NAME" else Path(value).expanduser()
        if path is not None and path.suffix == ".ipynb" and path.is_file():
            return Found(path.resolve(), how)
        if how in ("the notebook= argument", "GRADER_NOTEBOOK"):
            return Found(None, f"{value} (from {how}) is not a notebook file.")
    here = sorted(Path.cwd().glob("*.ipynb"))
    if len(here) == 1:
        return Found(here[0].resolve(), "the only notebook in the current folder")
    what = "no .ipynb file" if not here else f"{len(here)} .ipynb files"
    return Found(None, f"cannot tell which notebook this is ({what} in {Path.cwd()}); "
                 'call check(notebook="your_notebook.ipynb"), or set GRADER_NOTEBOOK.')


def _session_path(value: str) -> Path | None:
    """A Jupyter session's notebook: its path is relative to the server's root folder, an
    unknown ancestor of the kernel's folder (the notebook's own), so look upwards."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    here = Path.cwd()
    return next((folder / path for folder in (here, *here.parents)
                 if (folder / path).is_file()), None)


def find_course(notebook: Path) -> Path | None:
    """The nearest folder above the notebook with a grader.toml, else the folder the grader
    package sits in when that is a course (a student bundle)."""
    for folder in notebook.parents:
        if (folder / "grader.toml").is_file() and (folder / "exercises").is_dir():
            return folder
    package_home = Path(grader.__file__).resolve().parent.parent
    return package_home if (package_home / "grader.toml").is_file() else None


def _vscode_file(namespace: Mapping[str, object] | None) -> str | None:
    if namespace is None:
        try:
            from IPython import get_ipython  # only inside a notebook kernel
        except ImportError:
            return None
        shell = get_ipython()
        namespace = getattr(shell, "user_ns", None) or {}
    value = namespace.get("__vsc_ipynb_file__")
    return value if isinstance(value, str) else None


def _show(markdown: str) -> None:
    try:
        from IPython import get_ipython  # only inside a notebook kernel
        from IPython.display import Markdown, display  # only inside a notebook kernel
    except ImportError:
        print(markdown)
        return
    if get_ipython() is None:
        print(markdown)
    else:
        display(Markdown(markdown))
