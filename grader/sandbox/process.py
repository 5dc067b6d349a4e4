"""Starting and killing one sandbox child process.

The command line is built as ``command_prefix + [python, -I, child.py, ...]``
so that an isolation wrapper (bwrap, unshare, a container runner) can be put
in front later without touching the protocol.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from grader.sandbox.channel import Channel, ChildGone, ChildTimeout, OutputSink, ProtocolError
from grader.sandbox.reports import Limits, SandboxError

CHILD_PATH = Path(__file__).with_name("child.py")
PLAIN_PATH = Path(__file__).with_name("plain.py")
STARTUP_TIMEOUT_S = 30.0
_PASSED_THROUGH = ("PATH", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def child_environment(home: str) -> dict[str, str]:
    """A minimal environment: nothing of the grader's leaks into the student's process.

    OPENBLAS_CORETYPE/L2_SIZE are kept because OpenBLAS crashes without
    them on some processors.
    """
    env = {key: os.environ[key] for key in _PASSED_THROUGH if key in os.environ}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env.update({
        "HOME": home, "TMPDIR": home, "MPLBACKEND": "Agg", "MPLCONFIGDIR": home,
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    })
    return env


class ChildProcess:
    """One running child, its temporary directory and its channel."""

    def __init__(self, limits: Limits, sink: OutputSink, command_prefix: Sequence[str] = ()):
        self.workdir = tempfile.mkdtemp(prefix="grader-sandbox-")
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        config = {"req_fd": req_r, "resp_fd": resp_w, "limits": asdict(limits)}
        argv = [*command_prefix, sys.executable, "-I", str(CHILD_PATH), str(PLAIN_PATH),
                json.dumps(config)]
        try:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                pass_fds=(req_r, resp_w), cwd=self.workdir,
                env=child_environment(self.workdir), start_new_session=True,
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

    def wait_ready(self) -> None:
        """Wait for the child's greeting; a child that cannot start is a grader problem."""
        try:
            self.channel.exchange(None, time.monotonic() + STARTUP_TIMEOUT_S)
        except (ChildGone, ChildTimeout, ProtocolError) as exc:
            reason = self.exit_reason()
            self.kill()
            raise SandboxError(f"the sandbox did not start: {reason or exc}",
                               self.channel.sink.text()) from None

    def exit_reason(self, wait_s: float = 1.0) -> str:
        """Why the child ended, in words for feedback ("" if it still runs)."""
        try:
            code = self.proc.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            return ""
        if code >= 0:
            return f"the process exited with code {code}"
        signum = -code
        if signum == signal.SIGXCPU:
            return "the process exceeded its CPU time limit"
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = f"signal {signum}"
        return f"the process was killed by {name}"

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
