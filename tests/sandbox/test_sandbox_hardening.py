"""The student's process under the deny-list and with a keyring of its own, shown in
forked processes of this test (the notebooks that try the same run in tests/adversarial/,
case `system_calls` and `keyring`)."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable
from typing import Any

import pytest

from grader.sandbox import hardening
from tests.adversarial.syscalls import MAKE_CALLS, hold_key, native

pytestmark = pytest.mark.skipif(not native(), reason="the table knows x86_64 and aarch64 only")


def in_child(work: Callable[[], Any]) -> Any:
    """What `work` returns when run in a forked process (so that no filter or keyring
    change reaches this one)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            os.write(write, json.dumps(work()).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as answer:
        data = answer.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def make_calls() -> dict[str, Any]:
    scope: dict[str, Any] = {}
    exec(MAKE_CALLS, scope)
    return scope["make_calls"](native())


def filtered(work: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        program, reason = hardening.build_filter()
        if program is None:
            return {"no filter": reason}
        hardening.lock_down(program)
        return work()
    return run


def test_the_numbers_tested_are_the_ones_libseccomp_knows() -> None:
    seccomp = pytest.importorskip("pyseccomp")
    for name, (number, _) in native().items():
        known = seccomp.resolve_syscall(seccomp.Arch.NATIVE, name)
        assert known in (number, -1), name  # -1: newer than this libseccomp


def test_every_denied_call_fails_with_eperm_and_only_because_of_the_filter() -> None:
    unfiltered = in_child(make_calls)
    assert unfiltered["keyctl"] > 0 and unfiltered["unshare"] == 0  # they do work without
    assert unfiltered["clone"] == "EINVAL"  # no copy of the process was made, either way
    outcome = in_child(filtered(make_calls))
    assert "no filter" not in outcome, outcome
    assert outcome == {name: "EPERM" for name in native()}


def test_threads_forks_and_programs_still_work_under_the_filter() -> None:
    def work() -> list[Any]:
        box: list[int] = []
        thread = threading.Thread(target=lambda: box.append(1))
        thread.start()
        thread.join()
        return [box, subprocess.run(["true"]).returncode, open("/proc/self/status").read()
                .split("Seccomp:")[1].split()[0]]

    assert in_child(filtered(work)) == [[1], 0, "2"]


def test_a_fresh_session_keyring_holds_none_of_the_grader_s_keys() -> None:
    """This test's child holds a key the way a login session does; its own children can
    read it, until they join a keyring of their own."""
    def read_own_key(join: bool) -> Callable[[], Any]:
        def work() -> Any:
            if join:
                hardening.join_fresh_keyring()
            scope: dict[str, Any] = {}
            exec(READ, scope)
            return scope["found"]
        return work

    def grader() -> Any:
        if hold_key("hardening-test") is None:
            return "no keys"
        return [in_child(read_own_key(False)), in_child(read_own_key(True))]

    result = in_child(grader)
    if result == "no keys":
        pytest.skip("this kernel has no keyrings")
    assert result == [True, False]


READ = f"""
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
found = libc.syscall(ctypes.c_long({native()["keyctl"][0]}), ctypes.c_long(10),
                     ctypes.c_long(-3), b"user", b"grader-test-hardening-test",
                     ctypes.c_long(0)) > 0
"""
