"""bench/proctree.py: the tree's resident set counts each physical page once.

The fork tests need root (page frame numbers are hidden from everyone else) and Linux;
without them they are skipped, and the decoding and counting are still tested on
synthetic pagemap entries.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bench import proctree
from bench.proctree import PAGE, present_frames, resident_bytes

ROOT = Path(__file__).resolve().parents[2]
PRESENT, SWAPPED, FILE_PAGE, EXCLUSIVE, SOFT_DIRTY = 1 << 63, 1 << 62, 1 << 61, 1 << 56, 1 << 55
MB = 2**20

FORKS = """
import os, sys
buf = bytearray(b"\\x01") * (40 * 2**20)  # every page written, so every page resident
children = []
for _ in range(3):
    command_r, command_w = os.pipe()
    ack_r, ack_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        for _, other_w, _ in [*children, (0, command_w, 0)]:
            os.close(other_w)  # so that the parent closing its end is EOF here
        while os.read(command_r, 1) == b"w":
            buf[::4096] = b"\\x02" * len(range(0, len(buf), 4096))  # copy on write
            os.write(ack_w, b"k")
        os._exit(0)
    children.append((pid, command_w, ack_r))
print(os.getpid(), *(pid for pid, _, _ in children), flush=True)
for line in sys.stdin:
    _, command_w, ack_r = children[int(line)]
    os.write(command_w, b"w")
    os.read(ack_r, 1)
    print("written", flush=True)
for pid, command_w, _ in children:
    os.close(command_w)
    os.waitpid(pid, 0)
