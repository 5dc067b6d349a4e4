"""Run a command and measure its whole process tree from /proc (Linux only, no psutil).

Sandboxes are forked by a zygote and outlive the process that forked them, so orphans
would be re-parented to init and escape a walk of the command's descendants. This process
makes itself a *child subreaper* (prctl), so every orphan of the tree becomes its child:
the tree is then simply "every descendant of this process".

CPU time is read from a cpuacct control group made for the run (cgroup v1, or v2's
cpu.stat), which counts every process that ever ran in it: a zygote reaps its sandboxes
itself (SIGCHLD ignored), and the time of a process reaped that way never reaches anyone's
RUSAGE_CHILDREN. Without the right to make a control group (not root) the figure falls
back to RUSAGE_CHILDREN and says that it leaves the sandboxes out.

Memory is measured three ways, because forks share pages and each way counts them
differently:

- resident: the set of physical pages resident in any process of the tree, each page once
  (from /proc/PID/pagemap). This is the tree's real footprint, the figure a "peak RSS of
  the whole tree" target means. Reading page frame numbers needs CAP_SYS_ADMIN (root);
  without it the measure is unavailable (None) and PSS is the next best.
- PSS summed: each shared page split between the processes sharing it. It adds up to the
  tree's own pages plus its share of pages it shares with processes outside the tree.
- RSS summed per process: counts a page shared by a zygote and its forks once per
  process, so it overstates the tree several times over.

PSS and RSS are cheap and sampled every `interval` seconds. The resident set costs a
few milliseconds per process (a page table walk in the kernel and a sort of its frames),
and the sampler competes with what it measures for the cores, so it is sampled at most
once every RESIDENT_EVERY seconds, plus once when PSS reaches a new peak and the last
sample is older than RESIDENT_AT_PEAK_AFTER.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PR_SET_CHILD_SUBREAPER = 36
RESIDENT_EVERY = 1.0
"""Seconds between two samples of the tree's resident set, at most."""
RESIDENT_AT_PEAK_AFTER = 0.5
"""A new PSS peak takes a resident sample too, if the last one is older than this."""
PAGE = os.sysconf("SC_PAGE_SIZE")
PRESENT = np.uint64(1 << 63)
PFN = np.uint64((1 << 55) - 1)
"""/proc/PID/pagemap: 8 bytes per virtual page, bit 63 present, bits 0-54 the frame number."""
PAGEMAP_CHUNK = 1 << 16
"""Pages read from pagemap at once: half a megabyte, however large a reservation is."""


@dataclass(frozen=True)
class TreeRun:
    """What one command cost, whole tree included."""

    returncode: int
    seconds: float
    peak_rss_mb: float
    """Peak of the RSS summed per process: overcounts shared pages, once per process
    sharing them (a zygote's numpy and sympy pages again in every fork)."""
    peak_pss_mb: float
    """Peak of the summed PSS: shared pages counted once in all."""
    peak_processes: int
    peak_at: float
    """Seconds after the start when the summed PSS peaked."""
    cpu_seconds: float
    """User + system CPU of the whole tree (see `cpu_source`)."""
    peak_resident_mb: float | None = None
    """Peak of the tree's resident set, each physical page once; None without root."""
    cpu_source: str = "rusage"
    """"cgroup": every process of the run; "rusage": only those reaped by a parent that
    waited for them (sandboxes reaped by a zygote are missing)."""


