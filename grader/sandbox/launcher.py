"""The grader's side of the zygote: start it once per process, ask it for sandboxes.

Forking a warm interpreter is what keeps a sandbox cheap (a fresh interpreter plus the
numpy import costs about 100 ms; a fork a few). The zygote is started lazily, shared by
every session of the process, and restarted if it dies; a grading process started by
``--jobs`` gets its own. Where there is no zygote (not Linux) sessions start a fresh
interpreter with limits only.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader.sandbox.reports import IsolationReport, Limits, SandboxError

HERE = Path(__file__).parent
FILES = {name: str(HERE / f"{name}.py") for name in ("plain", "child", "jail", "cgroups",
                                                      "hardening", "landlock")}
ZYGOTE_PATH = HERE / "zygote.py"
GRADER_DIR = HERE.parent
CHECKOUT = GRADER_DIR.parent if (GRADER_DIR.parent / "pyproject.toml").is_file() else None
"""The source tree the grader runs from, if it does: its samples and tests hold answers."""
PRELOAD = ("numpy", "sympy")
"""Imported once in the zygote, so a notebook's own imports of them cost nothing."""
LIGHT_PRELOAD = ("numpy",)
"""The zygote for notebooks whose code never mentions sympy. A fork costs in proportion to
the memory it copies and tears down, and sympy more than doubles a zygote's resident
memory, so a sandbox from this one is cheaper. A notebook that imports sympy anyway,
however it spells it, still works: it pays for the import itself."""
START_TIMEOUT_S = 60.0
SPAWN_TIMEOUT_S = 30.0
SUPPORTED = sys.platform.startswith("linux") and hasattr(socket, "send_fds")
_PASSED_THROUGH = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def child_environment(home: str) -> dict[str, str]:
    """A minimal environment: nothing of the grader's leaks into the student's process.

    OPENBLAS_CORETYPE/L2_SIZE are kept because OpenBLAS crashes without them on some
    processors; one BLAS thread keeps the zygote single-threaded, so forking it is safe.
    """
    env = {key: os.environ[key] for key in _PASSED_THROUGH if key in os.environ}
    env.update({
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home, "TMPDIR": home, "MPLBACKEND": "Agg", "MPLCONFIGDIR": home,
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    })
    return env


@dataclass(frozen=True)
class Spawned:
    """The grader's ends of one new sandbox; the caller owns and closes them."""

    req_w: int
    resp_r: int
    out_r: int
    keeper: socket.socket
    workdir: str | None
    """The student's folder when it is on the real file system (limits only)."""


