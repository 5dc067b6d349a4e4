"""The sandbox child: runs student cells and calls, answers over a private pipe.

Loaded by path in the zygote, which forks a process per sandbox and calls
``Child(...).serve()`` in it (see ``zygote.py``), or started by the grader as
``python -I child.py PLAIN_PATH CONFIG_JSON``. Either way it must not import the
grader package (the student's process should not hold grader code), only the
standard library, numpy and ``plain.py`` by path.

Requests and responses are length-prefixed JSON frames on two inherited
pipe descriptors, never on stdout, so printing cannot forge a response.
Everything this file relies on is captured before student code runs; that
stops a notebook from subverting it by accident or by casual monkeypatching,
but not a determined attacker inside this process, which is why the grader
re-validates every answer and enforces all deadlines itself.
"""

from __future__ import annotations

import _signal as _csignal  # type: ignore[import-not-found]  # CPython's C module, no stub
import base64
import builtins
import contextlib
import importlib.abc
import importlib.util
import os
import resource
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

_read = os.read
_write = os.write
_getpid = os.getpid
_exit = os._exit
_cpu_time = time.process_time
_setitimer = signal.setitimer
_signal = _csignal.signal  # signal.signal's enum conversions doubled a short call's cost
_ITIMER_PROF = signal.ITIMER_PROF
_SIGPROF = signal.SIGPROF
_STDOUT, _STDERR = sys.stdout, sys.stderr
_from_bytes = int.from_bytes
_HEADER = 4
_TEXT_LIMIT = 300
globals().update({n: getattr(builtins, n) for n in (
    "isinstance", "type", "len", "str", "dict", "list", "tuple", "compile", "exec", "getattr",
    "callable", "max", "min", "BaseException", "Exception", "SyntaxError", "SystemExit")})


class _Timeout(BaseException):
    """Raised into student code by SIGPROF; a BaseException so fewer handlers catch it."""


_armed = [False]
_TIMED_OUT = object()


def _on_alarm(signum: int, frame: object) -> None:
    if _armed[0]:
        raise _Timeout("timed out")


def _guarded(fn: Callable[[], Any], seconds: float) -> Any:
    """Run ``fn`` with ``seconds`` of CPU time; returns ``_TIMED_OUT`` if it used them.

    The budget counts this process's CPU time (ITIMER_PROF), not the wall clock, so a
    busy machine does not make a correct function time out: a score must not depend on
    what else runs. Code that sleeps or blocks uses no CPU and is left to the grader's
    wall-clock backstop. The timer repeats, so code that swallows one interruption gets
    another; code that swallows all of them is left to that backstop too.
    """
    _signal(_SIGPROF, _on_alarm)  # re-installed: the notebook may have replaced it
    _armed[0] = True
    _setitimer(_ITIMER_PROF, max(seconds, 0.001), 0.1)
    try:
        try:
            return fn()
        finally:
            _armed[0] = False
            _setitimer(_ITIMER_PROF, 0)
    except _Timeout:
        return _TIMED_OUT


def _apply_limits(limits: dict[str, int]) -> None:
    mb = 1024 * 1024
    wanted = {
        resource.RLIMIT_AS: limits["memory_mb"] * mb,
        resource.RLIMIT_CPU: limits["cpu_s"],
        resource.RLIMIT_NOFILE: limits["open_files"],
        resource.RLIMIT_FSIZE: limits["file_bytes"],
        resource.RLIMIT_CORE: 0,
    }
    if os.geteuid() != 0:  # NPROC is per user and ignored for root
        wanted[resource.RLIMIT_NPROC] = limits["max_processes"]
    for which, value in wanted.items():
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        # A CPU hard limit one second above the soft one lets SIGXCPU, not a
        # bare SIGKILL, end the process, so the grader can name the reason.
        extra = 1 if which == resource.RLIMIT_CPU and hard == resource.RLIM_INFINITY else 0
        resource.setrlimit(which, (value, value + extra))
    # A file growing past RLIMIT_FSIZE should fail the write, not kill the run.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _load(path: str, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _clip(text: str) -> str:
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 3] + "..."


def _describe(exc: BaseException, filename: str | None) -> str:
    """``"ExcType: message (line n)"`` without trusting the exception object."""

    def build() -> str:
        name = type(exc).__name__
        message = str(exc)
        text = f"{name}: {message}" if message else str(name)
        line = None
        if isinstance(exc, SyntaxError) and exc.filename == filename:
            line = exc.lineno
        tb = exc.__traceback__
        while tb is not None and filename is not None:
            if tb.tb_frame.f_code.co_filename == filename:
                line = tb.tb_lineno
            tb = tb.tb_next
        return f"{text} (line {line})" if line else text

    try:
        text = _guarded(build, 1.0)
    except BaseException:
        text = None
    if not isinstance(text, str):
        text = "an exception that could not be described"
    return _clip(str.__str__(text))


