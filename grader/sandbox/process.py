"""Starting and killing one sandbox child process.

On Linux a child is forked by the zygote (``launcher.py``), inside namespaces when the
machine allows them. Elsewhere, or with a ``command_prefix`` (a wrapper such as a
container runner put in front of the command line), a fresh interpreter is started with
``command_prefix + [python, -I, child.py, ...]``. Both speak the same protocol.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

from grader.sandbox import hardening, launcher
from grader.sandbox.channel import Channel, ChildGone, ChildTimeout, OutputSink, ProtocolError
from grader.sandbox.reports import Confinement, Isolation, Limits, SandboxError

CHILD_PATH = Path(__file__).with_name("child.py")
PLAIN_PATH = Path(__file__).with_name("plain.py")
HARDENING_PATH = Path(__file__).with_name("hardening.py")
STARTUP_TIMEOUT_S = 30.0
SWEEP_WAIT_S = 2.0
NAMESPACES = Isolation()


class Child(Protocol):
    """What a session needs of a running child, however it was started."""

    channel: Channel
    alive: bool

    def wait_ready(self) -> Confinement: ...

    def exit_reason(self, wait_s: float = 1.0) -> str: ...

    def sweep(self) -> int: ...

    def kill(self) -> None: ...


def start_child(limits: Limits, sink: OutputSink, command_prefix: Sequence[str] = (),
                isolation: Isolation = NAMESPACES, light: bool = False
                ) -> tuple[Child, Confinement]:
    """A running child that has greeted, and how it says it is confined; raises
    SandboxError if none could be started. `light`: forked from the zygote without sympy
    (launcher.LIGHT_PRELOAD)."""
    zygote = None if command_prefix else _zygote(light)
    child: Child
    if zygote is None:
        child = PopenChild(limits, sink, command_prefix)
    else:
        child = ForkedChild(zygote, limits, sink, isolation)
    return child, child.wait_ready()


def _zygote(light: bool) -> launcher.Zygote | None:
    try:
        return launcher.shared_zygote(light)
    except SandboxError:
        return None  # isolation_report() says limits-only, and why


def _greet(child: Child) -> Confinement:
    """Wait for the child's greeting, which says how it was confined (sent before any
    student code ran, so student code cannot forge it); a child that cannot start is a
    grader problem."""
    try:
        body = child.channel.exchange(None, time.monotonic() + STARTUP_TIMEOUT_S)
    except (ChildGone, ChildTimeout, ProtocolError) as exc:
        reason = child.exit_reason()
        child.kill()
        raise SandboxError(f"the sandbox did not start: {reason or exc}",
                           child.channel.sink.text()) from None
    return Confinement.from_greeting(body)


class ForkedChild:
    """A sandbox forked by the zygote, and the socket to the process that keeps it."""

    def __init__(self, zygote: launcher.Zygote, limits: Limits, sink: OutputSink,
                 isolation: Isolation) -> None:
        spawned = zygote.spawn(limits, isolation.hide, isolation.namespaces)
        self.isolated = isolation.namespaces and zygote.isolation.mode == "namespaces"
        self.keeper = spawned.keeper
        self.workdir = spawned.workdir
        self.channel = Channel(spawned.req_w, spawned.resp_r, spawned.out_r, sink)
        self.alive = True
        self.buffer = b""
        self.ended: list[dict[str, Any]] = []
        """How the student process ended, if the keeper said so during a sweep."""
        self.pidfd: int | None = None
        first = self._message(time.monotonic() + STARTUP_TIMEOUT_S)
        if first is None or type(first.get("pid")) is not int:
            self.kill()
            raise SandboxError("the sandbox did not start: its keeper did not report")
        self.pid: int = first["pid"]
        with contextlib.suppress(OSError, AttributeError):
            self.pidfd = os.pidfd_open(self.pid)

    def wait_ready(self) -> Confinement:
        return _greet(self)

    def exit_reason(self, wait_s: float = 1.0) -> str:
        message = self.ended.pop(0) if self.ended else self._message(time.monotonic() + wait_s)
        return "" if message is None else launcher.describe_status(message)

    def sweep(self) -> int:
        """Kill every process the student's code started, its own process excepted.

        A cell that timed out may leave forks spinning (a fork bomb's copies never return
        from the cell); they would starve the rest of the notebook of CPU.
        """
        try:
            self.keeper.send(b"s")
        except OSError:
            return 0
        deadline = time.monotonic() + SWEEP_WAIT_S
        while (message := self._message(deadline)) is not None:
            if type(message.get("swept")) is int:
                return message["swept"]
            self.ended.append(message)
        return 0

    def kill(self) -> None:
        """End the sandbox and every process in it.

        With namespaces, killing the keeper (the first process of the PID namespace) makes
        the kernel kill everything else. Without, closing the keeper's socket tells it to
        hunt the student's processes down itself (it has adopted any orphans) and then end
        its process group; that goes on while the grader moves on.
        """
        if not self.alive:
            return
        self.alive = False
        if self.isolated:
            self._signal_keeper()
        self.channel.drain_output()
        self.channel.close()
        self.keeper.close()
        if self.pidfd is not None:
            os.close(self.pidfd)
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def pid_known(self) -> bool:
        return hasattr(self, "pid")

    def _signal_keeper(self) -> None:
        if not self.pid_known():
            return
        with contextlib.suppress(OSError):
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.killpg(self.pid, signal.SIGKILL)

    def _message(self, deadline: float) -> dict[str, Any] | None:
        """The keeper's next line, or None at end of file or deadline."""
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.keeper], [], [], remaining)[0]:
                return None
            try:
                chunk = self.keeper.recv(4096)
            except OSError:
                chunk = b""
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError:
            message = None
        return message if isinstance(message, dict) else {"error": "garbled report"}