class Zygote:
    """One running zygote process and the socket to it; safe to share between threads."""

    def __init__(self, namespaces: bool = True, command_prefix: Sequence[str] = (),
                 preload: Sequence[str] = PRELOAD, cgroups: bool = True) -> None:
        """`cgroups`: give each sandbox a control group where the machine allows it."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        config = {"socket": theirs.fileno(), "files": FILES, "preload": list(preload),
                  "namespaces": namespaces, "cgroups": cgroups,
                  "hide": [str(p) for p in (GRADER_DIR, CHECKOUT) if p is not None]}
        argv = [*command_prefix, sys.executable, "-I", str(ZYGOTE_PATH), json.dumps(config)]
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the zygote
        try:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=self.errors, pass_fds=(theirs.fileno(),), cwd="/",
                env=child_environment("/tmp"),
            )
        except OSError as exc:
            raise SandboxError(f"cannot start the sandbox's zygote: {exc}") from exc
        finally:
            theirs.close()
        self.sock = ours
        self.lock = threading.Lock()
        self.owner = os.getpid()
        """The process that started it: a forked copy of the grader must start its own."""
        ours.settimeout(START_TIMEOUT_S)
        try:
            hello = json.loads(ours.recv(65536) or b"null")
        except (OSError, ValueError):
            hello = None
        if not isinstance(hello, dict) or hello.get("ready") is not True:
            self.close()
            raise SandboxError(f"the sandbox's zygote did not start: {self._stderr()}")
        self.isolation = IsolationReport(hello["isolation"], hello["reason"],
                                         hello["limits"], hello["limits_reason"],
                                         hello["filtered"], hello["filter_reason"],
                                         hello["network"], hello["writes"],
                                         hello["writes_reason"])

    def spawn(self, limits: Limits, hide: Sequence[Path], isolate: bool) -> Spawned:
        """A fresh sandbox from the zygote; raises SandboxError if the zygote failed."""
        request = json.dumps({"limits": asdict(limits),
                              "hide": [str(Path(p).resolve()) for p in hide],
                              "isolate": isolate}).encode()
        with self.lock:
            try:
                self.sock.settimeout(SPAWN_TIMEOUT_S)
                self.sock.send(request)
                data, fds, _, _ = socket.recv_fds(self.sock, 65536, 4)
            except OSError as exc:
                raise SandboxError(f"the sandbox's zygote is gone: {exc}") from exc
        try:
            reply = json.loads(data or b"null")
        except ValueError:
            reply = None
        if not isinstance(reply, dict) or reply.get("ok") is not True or len(fds) != 4:
            for fd in fds:
                os.close(fd)
            error = reply.get("error") if isinstance(reply, dict) else "no reply"
            raise SandboxError(f"the sandbox could not be created: {error or self._stderr()}")
        return Spawned(fds[0], fds[1], fds[2], socket.socket(fileno=fds[3]), reply["workdir"])

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        """Closing the socket ends the zygote; sandboxes it made live on until closed."""
        self.sock.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.errors.close()

    def _stderr(self) -> str:
        with contextlib.suppress(OSError, ValueError):
            self.errors.seek(0)
            text = self.errors.read().decode(errors="replace").strip()
            return text.splitlines()[-1] if text else "no error message"
        return "no error message"


_shared: dict[bool, Zygote | None] = {False: None, True: None}
"""This process's zygotes: with sympy (False) and without it (True, "light")."""
_shared_lock = threading.Lock()
_registered: list[bool] = []


def shared_zygote(light: bool = False) -> Zygote | None:
    """This process's zygote, started on first use (None where there is none); `light`:
    the one without sympy, for notebooks that never mention it."""
    if not SUPPORTED:
        return None
    with _shared_lock:
        zygote = _shared[light]
        if zygote is not None and zygote.owner != os.getpid():
            zygote = None  # inherited by a fork: its socket is the parent's to use
        if zygote is None or not zygote.alive():
            if zygote is not None:
                zygote.close()
            zygote = Zygote(preload=LIGHT_PRELOAD if light else PRELOAD)
            _shared[light] = zygote
            if not _registered:
                atexit.register(_close_shared)
                _registered.append(True)
        return zygote


def replace_shared(zygote: Zygote | None) -> Zygote | None:
    """Install ``zygote`` to serve every sandbox of this process, with sympy or without,
    and return the previous one with sympy (for tests); a previous light one is closed."""
    with _shared_lock:
        previous, light = _shared[False], _shared[True]
        _shared[False] = _shared[True] = zygote
    if light is not None and light is not previous and light is not zygote \
            and light.owner == os.getpid():
        light.close()
    return previous


def isolation_report() -> IsolationReport:
    """How sandboxes of this process are isolated; found once, when the zygote starts
    (the light one: most notebooks need only it, and it is ready soonest)."""
    if not SUPPORTED:
        return IsolationReport("limits-only", "namespaces need Linux", "per-process",
                               "control groups need Linux")
    try:
        zygote = shared_zygote(light=True)
    except SandboxError as exc:
        return IsolationReport("limits-only", str(exc), "per-process", str(exc))
    assert zygote is not None
    return zygote.isolation


def _close_shared() -> None:
    with _shared_lock:
        zygotes = {id(z): z for z in _shared.values() if z is not None}
        _shared[False] = _shared[True] = None
    for zygote in zygotes.values():
        if zygote.owner == os.getpid():
            zygote.close()


def describe_status(message: dict[str, Any]) -> str:
    """A keeper's report on how the student process ended, in words for feedback."""
    if "error" in message:
        return f"the sandbox could not be set up: {message['error']}"
    if "signal" in message:
        signum = message["signal"]
        if signum == signal.SIGXCPU:
            return "the process exceeded its CPU time limit"
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = f"signal {signum}"
        return f"the process was killed by {name}"
    return f"the process exited with code {message.get('exit')}"
