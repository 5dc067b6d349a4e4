"""The zygote: a clean interpreter, its imports done once, forking sandboxes.

Started as ``python -I zygote.py CONFIG_JSON`` on first use, at most twice per grading
process (launcher.shared_zygote): one preloads numpy and sympy (launcher.PRELOAD), the
light one numpy alone (launcher.LIGHT_PRELOAD), for notebooks that never mention sympy.
Either then loads, by path, the sandbox's own modules (``plain``, which imports numpy
itself, ``child``, ``jail``, ``cgroups``, ``hardening`` and ``landlock``), which import
only the standard library, numpy and, where it is installed, pyseccomp (``hardening``
writes the system-call filter with it, once, here); ``child`` imports sympy in a sandbox
only when the grader sends it symbolic arguments. Like ``child.py`` it must not import
the grader package, and it never runs student code itself. Each request on its socket
yields a fresh sandbox, so a submission pays for a ``fork`` instead of an interpreter
start and those imports.

One sandbox is a small family of processes::

    zygote -> [setup: unshare, exits]  -> keeper -> student
              (namespaces only)            first process of the new PID namespace

The *student* process runs ``child.py``'s request loop with its limits applied. The
*keeper* builds the student's root and drops privileges (namespaces; without them the
student works in a temporary folder the zygote made, which the keeper removes at the
end), reports how the student process ended and, when the grader closes its end of the
keeper socket, takes the whole sandbox down: leaving a PID namespace's first
process kills every process in it, including any that called ``setsid`` (without one,
it kills the processes below it, which it is the subreaper of, then its process group).

Where the machine allows it, every sandbox also has a control group of its own
(``cgroups.py``), made here before the fork and joined by the sandbox's first process
before anything else, so that all it ever starts is bounded together. The zygote reaps
the sandboxes' processes it is the parent or subreaper of, and removes each group as
soon as its sandbox has ended; a closing zygote removes them all.

The grader receives, by ``SCM_RIGHTS``, its ends of the request, response and output
pipes and of the keeper socket. The keeper socket carries newline-terminated JSON: first
``{"pid": keeper's pid}``, then ``{"exit": code}``, ``{"signal": number}`` or
``{"error": text}``; for each byte ``s`` the grader sends, the keeper kills every process
of the sandbox but the student's own and answers ``{"swept": how many}``.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import json
import os
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
from typing import Any

REQUEST_BYTES = 1 << 20
HANDSHAKE_S = 10.0
CLOSING_S = 3.0
"""How long a closing zygote waits for its open sandboxes to end before it kills them:
less than the grader waits for it to exit."""
MB = 1024 * 1024


def _load(name: str, path: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _send_line(fd: int, data: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):
        os.write(fd, (json.dumps(data) + "\n").encode())


class Zygote:
    def __init__(self, config: dict[str, Any]) -> None:
        for name in config["preload"]:
            with contextlib.suppress(Exception):
                __import__(name)
        files = config["files"]
        self.plain = _load("_sandbox_plain", files["plain"])
        self.child = _load("_sandbox_child", files["child"])
        self.jail = _load("_sandbox_jail", files["jail"])
        self.cgroups = _load("_sandbox_cgroups", files["cgroups"])
        self.hardening = _load("_sandbox_hardening", files["hardening"])
        self.landlock = _load("_sandbox_landlock", files["landlock"])
        self.filter_program, self.filter_reason = self.hardening.build_filter()
        self.boxes = self.cgroups.Boxes()
        self.tree, self.limits_reason = None, "control groups were turned off"
        if config.get("cgroups", True):
            self.tree, self.limits_reason = self.find_tree()
        prefixes = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                    os.path.dirname(os.path.realpath(sys.executable))]
        self.needed = self.jail.needed_paths(prefixes, sys.path)
        self.unreadable = self.jail.first_unreadable(self.needed)
        self.as_nobody = (os.geteuid() == 0 and self.unreadable is None
                          and self.jail.nobody_exists())
        """Whether, as root without namespaces, student code can run as nobody: only if
        nobody can read the interpreter and its packages."""
        self.always_hidden = [os.path.realpath(p) for p in config["hide"]]
        self.mountpoint = self.jail.mountpoint()
        self.mode, self.reason = "limits-only", "namespaces were turned off"
        if config["namespaces"]:
            self.mode, self.reason = self.probe()
        if self.mode != "namespaces":
            self.mode, self.reason = self.without_namespaces(self.reason)
        # Everything imported so far is out of the collector's sight: a sandbox's first
        # collection would otherwise touch, and so copy, every page it shares with us.
        gc.collect()
        gc.freeze()

    def without_namespaces(self, why: str) -> tuple[str, str]:
        """The mode sandboxes get without namespaces, and why, in words for the instructor."""
        if os.geteuid() != 0:
            return "limits-only", f"{why}; student code runs as the grader's own user"
        if self.as_nobody:
            return "unprivileged-uid", (f"{why}; as root, student code runs as nobody, with "
                                        "no groups and no capabilities")
        cause = (f"nobody cannot read {self.unreadable}, which Python needs"
                 if self.unreadable else "this user namespace has no nobody")
        return "limits-only", f"{why}; student code stays root without capabilities: {cause}"

    # ------------------------------------------------------------ requests

    def find_tree(self) -> tuple[Any, str]:
        """The control groups for sandboxes, or None and why there are none."""
        try:
            tree = self.cgroups.find_tree()
        except self.cgroups.CgroupError as exc:
            return None, str(exc)
        tree.sweep_stale()
        return tree, tree.describe_tree()

    def serve(self, sock: socket.socket) -> None:
        """Answer requests until the grader closes the socket; reap sandboxes that end,
        and remove their groups, as they do."""
        wake_r, wake_w = os.pipe()
        for fd in (wake_r, wake_w):
            os.set_blocking(fd, False)
        signal.set_wakeup_fd(wake_w)
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        with contextlib.suppress(OSError):
            self.jail.adopt_orphans()
        sock.send(json.dumps({
            "ready": True, "isolation": self.mode, "reason": self.reason,
            "limits": "per-process" if self.tree is None else "per-submission",
            "limits_reason": self.limits_reason,
            "filtered": self.filter_program is not None,
            "filter_reason": self.filter_reason,
            "network": "cut" if self.mode == "namespaces" or self.filter_program is not None
            else "open",
            "writes": "own-folder" if self.mode == "namespaces" or self.landlock.abi()
            else "unconfined",
            "writes_reason": "the namespace's read-only root" if self.mode == "namespaces"
            else self.landlock.describe_landlock()}).encode())
        try:
            self.answer(sock, wake_r)
        finally:
            self.boxes.close(CLOSING_S, _reap)

    def answer(self, sock: socket.socket, wake_r: int) -> None:
        while True:
            waited: list[Any] = [sock, wake_r]
            if wake_r in select.select(waited, [], [])[0]:
                with contextlib.suppress(OSError):
                    os.read(wake_r, 4096)
                self.boxes.ended(_reap())
                self.boxes.tidy()
                continue
            data = sock.recv(REQUEST_BYTES)
            if not data:
                return
            request = json.loads(data)
            try:
                reply, fds = self.spawn(request)
            except Exception as exc:
                reply, fds = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}, []
            try:
                socket.send_fds(sock, [json.dumps(reply).encode()], fds)
            finally:
                for fd in fds:
                    os.close(fd)

    def spawn(self, request: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
        isolate = bool(request["isolate"]) and self.mode == "namespaces"
        hidden = self.always_hidden + [os.path.realpath(p) for p in request["hide"]]
        limits = request["limits"]
        box = None if self.tree is None else self.tree.create(
            int(limits["memory_mb"]) * MB, int(limits["max_processes"]))
        workdir = None if isolate else tempfile.mkdtemp(prefix="grader-sandbox-")
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        keep_grader, keep_sandbox = socket.socketpair()
        sync: tuple[int, ...] = os.pipe() + os.pipe() if isolate else ()
        try:
            pid = os.fork()
        except OSError:
            for fd in (req_r, req_w, resp_r, resp_w, out_r, out_w, *sync):
                os.close(fd)
            keep_grader.close()
            keep_sandbox.close()
            if workdir:
                shutil.rmtree(workdir, ignore_errors=True)
            if box is not None:
                box.remove()
            raise
        if pid == 0:
            code = 1
            try:
                signal.set_wakeup_fd(-1)
                self.jail.keep_only([req_r, resp_w, out_w, keep_sandbox.fileno(), *sync])
                sandbox = Sandbox(self, limits, hidden, workdir,
                                  (req_r, resp_w, out_w), keep_sandbox.fileno(), box)
                if isolate:
                    sandbox.enter_namespaces(sync[1], sync[2])
                else:
                    sandbox.keep()
                code = 0
            finally:
                os._exit(code)
        for fd in (req_r, resp_w, out_w, keep_sandbox.detach()):
            os.close(fd)
        if box is not None:
            self.boxes.add(box, None if isolate else pid)
        try:
            if isolate:
                self.map_ids(pid, sync)
        except BaseException:
            for fd in (req_w, resp_r, out_r):
                os.close(fd)
            keep_grader.close()
            raise
        return {"ok": True, "workdir": workdir}, [req_w, resp_r, out_r, keep_grader.detach()]

    def map_ids(self, pid: int, sync: tuple[int, ...]) -> None:
        """Wait until the setup process has unshared, then write its uid and gid maps."""
        ready, to_setup = sync[0], sync[3]
        os.close(sync[1])
        os.close(sync[2])
        try:
            if not select.select([ready], [], [], HANDSHAKE_S)[0]:
                raise RuntimeError("the sandbox did not enter its namespaces in time")
            answer = os.read(ready, 4096)
            if answer != b"1":
                raise RuntimeError(answer[1:].decode(errors="replace") or "setup failed")
            self.jail.write_id_maps(pid)
            os.write(to_setup, b"1")
        finally:
            os.close(ready)
            os.close(to_setup)

    # --------------------------------------------------------------- probe

    def probe(self) -> tuple[str, str]:
        """Build one complete sandbox that exits at once: does isolation work here?"""
        limits = {"file_bytes": 1 << 20}
        sync = os.pipe() + os.pipe()
        report_r, report_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                signal.set_wakeup_fd(-1)
                self.jail.keep_only([report_w, *sync])
                sandbox = Sandbox(self, limits, self.always_hidden, None, None, report_w)
                sandbox.enter_namespaces(sync[1], sync[2])
                code = 0
            finally:
                os._exit(code)
        os.close(report_w)
        try:
            self.map_ids(pid, sync)
        except Exception as exc:
            return "limits-only", f"cannot create namespaces ({exc})"
        finally:
            os.waitpid(pid, 0)
        with os.fdopen(report_r, "rb") as report:
            lines = [json.loads(line) for line in report.read().splitlines() if line]
        errors = [line["error"] for line in lines if "error" in line]
        if errors:
            return "limits-only", f"cannot build the sandbox's file system ({errors[0]})"
        if {"exit": 0} not in lines:
            return "limits-only", "the isolation self-test did not finish"
        return "namespaces", "user, PID, mount and network namespaces"


class Sandbox:
    """The processes of one sandbox, from the zygote's fork to the student's request loop."""

    def __init__(self, zygote: Zygote, limits: dict[str, Any], hidden: list[str],
                 workdir: str | None, student_fds: tuple[int, int, int] | None,
                 keep_fd: int, box: Any = None) -> None:
        self.zygote = zygote
        self.box = box
        """The sandbox's control group (cgroups.Box), joined before anything else."""
        self.limits = limits
        self.hidden = hidden
        self.workdir = workdir
        self.student_fds = student_fds
        self.keep_fd = keep_fd

    def enter_namespaces(self, ready_w: int, go_r: int) -> None:
        """The setup process: unshare, wait for the id maps, start the keeper, exit."""
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        try:
            if self.box is not None:
                self.box.join()  # first: a user namespace may no longer write to it
            self.zygote.jail.unshare_all()
        except Exception as exc:
            os.write(ready_w, b"!" + str(exc).encode())
            raise
        os.write(ready_w, b"1")
        if os.read(go_r, 1) != b"1":
            raise RuntimeError("no id maps")
        os.close(ready_w)
        os.close(go_r)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                self.keep(isolated=True)
                code = 0
            finally:
                os._exit(code)
        _send_line(self.keep_fd, {"pid": pid})
        if self.student_fds is None:  # the probe: report how the keeper did
            _, status = os.waitpid(pid, 0)
            _send_line(self.keep_fd, {"exit": os.waitstatus_to_exitcode(status)})

    def keep(self, isolated: bool = False) -> None:
        """The keeper: prepare the sandbox, start the student process, watch both ends."""
        jail = self.zygote.jail
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()  # the student's processes join this group, unless they leave it
        if not isolated:
            _send_line(self.keep_fd, {"pid": os.getpid()})
        try:
            if self.box is not None and not isolated:
                self.box.join()
            if isolated:
                jail.build_root(self.zygote.mountpoint, self.zygote.needed, self.hidden,
                                int(self.limits["file_bytes"]))
                jail.drop_privileges()
            else:
                jail.adopt_orphans()
        except Exception as exc:
            _send_line(self.keep_fd, {"error": f"{type(exc).__name__}: {exc}"})
            raise
        if self.student_fds is None:
            return
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                signal.set_wakeup_fd(-1)
                self.student(isolated, [wake_r, wake_w])
                code = 0
            finally:
                os._exit(code)
        for fd in self.student_fds:
            os.close(fd)
        if isolated:
            jail.set_dumpable(False)
        self.watch(pid, wake_r, isolated)

    def watch(self, student: int, wake_r: int, isolated: bool) -> None:
        """Reap children, report the student's end, sweep when asked, end when told to."""
        while True:
            ready = select.select([self.keep_fd, wake_r], [], [])[0]
            if wake_r in ready:
                with contextlib.suppress(OSError):
                    os.read(wake_r, 4096)
                self.reap(student)
            if self.keep_fd in ready:
                try:
                    data = os.read(self.keep_fd, 64)
                except OSError:
                    data = b""
                if not data:
                    if not isolated:
                        self.kill_descendants(student)
                    return
                for _ in range(data.count(b"s")):
                    _send_line(self.keep_fd, {"swept": self.kill_tree(student, spare=student)})

    def reap(self, student: int) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == student:
                if os.WIFSIGNALED(status):
                    _send_line(self.keep_fd, {"signal": os.WTERMSIG(status)})
                else:
                    _send_line(self.keep_fd, {"exit": os.waitstatus_to_exitcode(status)})

    def kill_descendants(self, student: int) -> None:
        """Without a PID namespace: kill the student's processes, then our process group.

        The student's own subprocesses, ``setsid`` or not, become this process's children
        when their parents die (it is a subreaper), so they are found even then.
        """
        self.kill_tree(student)
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.killpg(0, signal.SIGKILL)  # the rest of our process group, this process last

    def kill_tree(self, student: int, spare: int | None = None) -> int:
        """Kill every process below this one but ``spare``; returns how many were killed.

        Repeating catches processes forked while the previous round was killing, unless
        they fork faster than this loop kills; the process limit bounds that.
        """
        killed: set[int] = set()
        for _ in range(100):
            victims = [pid for pid in _descendants(os.getpid()) if pid != spare]
            if not victims:
                break
            for pid in victims:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            killed.update(victims)
            time.sleep(0.002)
            self.reap(student)
        return len(killed)

    def student(self, isolated: bool, extra: list[int]) -> None:
        """The student process: plumbing, environment and limits, then the request loop."""
        zygote = self.zygote
        assert self.student_fds is not None
        req_r, resp_w, out_w = self.student_fds
        zygote.jail.die_with_parent()
        if isolated:
            zygote.jail.set_dumpable(True)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for fd in extra + [self.keep_fd]:
            os.close(fd)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(out_w, 2)
        zygote.jail.keep_only([req_r, resp_w])
        home = zygote.jail.workdir_for(zygote.needed) if isolated else str(self.workdir)
        os.chdir(home)
        os.environ.update({"HOME": home, "TMPDIR": home, "MPLCONFIGDIR": home})
        tempfile.tempdir = None
        zygote.child._apply_limits(self.limits)
        greeting = self.confine(isolated, home)
        zygote.hardening.lock_down(zygote.filter_program)
        greeting["network"] = "cut" if isolated or zygote.filter_program is not None else "open"
        zygote.child.Child(zygote.plain, req_r, resp_w, greeting).serve()

    def confine(self, isolated: bool, home: str) -> dict[str, str]:
        """Without namespaces: as root, become nobody (or at least give up every
        capability: limits stick only then), and write nowhere but ``home``. Returns what
        was done, for the greeting: the grader reports it, never what was meant to be."""
        if isolated:
            return {"isolation": "namespaces", "writes": "own-folder"}
        jail = self.zygote.jail
        mode = "limits-only"
        if os.geteuid() == 0 and not self.zygote.as_nobody:
            jail.drop_privileges()
        elif os.geteuid() == 0 and jail.become_nobody(home):  # else: root, no capability
            mode = "unprivileged-uid"
        writes = "own-folder" if self.zygote.landlock.confine_writes(home) else "unconfined"
        return {"isolation": mode, "writes": writes}


def _reap() -> set[int]:
    """Reap every child of the zygote that has ended: keepers, and any orphan of a
    sandbox that it adopted."""
    ended: set[int] = set()
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return ended
        if pid == 0:
            return ended
        ended.add(pid)


def _descendants(root: int) -> list[int]:
    """Live processes below ``root``, from ``/proc`` as this process sees it."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents.setdefault(int(fields[1]), []).append(int(name))
    found, frontier = [], [root]
    while frontier:
        children = parents.get(frontier.pop(), [])
        found += children
        frontier += children
    return found


def main(argv: list[str]) -> None:
    config = json.loads(argv[1])
    sock = socket.socket(fileno=config["socket"])
    Zygote(config).serve(sock)


if __name__ == "__main__":
    main(sys.argv)