"""
"""A parent holding 40 MB and three forks that only wait, until told on stdin to write
their copy of it (a line with the child's index)."""


def entries(*words: int) -> bytes:
    return np.array(words, dtype="<u8").tobytes()


@pytest.mark.parametrize(("words", "frames"), [
    ((), []),
    ((0,), []),
    ((PRESENT | 7,), [7]),
    ((PRESENT | (2**55 - 1),), [2**55 - 1]),
    ((PRESENT | SOFT_DIRTY | EXCLUSIVE | FILE_PAGE | 42,), [42]),
    ((SWAPPED | 42, PRESENT | 3, 0, PRESENT | 3), [3, 3]),
    ((FILE_PAGE | 9, PRESENT,), [0]),
])
def test_present_frames_decode_pagemap_entries(words, frames):
    assert present_frames(entries(*words)).tolist() == frames


@pytest.mark.parametrize(("maps", "spans"), [
    (b"", []),
    (b"00400000-00402000 r-xp 00000000 08:01 12 /usr/bin/python3\n"
     b"00402000-00403000 rw-p 00002000 08:01 12 /usr/bin/python3\n", [(0x400, 0x403)]),
    (b"00400000-00401000 r--p 00000000 00:00 0\n"
     b"00500000-00501000 rw-p 00000000 00:00 0 [heap]\n", [(0x400, 0x401), (0x500, 0x501)]),
    (b"7ffd0000-7ffd1000 rw-p 00000000 00:00 0 [stack]\n"
     b"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n",
     [(0x7ffd0, 0x7ffd1)]),
])
def test_spans_merge_adjacent_mappings_and_skip_vsyscall(maps, spans):
    pages = [(low * 4096 // PAGE, high * 4096 // PAGE) for low, high in spans]
    assert proctree._spans(maps) == pages


@pytest.mark.parametrize(("frames", "expected"), [
    ({}, 0),
    ({1: [5, 6, 7]}, 3),
    ({1: [5, 6, 7], 2: [5, 6, 7], 3: [6, 7, 8]}, 4),
    ({1: [5, 6], 2: None}, 2),  # 2 ended while it was read
    ({1: [], 2: []}, 0),
    ({1: [0, 0], 2: [0]}, None),  # frame numbers hidden: no root
])
def test_resident_bytes_counts_each_frame_once(monkeypatch, frames, expected):
    def read(pid: int) -> np.ndarray | None:
        found = frames[pid]
        return None if found is None else np.array(found, dtype=np.uint64)

    monkeypatch.setattr(proctree, "resident_frames", read)
    measured = resident_bytes(list(frames))
    assert measured == (None if expected is None else expected * PAGE)


def test_a_process_that_does_not_exist_counts_nothing():
    assert proctree.resident_frames(2**22 + 1) is None


def needs_frames() -> None:
    """Skip unless this machine shows page frame numbers to this process."""
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc/PID/pagemap: Linux only")
    if os.geteuid() != 0:
        pytest.skip("page frame numbers in /proc/PID/pagemap need root (CAP_SYS_ADMIN)")
    if resident_bytes([os.getpid()]) is None:
        pytest.skip("page frame numbers read as 0 here: CAP_SYS_ADMIN is missing")


@pytest.fixture
def forks() -> Iterator[tuple[subprocess.Popen[str], list[int]]]:
    """The FORKS script running: its process and the pids of parent and children."""
    needs_frames()
    proc = subprocess.Popen([sys.executable, "-c", FORKS], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        yield proc, [int(pid) for pid in proc.stdout.readline().split()]
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def tell_child_to_write(proc: subprocess.Popen[str], child: int) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{child}\n")
    proc.stdin.flush()
    assert proc.stdout.readline() == "written\n"


def test_forks_sharing_pages_count_them_once(forks):
    proc, pids = forks
    parent = resident_bytes(pids[:1])
    union = resident_bytes(pids)
    summed_rss = sum(proctree._memory(pid)[0] for pid in pids)
    assert parent is not None and union is not None
    assert parent > 40 * MB
    assert abs(union - parent) < 0.25 * parent
    assert summed_rss > 3 * union


def test_a_child_writing_its_copy_raises_the_union(forks):
    proc, pids = forks
    before = resident_bytes(pids)
    tell_child_to_write(proc, 0)
    after = resident_bytes(pids)
    assert before is not None and after is not None
    assert after - before > 0.9 * 40 * MB


RUN_TREE = """
import sys
from bench import proctree
proctree.RESIDENT_EVERY = 0.0  # a resident sample with every PSS sample
run = proctree.run_tree([sys.executable, "-c", sys.argv[1]], interval=0.05)
print(run.peak_resident_mb, run.peak_pss_mb, run.peak_rss_mb, run.peak_processes)
"""
SLEEPY_FORKS = """
import os, time
buf = bytearray(b"\\x01") * (40 * 2**20)
pids = [os.fork() for _ in range(2)]  # the first fork forks too: four processes
time.sleep(1.5)
for pid in pids:
    if pid:
        os.waitpid(pid, 0)
"""


def test_run_tree_reports_the_resident_set_below_summed_rss():
    """In a child process of its own: run_tree makes its caller a subreaper for good."""
    needs_frames()
    printed = subprocess.run([sys.executable, "-c", RUN_TREE, SLEEPY_FORKS], cwd=ROOT,
                             capture_output=True, text=True, check=True, timeout=60).stdout
    resident, pss, rss, processes = (float(word) for word in printed.split())
    assert processes == 4
    assert 40 < resident < 0.5 * rss
    assert abs(resident - pss) < 0.25 * resident


CPU_TREE = """
import sys
from bench import proctree
run = proctree.run_tree([sys.executable, "-c", sys.argv[1]], interval=0.05)
print(run.cpu_source, run.cpu_seconds)
"""
SELF_REAPED_BURNER = """
import os, signal, time
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # as the zygote: children reaped unseen
if os.fork() == 0:
    while time.process_time() < 0.4:
        pass
    os._exit(0)
time.sleep(1.0)
"""


def test_cpu_counts_processes_nobody_waited_for():
    """A child reaped automatically never reaches RUSAGE_CHILDREN; the control group
    still counts its CPU time."""
    if os.geteuid() != 0 or not proctree.CpuGroup.make_possible():
        pytest.skip("making a control group needs root and a cgroup file system")
    printed = subprocess.run([sys.executable, "-c", CPU_TREE, SELF_REAPED_BURNER], cwd=ROOT,
                             capture_output=True, text=True, check=True, timeout=60).stdout
    source, seconds = printed.split()
    assert source == "cgroup"
    assert float(seconds) >= 0.4
