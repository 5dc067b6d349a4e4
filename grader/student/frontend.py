"""`from grader import check; check()`: a student's self-check from inside their notebook.

This module is a user interface, so unlike the rest of the library it prints (or displays
Markdown through IPython when it is there). It does not grade in the student's kernel: that
would run the grader, and the student's code, in one process whose state the student's
earlier cells have changed. It finds the notebook file and runs `grade check` on it in a
subprocess, which grades the saved file exactly as the final grade would.

Finding the file is the weak point, and said so: a kernel does not reliably know which
notebook it belongs to. In order, `check` uses:

1. the `notebook=` argument;
2. the environment variable `GRADER_NOTEBOOK`;
3. `JPY_SESSION_NAME`, which recent Jupyter servers set to the notebook's path when they
   start the kernel (it goes stale if the notebook is renamed while the kernel runs);
4. `__vsc_ipynb_file__`, which VS Code defines in the kernel;
5. the only `.ipynb` file in the current folder.

If none of these finds exactly one file, `check` says so and asks for `notebook=`. It
grades what is saved on disk: unsaved edits are not seen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import grader

TIMEOUT_S = 600.0
"""Longer than any course's notebook limit: the subprocess is stopped only if it hangs."""
SAVE_FIRST = "Save the notebook first: the check reads the saved file."


@dataclass(frozen=True)
class Found:
    notebook: Path | None
    how: str
    """Where the path came from, or why none was found, for the student to read."""


def check(*parts: str, notebook: str | os.PathLike[str] | None = None,
          course: str | os.PathLike[str] | None = None) -> None:
    """Check this notebook's public parts (or only `parts`) and show their feedback.

    Never raises: whatever goes wrong is shown as a message, so a self-check cell left in
    a notebook cannot break the notebook, or its final grading.
    """
    if sys.flags.isolated:
        # The grader's sandbox runs student code with `python -I`: there, a self-check cell
        # does nothing, and grading goes on.
        return
    found = find_notebook(notebook)
    if found.notebook is None:
        _show(f"**Self-check:** {found.how}")
        return
    root = Path(course) if course is not None else find_course(found.notebook)
    if root is None:
        _show(f"**Self-check:** no course found for {found.notebook} (no folder above it has "
              "a grader.toml); pass `course=` with the course or bundle folder.")
        return
    ok, text = run_check(found.notebook, root, parts)
    if ok:
        text += (f"\n*Checked {found.notebook.name} as last saved (found by {found.how}). "
                 f"{SAVE_FIRST}*\n")
    _show(text)


def find_notebook(explicit: str | os.PathLike[str] | None = None,
                  namespace: dict[str, object] | None = None) -> Found:
    candidates: list[tuple[str, str | None]] = [
        ("the notebook= argument", os.fspath(explicit) if explicit is not None else None),
        ("GRADER_NOTEBOOK", os.environ.get("GRADER_NOTEBOOK")),
        ("JPY_SESSION_NAME", os.environ.get("JPY_SESSION_NAME")),
        ("VS Code", _vscode_file(namespace)),
    ]
    for how, value in candidates:
        if not value:
            continue
        path = Path(value).expanduser()
        if path.suffix == ".ipynb" and path.is_file():
            return Found(path.resolve(), how)
        if how in ("the notebook= argument", "GRADER_NOTEBOOK"):
            return Found(None, f"{value} (from {how}) is not a notebook file.")
    here = sorted(Path.cwd().glob("*.ipynb"))
    if len(here) == 1:
        return Found(here[0].resolve(), "the only notebook in the current folder")
    what = "no .ipynb file" if not here else f"{len(here)} .ipynb files"
    return Found(None, f"cannot tell which notebook this is ({what} in {Path.cwd()}); "
                 'call check(notebook="your_notebook.ipynb"), or set GRADER_NOTEBOOK.')


def find_course(notebook: Path) -> Path | None:
    """The nearest folder above the notebook with a grader.toml, else the folder the grader
    package sits in when that is a course (a student bundle)."""
    for folder in notebook.parents:
        if (folder / "grader.toml").is_file() and (folder / "exercises").is_dir():
            return folder
    package_home = Path(grader.__file__).resolve().parent.parent
    return package_home if (package_home / "grader.toml").is_file() else None


def run_check(notebook: Path, course: Path, parts: Sequence[str],
              runner: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
              ) -> tuple[bool, str]:
    """`grade check` on the saved notebook, in a fresh Python: whether it graded, and its
    Markdown or the reason it could not."""
    command = [sys.executable, "-m", "grader", "check", str(notebook), "--course", str(course)]
    for part in parts:
        command += ["--part", part]
    env = dict(os.environ)
    package_home = str(Path(grader.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_home, env.get("PYTHONPATH")]))
    try:
        done = runner(command, capture_output=True, text=True, timeout=TIMEOUT_S, env=env)
    except subprocess.TimeoutExpired:
        return False, f"**Self-check:** `grade check` did not finish in {TIMEOUT_S:g} s."
    except OSError as error:
        return False, f"**Self-check:** could not start `grade check`: {error}"
    if done.returncode == 2 or not done.stdout:
        lines = done.stderr.strip().splitlines() or ["`grade check` printed nothing"]
        return False, f"**Self-check:** {lines[-1].removeprefix('grade: error: ')}"
    return True, done.stdout


def _vscode_file(namespace: dict[str, object] | None) -> str | None:
    if namespace is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return None
        shell = get_ipython()
        namespace = getattr(shell, "user_ns", None) or {}
    value = namespace.get("__vsc_ipynb_file__")
    return value if isinstance(value, str) else None


def _show(markdown: str) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:
        print(markdown)
        return
    if get_ipython() is None:
        print(markdown)
    else:
        display(Markdown(markdown))
