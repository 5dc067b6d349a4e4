"""Run a command and measure its whole process tree from /proc (Linux only, no psutil).

Sandboxes are forked by a zygote and outlive the process that forked them, so orphans
would be re-parented to init and escape a walk of the command's descendants. This process
makes itself a *child subreaper* (prctl), so every orphan of the tree becomes its child:
the tree is then simply "every descendant of this process", and reaping them here makes
their CPU time show up in this process's RUSAGE_CHILDREN.

Memory is sampled every `interval` seconds: the sum of RSS over the tree (counts pages
shared between a zygote and its forks once per process, so it overstates) and the sum of
PSS (each shared page split between the processes sharing it: the memory really used).
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

PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class TreeRun:
    """What one command cost, whole tree included."""

    returncode: int
    seconds: float
    peak_rss_mb: float
    """Peak of the summed RSS of every process in the tree."""
    peak_pss_mb: float
    """Peak of the summed PSS: shared pages counted once in all."""
    peak_processes: int
    peak_at: float
    """Seconds after the start when the summed PSS peaked."""
    cpu_seconds: float
    """User + system CPU of the whole tree, from RUSAGE_CHILDREN."""


def run_tree(argv: Sequence[str], *, interval: float = 0.1, cwd: Path | None = None,
             env: dict[str, str] | None = None, quiet: bool = True) -> TreeRun:
    """Run `argv` to completion, sampling the tree's memory; its output is discarded
    when `quiet`."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, ctypes.c_ulong(1), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sink = subprocess.DEVNULL if quiet else None
    started = time.perf_counter()
    proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=sink, stderr=sink)
    peak_rss = peak_pss = peak_at = 0.0
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
        if pss > peak_pss:
            peak_pss, peak_at = pss, time.perf_counter() - started
        peak_rss = max(peak_rss, rss)
        peak_processes = max(peak_processes, len(tree))
        time.sleep(interval)
    proc.returncode = returncode  # reaped here, not by Popen
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return TreeRun(returncode, ended - started, peak_rss / 2**20, peak_pss / 2**20,
                   peak_processes, peak_at, cpu)


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
