"""The checker: the grading process behind `check()`, one per kernel, kept warm.

`check()` runs in the student's kernel, but grading must not: the student's cells have
changed that process's state, and a function that loops forever would hang it. So the
kernel starts this process once (`python -m grader.student.checker COURSE`) and keeps it,
with the course loaded, its public checks prepared and the sandbox's zygote started, so
that each later `check()` pays only for grading.

One JSON document per line each way, on the process's stdin and stdout (stdout carries
nothing else: anything printed goes to stderr):

    {"op": "names", "parts": [...]}  ->  {"names": [...]}
    {"op": "check", "parts": [...], "snapshot": {...}, "notebook": path or null,
     "how": "..."}  ->  {"markdown": "..."}

and `{"error": "..."}` for a request it cannot answer, such as a hidden part.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import grader
from grader.errors import GraderError, describe_error
from grader.reports import feedback

if TYPE_CHECKING:
    from grader.student.live import LiveCheck  # keeps the kernel's side light

TIMEOUT_S = 600.0
"""Longer than any course's notebook limit: the checker is stopped only if it hangs."""


class CheckerGone(GraderError):
    """The checker process died, hung or answered nonsense; the message says which."""


class Checker:
    """The kernel's end: the checker process for one course, and the pipes to it."""

    def __init__(self, course: Path, python: str = sys.executable) -> None:
        self.course = course
        env = dict(os.environ)
        package_home = str(Path(grader.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_home,
                                                          env.get("PYTHONPATH")]))
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            [python, "-m", "grader.student.checker", str(course)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self.errors, env=env)
        self.pending = b""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def ask(self, request: dict[str, Any], timeout: float = TIMEOUT_S) -> dict[str, Any]:
        """The checker's reply; raises CheckerGone (and stops it) if none comes in time."""
        assert self.proc.stdin is not None
        try:
            try:
                self.proc.stdin.write(json.dumps(request).encode() + b"\n")
                self.proc.stdin.flush()
            except BrokenPipeError:
                raise CheckerGone("the checker stopped") from None
            reply = json.loads(self._line(timeout))
        except (OSError, ValueError, CheckerGone) as error:
            why = self._why(error)
            self.close()
            raise CheckerGone(why) from None
        except BaseException:  # interrupted: its reply would answer the next request
            self.close()
            raise
        if not isinstance(reply, dict):
            self.close()
            raise CheckerGone("the checker answered nonsense")
        return reply

    def _line(self, timeout: float) -> bytes:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise CheckerGone(f"the checker did not answer in {timeout:g} s")
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise CheckerGone("the checker stopped")
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return line

    def _why(self, error: Exception) -> str:
        with contextlib.suppress(OSError, ValueError):
            self.errors.seek(0)
            lines = self.errors.read().decode(errors="replace").strip().splitlines()
            if lines:
                return f"{error} ({lines[-1]})"
        return str(error)

    def close(self) -> None:
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(OSError):
            self.errors.close()


def serve(course: Path, requests: IO[str], replies: IO[str]) -> None:
    """Answer requests until the kernel closes its end; a failure is that request's reply."""
    from grader.student.live import LiveCheck  # keeps the kernel's side light

    checker: LiveCheck | None = None
    for line in requests:
        try:
            checker = checker or LiveCheck(course)
            reply = _answer(checker, json.loads(line))
        except GraderError as error:
            reply = {"error": describe_error(error)}
        except Exception as error:  # the grader's own fault: said, and the next one answered
            traceback.print_exc()
            reply = {"error": f"the grader failed ({type(error).__name__}: {error})"}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def _answer(checker: LiveCheck, request: dict[str, Any]) -> dict[str, Any]:
    from grader.student.live import Saved  # keeps the kernel's side light
    from grader.student.snapshot import Snapshot  # numpy: keeps the kernel's side light

    parts = tuple(request.get("parts", ()))
    if request["op"] == "names":
        return {"names": checker.names(parts)}
    notebook = request.get("notebook")
    saved = Saved(Path(notebook) if notebook else None, request["how"])
    checked = checker.check(parts, Snapshot.from_data(request["snapshot"]), saved)
    text = feedback.self_check(checked.result, checked.hidden)
    return {"markdown": f"{text}\n*{checked.note}*\n"}


def main(argv: list[str]) -> int:
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever else is printed goes to stderr, never between replies
    serve(Path(argv[0]), sys.stdin, replies)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