def run_tree(argv: Sequence[str], *, interval: float = 0.25, cwd: Path | None = None,
             env: dict[str, str] | None = None, quiet: bool = True) -> TreeRun:
    """Run `argv` to completion, sampling the tree's memory; its output is discarded
    when `quiet`."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, ctypes.c_ulong(1), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sink = subprocess.DEVNULL if quiet else None
    group = CpuGroup.make()
    started = time.perf_counter()
    proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=sink, stderr=sink,
                            preexec_fn=group.join if group else None)
    peak_rss = peak_pss = peak_at = 0.0
    peak_resident: float | None = 0.0
    resident_at = -RESIDENT_EVERY
    peak_processes = 0
    returncode: int | None = None
    ended = 0.0
    while True:
        returncode, ended = _reap(proc.pid, returncode, ended, started)
        tree = _descendants(os.getpid())
        if returncode is not None and (not tree or time.perf_counter() - ended > 10):
            break
        rss = pss = 0.0
        for pid in tree:
            rss_pid, pss_pid = _memory(pid)
            rss += rss_pid
            pss += pss_pid
        now = time.perf_counter()
        new_peak = pss > peak_pss
        if new_peak:
            peak_pss, peak_at = pss, now - started
        since = now - resident_at
        if peak_resident is not None and (
                since >= RESIDENT_EVERY or (new_peak and since > RESIDENT_AT_PEAK_AFTER)):
            resident, resident_at = resident_bytes(tree), now
            peak_resident = None if resident is None else max(peak_resident, resident)
        peak_rss = max(peak_rss, rss)
        peak_processes = max(peak_processes, len(tree))
        time.sleep(interval)
    proc.returncode = returncode  # reaped here, not by Popen
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    source = "rusage"
    if group is not None:
        cpu, source = group.seconds(), "cgroup"
        group.remove()
    return TreeRun(returncode, ended - started, peak_rss / 2**20, peak_pss / 2**20,
                   peak_processes, peak_at, cpu,
                   None if peak_resident is None else peak_resident / 2**20, source)


@dataclass(frozen=True)
class CpuGroup:
    """A control group made for one run, to read the CPU time of all its processes."""

    path: Path
    version: int

    @classmethod
    def make(cls) -> CpuGroup | None:
        """A new group under cgroup v1's cpuacct or v2's hierarchy; None if not allowed."""
        name = f"bench-proctree-{os.getpid()}-{time.monotonic_ns()}"
        for root, version in ((Path("/sys/fs/cgroup/cpuacct"), 1), (Path("/sys/fs/cgroup"), 2)):
            if version == 2 and not (root / "cgroup.controllers").is_file():
                continue
            if version == 1 and not (root / "cpuacct.usage").is_file():
                continue
            try:
                (root / name).mkdir()
            except OSError:
                continue
            return cls(root / name, version)
        return None

    @classmethod
    def make_possible(cls) -> bool:
        group = cls.make()
        if group is None:
            return False
        group.remove()
        return True

    def join(self) -> None:
        """Run in the child before exec: move it (and so all it starts) into the group."""
        (self.path / "cgroup.procs").write_text("0")

    def seconds(self) -> float:
        if self.version == 1:
            return int((self.path / "cpuacct.usage").read_text()) / 1e9
        for line in (self.path / "cpu.stat").read_text().splitlines():
            if line.startswith("usage_usec "):
                return int(line.split()[1]) / 1e6
        return 0.0

    def remove(self) -> None:
        """Delete the group once it is empty (the tree has ended by now), with the groups
        the grader made in it on cgroup v2 (grader-leaf, where it moved the run's own
        processes, and its sandboxes' boxes): deepest first."""
        for _ in range(50):
            try:
                for folder in sorted((p for p in self.path.rglob("*") if p.is_dir()),
                                     key=lambda p: len(p.parts), reverse=True):
                    folder.rmdir()
                self.path.rmdir()
                return
            except OSError:
                time.sleep(0.1)


def resident_bytes(pids: Sequence[int]) -> int | None:
    """Bytes of the physical pages resident in any of `pids`, each page once.

    Summing per-process sizes cannot give this: a page a zygote shares with its forks is
    one page of memory however many of them map it. None when page frame numbers are
    hidden (they read as 0 without CAP_SYS_ADMIN), so that no one mistakes a guess for a
    measure; a process that ends while it is read counts for nothing.
    """
    parts = [frames for pid in pids if (frames := resident_frames(pid)) is not None]
    if not parts:
        return 0
    frames = np.concatenate(parts)
    if frames.size and not frames.any():
        return None
    return int(np.unique(frames).size) * PAGE


def resident_frames(pid: int) -> np.ndarray | None:
    """Frame numbers of the pages resident in `pid` (None once it has ended)."""
    try:
        with open(f"/proc/{pid}/maps", "rb") as file:
            spans = _spans(file.read())
        fd = os.open(f"/proc/{pid}/pagemap", os.O_RDONLY)
    except OSError:
        return None
    parts = [np.empty(0, dtype=np.uint64)]
    try:
        for low, high in spans:
            for start in range(low, high, PAGEMAP_CHUNK):
                size = 8 * (min(high, start + PAGEMAP_CHUNK) - start)
                entries = os.pread(fd, size, 8 * start)
                if len(entries) < size:  # the process is gone: no page tables left to read
                    return None
                parts.append(present_frames(entries))
    except OSError:
        return None
    finally:
        os.close(fd)
    return np.concatenate(parts)


def present_frames(entries: bytes) -> np.ndarray:
    """The frame numbers of the present pages among raw pagemap entries.

    A page that is swapped out, or never touched, is not memory the tree holds now.
    """
    words = np.frombuffer(entries, dtype="<u8")
    return words[(words & PRESENT) != 0] & PFN


def _spans(maps: bytes) -> list[tuple[int, int]]:
    """Virtual page ranges [low, high) of a /proc/PID/maps text, adjacent ones merged so
    a process's libraries cost one read each, not one per segment. [vsyscall] lies
    outside the process's page tables and has no entries."""
    spans: list[tuple[int, int]] = []
    for line in maps.splitlines():
        if line.endswith(b"[vsyscall]"):
            continue
        low_text, high_text = line.split(b" ", 1)[0].split(b"-")
        low, high = int(low_text, 16) // PAGE, int(high_text, 16) // PAGE
        if spans and spans[-1][1] == low:
            spans[-1] = (spans[-1][0], high)
        else:
            spans.append((low, high))
    return spans


def _reap(command: int, returncode: int | None, ended: float,
          started: float) -> tuple[int | None, float]:
    """Reap every finished child (orphans included); note when the command itself ends."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return returncode, ended
        if pid == 0:
            return returncode, ended
        if pid == command:
            returncode, ended = os.waitstatus_to_exitcode(status), time.perf_counter()


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as file:
                fields = file.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _memory(pid: int) -> tuple[float, float]:
    """RSS and PSS of one process in bytes (0 for one that has just ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            rollup = file.read()
    except OSError:
        return 0.0, 0.0
    rss = pss = 0.0
    for line in rollup.splitlines():
        if line.startswith(b"Rss:"):
            rss = float(line.split()[1]) * 1024
        elif line.startswith(b"Pss:"):
            pss = float(line.split()[1]) * 1024
    return rss, pss