STUB_SAYS = "grader.check() does nothing here: this notebook is being graded."


def _stub_check(*parts: object, **options: object) -> None:
    print(STUB_SAYS)


class _GraderStub(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``import grader`` in student code gets a stand-in whose ``check()`` does nothing.

    The README tells students to write ``from grader import check`` in their notebook.
    The real package is hidden from the sandbox (or, without namespaces, may be installed
    and importable), so without this the line would fail, or differ between machines, and
    take the rest of its cell (often ``import numpy as np``) down with it. First on the
    meta path, so it wins over any installed grader, with or without namespaces.
    """

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "grader":
            return None  # `grader.x` then fails as for any module that is not a package
        return importlib.util.spec_from_loader(name, self, origin="grader's sandbox stub")

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: Any) -> None:
        module.__doc__ = "The grader's stand-in inside the sandbox: check() does nothing."
        module.check = _stub_check


class Child:
    """The request loop; state is the student namespace."""

    def __init__(self, plain: Any, req_fd: int, resp_fd: int,
                 greeting: dict[str, str] | None = None) -> None:
        """`greeting`: how this process was confined, sent before any student code runs."""
        self.plain = plain
        self.greeting = {"ready": True, **(greeting or {})}
        self.req_fd = req_fd
        self.resp_fd = resp_fd
        self.pid = _getpid()
        # A fresh __main__, as in Jupyter: the student's classes pickle, and nothing of
        # the sandbox's own module is reachable through ``import __main__``.
        main = type(sys)("__main__")
        sys.modules["__main__"] = main
        self.ns: dict[str, Any] = main.__dict__
        self.ns.update({"__builtins__": builtins, "display": lambda *args, **kwargs: None})
        sys.meta_path.insert(0, _GraderStub())
        self.handlers: dict[str, Callable[[dict[str, Any]], str]] = {
            "exec": self.exec_cell, "values": self.values, "calls": self.calls,
            "files": self.files,
        }

    def serve(self) -> None:
        self.send(0, self.plain.dumps(self.greeting))
        while True:
            request = self.receive()
            if request is None or request.get("op") == "bye":
                return
            try:
                reply = self.handlers[request["op"]](request)
            except BaseException as exc:  # a bug here must not end the session silently
                reply = self.plain.dumps({"failure": _describe(exc, None)})
            self.reply(request["id"], reply)

    def reply(self, request_id: int, body: str) -> None:
        if _getpid() != self.pid:  # a fork of this process returned from a cell or call
            _exit(0)
        self.flush_student_output()
        self.send(request_id, body)

    def receive(self) -> dict[str, Any] | None:
        header = self.read_exactly(_HEADER)
        if header is None:
            return None
        body = self.read_exactly(_from_bytes(header, "big"))
        return None if body is None else self.plain.loads(body.decode("utf-8"))

    def read_exactly(self, size: int) -> bytes | None:
        chunks, got = [], 0
        while got < size:
            chunk = _read(self.req_fd, min(size - got, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def send(self, request_id: int, body: str) -> None:
        """Frame ``body``; echoing the request id lets the grader detect forged frames."""
        data = ('{"id":' + int.__repr__(request_id) + ',"body":' + body + "}").encode("utf-8")
        view = memoryview(len(data).to_bytes(_HEADER, "big") + data)
        while view:
            view = view[_write(self.resp_fd, view):]

    def flush_student_output(self) -> None:
        for stream in (_STDOUT, _STDERR):
            with contextlib.suppress(BaseException):
                stream.flush()

    def exec_cell(self, request: dict[str, Any]) -> str:
        """Run one cell; the reply says how much CPU time it used (``cpu``), which the
        grader counts against the notebook's budget."""
        seconds = request["timeout"]
        filename = f"<cell {request['index']}>"
        start = _cpu_time()
        reply: dict[str, Any]
        try:
            code = compile(request["source"], filename, "exec")
            outcome = _guarded(lambda: exec(code, self.ns), seconds)
        except BaseException as exc:  # SystemExit too: it ends the cell, not the run
            reply = {"status": "error", "error": _describe(exc, filename)}
        else:
            reply = {"status": "ok"}
            if outcome is _TIMED_OUT:
                reply = {"status": "timeout", "error": f"timed out after {seconds:g} s"}
        reply["cpu"] = max(_cpu_time() - start, 0.0)
        return self.plain.dumps(reply)

    def files(self, request: dict[str, Any]) -> str:
        """Write the course's data files into the working folder, read-only, before any
        student code runs (a name is a plain file name, never a path)."""
        for name, data in request["files"].items():
            if not name or "/" in name or name in (".", ".."):
                return self.plain.dumps({"ok": False, "error": f"bad file name {name!r}"})
            with open(name, "wb") as file:
                file.write(base64.b64decode(data))
            os.chmod(name, 0o444)
        return self.plain.dumps({"ok": True})

    def values(self, request: dict[str, Any]) -> str:
        """Every requested name's value, as many as one reply holds (``plain.Room``): a
        value that no longer fits is sent as too large, one whose note does not either
        is left out."""
        plain = self.plain
        deadline = _cpu_time() + request["timeout"]
        room = plain.Room()
        parts = []
        for name in request["names"]:
            if name in self.ns:
                left = deadline - _cpu_time()
                value = self.ns[name]
                text = (self.encode(value, left) if left > 0 else
                        plain.dumps(plain.opaque(value, "<no time left to encode>")))
                item = plain.dumps(name) + ":" + text
                if not room.take(item):
                    item = plain.dumps(name) + ":" + plain.dumps(
                        plain.opaque(value, "<too large to send>"))
                    if not room.take(item):
                        continue
                parts.append(item)
        return '{"values":{' + ",".join(parts) + "}}"

    def encode(self, value: Any, seconds: float) -> str:
        plain = self.plain

        def build() -> str:
            text = plain.dumps(plain.to_plain(value))
            if not plain.Room().take(text):  # more than a reply may hold
                return plain.dumps(plain.opaque(value, "<too large to send>"))
            return text

        try:
            text = _guarded(build, max(seconds, 0.05))
        except BaseException:
            text = None
        if isinstance(text, str):
            return text
        note = "<encoding timed out>" if text is _TIMED_OUT else "<encoding failed>"
        return plain.dumps({"__opaque__": "?", "repr": note})

    def calls(self, request: dict[str, Any]) -> str:
        """One call per case, each answered as soon as it returns (the grader keeps a
        deadline per case); the last answer is the request's reply. A call that times
        out ends the request: the grader runs nothing after it."""
        cases = request["cases"]
        for number, args in enumerate(cases):
            text, timed_out = self.call_once(request["name"], args, request["timeout"])
            if timed_out or number == len(cases) - 1:
                return text
            self.reply(request["id"], text)
        return self.plain.dumps({"failure": "no cases to call"})

    def call_once(self, name: str, encoded: Any, seconds: float) -> tuple[str, bool]:
        """The reply to one call, and whether it timed out."""
        if name not in self.ns:
            error = f"NameError: name {name!r} is not defined"
            return self.plain.dumps({"ok": False, "error": error}), False
        fn = self.ns[name]
        args = [self.materialise(a) for a in self.plain.from_plain(encoded)]
        start = _cpu_time()
        try:
            result = _guarded(lambda: fn(*args), seconds)
        except BaseException as exc:
            reply = {"ok": False, "error": _describe(exc, None), "cpu": _cpu_time() - start}
            return self.plain.dumps(reply), False
        if result is _TIMED_OUT:
            return self.plain.dumps({"ok": False, "timed_out": True, "cpu": seconds}), True
        text = self.encode(result, seconds - (_cpu_time() - start))
        used = self.plain.dumps(max(_cpu_time() - start, 0.0))
        return '{"ok":true,"cpu":' + used + ',"value":' + text + "}", False

    def materialise(self, value: Any) -> Any:
        """Turn grader-sent sympy text into sympy objects for the student's function."""
        if isinstance(value, self.plain.SympyText):
            import sympy  # only when the grader sends symbolic arguments

            return sympy.sympify(value.text)
        if type(value) is list:
            return [self.materialise(v) for v in value]
        if type(value) is tuple:
            return tuple(self.materialise(v) for v in value)
        if type(value) is dict:
            return {k: self.materialise(v) for k, v in value.items()}
        return value


def main(argv: list[str]) -> None:
    config = __import__("json").loads(argv[2])
    _apply_limits(config["limits"])
    greeting = {"isolation": "limits-only", "network": "open", "writes": "unconfined"}
    if "hardening" in config:  # the same last step as in a sandbox forked by the zygote
        hardening = _load(config["hardening"], "_sandbox_hardening")
        hardening.lock_down(bytes.fromhex(config["filter"]) if config["filter"] else None)
        if config["filter"]:
            greeting["network"] = "cut"
    plain = _load(argv[1], "_sandbox_plain")
    Child(plain, config["req_fd"], config["resp_fd"], greeting).serve()


if __name__ == "__main__":
    main(sys.argv)