@functools.cache
def _filter_program() -> str | None:
    """The system-call filter for fresh interpreters, written once per grading process
    (hardening.py), in hex: they load it without looking for libseccomp themselves."""
    program, _ = hardening.build_filter()
    return None if program is None else program.hex()


class PopenChild:
    """A fresh interpreter, its temporary directory and its channel."""

    def __init__(self, limits: Limits, sink: OutputSink, command_prefix: Sequence[str] = ()):
        self.workdir = tempfile.mkdtemp(prefix="grader-sandbox-")
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        config = {"req_fd": req_r, "resp_fd": resp_w, "limits": asdict(limits),
                  "hardening": str(HARDENING_PATH), "filter": _filter_program()}
        argv = [*command_prefix, sys.executable, "-I", str(CHILD_PATH), str(PLAIN_PATH),
                json.dumps(config)]
        try:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                pass_fds=(req_r, resp_w), cwd=self.workdir,
                env=launcher.child_environment(self.workdir), start_new_session=True,
            )
        except OSError as exc:
            for fd in (req_r, req_w, resp_r, resp_w, out_r, out_w):
                os.close(fd)
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise SandboxError(f"cannot start the sandbox: {exc}") from exc
        for fd in (req_r, resp_w, out_w):
            os.close(fd)
        self.channel = Channel(req_w, resp_r, out_r, sink)
        self.alive = True

    def wait_ready(self) -> Confinement:
        return _greet(self)

    def exit_reason(self, wait_s: float = 1.0) -> str:
        """Why the child ended, in words for feedback ("" if it still runs)."""
        try:
            code = self.proc.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            return ""
        return launcher.describe_status({"exit": code} if code >= 0 else {"signal": -code})

    def sweep(self) -> int:
        """Nothing to do: without a keeper, the student's processes end with the sandbox."""
        return 0

    def kill(self) -> None:
        """Kill the whole process group (student subprocesses too) and clean up."""
        if self.alive:
            self.alive = False
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
            self.channel.drain_output()
            self.channel.close()
            shutil.rmtree(self.workdir, ignore_errors=True)
