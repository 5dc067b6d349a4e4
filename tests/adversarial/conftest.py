"""What the adversarial tests share: short limits, the course with a results folder of its
own, the good submissions graded alone, and ways to look at the machine from outside."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import socket
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from grader.course import Course
from grader.pipeline import Gradebook, grade_folder, prepare_course
from grader.results import BatchResult, SubmissionResult, to_dict
from grader.sandbox import Limits, launcher
from tests.adversarial.notebooks import copy_good
from tests.adversarial.syscalls import drop_key, hold_key

LIMITS = Limits(notebook_timeout_s=10.0, cell_timeout_s=1.0, call_timeout_s=1.0,
                memory_mb=768, cpu_s=10, output_bytes=4096, max_processes=32, open_files=64,
                file_bytes=8 * 1024 * 1024)
"""Short enough that a notebook that loops costs about a second, roomy enough that the good
samples grade exactly as with the course's own limits."""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("adversarial")


@pytest.fixture(scope="module")
def adversarial_gradebook(course: Course, workspace: Path) -> Gradebook:
    """The repository's course, its results folder moved somewhere the test can watch."""
    out = workspace / "out"
    out.mkdir()
    (out / "results.json").write_text('{"earlier": "results"}', encoding="utf-8")
    config = dataclasses.replace(course.config, out=out)
    return prepare_course(dataclasses.replace(course, config=config), LIMITS)


@pytest.fixture(scope="module")
def good_alone(adversarial_gradebook: Gradebook, workspace: Path,
               fresh_zygote: None) -> dict[str, SubmissionResult]:
    """The good submissions graded in a batch of their own: what they must still get."""
    folder = workspace / "good-only"
    copy_good(folder)
    return by_name(grade_folder(folder, adversarial_gradebook))


def by_name(batch: BatchResult) -> dict[str, SubmissionResult]:
    return {row.submission: row for row in batch.submissions}


def same_rows(batch: BatchResult, alone: dict[str, SubmissionResult],
              copies: Mapping[str, tuple[str, ...]] | None = None) -> None:
    """Every good row of `batch` is the row it got when graded without the hostile ones,
    but for `copies`: the hostile notebooks that say what a good one says, named on its
    row (`same_as`)."""
    rows = by_name(batch)
    for name, row in alone.items():
        assert row.status == "graded", (name, row.detail)
        expected = dataclasses.replace(row, same_as=(copies or {}).get(name, ()))
        assert to_dict_row(rows[name]) == to_dict_row(expected), name


def to_dict_row(row: SubmissionResult) -> dict:
    wrapped = BatchResult(course="", grader_version="", submissions=(row,))
    return to_dict(wrapped)["submissions"][0]


TOKEN = uuid.uuid4().hex[:12]
SECRET_VARIABLE = "GRADER_TEST_SECRET"


@pytest.fixture(scope="module")
def fresh_zygote() -> Iterator[None]:
    """A zygote started by this module while the grader's environment holds a secret (the
    token), and its session keyring a key named after it, so a test can show that no
    student process sees either."""
    previous = launcher.replace_shared(None)
    if previous is not None:
        previous.close()
    os.environ[SECRET_VARIABLE] = TOKEN
    key = hold_key(TOKEN)
    try:
        launcher.shared_zygote()
    finally:
        del os.environ[SECRET_VARIABLE]
    yield
    drop_key(key)
    ours = launcher.replace_shared(None)
    if ours is not None:
        ours.close()


def fingerprint(*trees: Path) -> dict[str, tuple[int, int, str]]:
    """Size, modification time and content hash of every file under `trees`."""
    found = {}
    for tree in trees:
        files = [tree] if tree.is_file() else sorted(p for p in tree.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path)] = (stat.st_size, stat.st_mtime_ns, digest)
    return found


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[socket.socket, socket.socket]]:
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", tcp.getsockname()[1]))
    for sock in (tcp, udp):
        sock.setblocking(False)
    yield tcp, udp
    tcp.close()
    udp.close()


def connections(tcp: socket.socket, udp: socket.socket) -> list[str]:
    seen = []
    try:
        tcp.accept()
        seen.append("tcp")
    except OSError as error:
        assert error.errno in (errno.EAGAIN, errno.EWOULDBLOCK)
    try:
        udp.recv(64)
        seen.append("udp")
    except OSError as error:
        assert error.errno in (errno.EAGAIN, errno.EWOULDBLOCK)
    return seen
