"""What the student's process may not ask of the kernel: the grader's keys, and a deny-list
of system calls.

Loaded by path in the zygote (see ``zygote.py``), like ``jail.py``: it must not import the
grader package. The filter is written once per grading process by libseccomp (through
``pyseccomp``, a ctypes binding), which knows each architecture's numbers and sends
system calls of any other ABI (x86's 32-bit and x32 calls on x86_64) to the same answer;
what it writes is a BPF program, which each student's process hands to the kernel with
one ``prctl``, so neither libseccomp nor an interpreter's search for it is paid per
sandbox. That, and the keyring, run in the student's process at the very end of its
set-up, in both isolation modes: the set-up itself mounts, unshares and talks to the
keyring; student code has no business doing any of it.

Denied calls fail with EPERM, which student code sees as an ordinary ``OSError``, so a
notebook that tries one is still graded on what it answers. The list holds what lets a
process reach beyond its own sandbox or the kernel's rarely used, often attacked corners:
keys (Kerberos and AFS tokens live in a session keyring), BPF, io_uring, userfaultfd,
perf events, kexec, modules, every way to mount or unmount, tracing other processes or
reading their memory, and entering or creating namespaces. ``clone3`` fails with ENOSYS
instead: its flags sit in memory a filter cannot read, and the C library then falls back
to ``clone``, whose namespace flags the filter does see.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys

DENIED = (
    "keyctl", "add_key", "request_key",
    "bpf", "io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd",
    "perf_event_open", "kexec_load", "kexec_file_load",
    "init_module", "finit_module", "delete_module",
    "mount", "umount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount",
    "fspick", "open_tree", "move_mount", "mount_setattr", "open_by_handle_at",
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "process_madvise",
    "unshare", "setns",
)
UNIFIED_NUMBERS = {"open_tree_attr": 467}
"""Calls newer than some libseccomp releases know by name; numbered alike on every
architecture since Linux 5.1, so the number stands in for the name."""
CLONE_NAMESPACES = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000,
                    0x20000000, 0x40000000)
"""clone's flags that create a namespace: NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER,
NEWPID, NEWNET."""
NETWORK_FAMILIES = (2, 10, 17)
"""socket()'s families that reach a network: AF_INET, AF_INET6, AF_PACKET. Without
namespaces (Gradescope, Docker) nothing else cuts the network; AF_UNIX stays, for the
pipes and pools that libraries make."""
KEYCTL = {"x86_64": 250, "aarch64": 219, "arm64": 219, "riscv64": 219, "ppc64le": 280,
          "s390x": 280, "armv7l": 311, "i686": 288}
"""keyctl's number by ``uname -m``; elsewhere libseccomp is asked."""
KEYCTL_JOIN_SESSION_KEYRING = 1
PR_SET_SECCOMP, SECCOMP_MODE_FILTER, PR_SET_NO_NEW_PRIVS = 22, 2, 38

_libc = ctypes.CDLL(None, use_errno=True)


class HardeningError(Exception):
    """A step that must not be skipped failed; ``step`` names it, ``errno`` says why."""

    def __init__(self, step: str, number: int) -> None:
        super().__init__(f"{step}: {os.strerror(number)}")
        self.step = step
        self.errno = number


def join_fresh_keyring() -> None:
    """Give this process a new, empty session keyring of its own.

    A forked process shares its parent's session keyring, and possessing a keyring is
    all it takes to read the keys in it: a sandbox forked from the grader could copy
    whatever the grader's login session holds. A kernel without keys has none to leak,
    and only Linux has them.
    """
    if not sys.platform.startswith("linux"):
        return
    number = KEYCTL.get(os.uname().machine) or _resolve("keyctl")
    if number is None:
        raise HardeningError("keyctl", errno.ENOSYS)
    if _libc.syscall(ctypes.c_long(number), ctypes.c_long(KEYCTL_JOIN_SESSION_KEYRING),
                     ctypes.c_void_p(None)) < 0:
        code = ctypes.get_errno()
        if code != errno.ENOSYS:
            raise HardeningError("join a new session keyring", code)


def _resolve(name: str) -> int | None:
    try:
        import pyseccomp  # optional: without it, no filter
    except (ImportError, RuntimeError):
        return None
    number = pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, name)
    return number if number >= 0 else None


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def build_filter() -> tuple[bytes | None, str]:
    """The deny-list as a BPF program for this machine, written once by libseccomp and
    loaded in every student's process; None, and why, where libseccomp is not there."""
    import tempfile  # here: a fresh interpreter that only loads the program never needs it

    try:
        import pyseccomp as seccomp  # optional: without it, no filter
    except (ImportError, RuntimeError, OSError) as exc:
        return None, f"no system-call filter ({type(exc).__name__}: {exc})"
    deny = seccomp.ERRNO(errno.EPERM)
    syscall_filter = seccomp.SyscallFilter(seccomp.ALLOW)
    unknown = []
    for name in DENIED:
        try:
            syscall_filter.add_rule(deny, name)
        except OSError:  # not on this architecture, or unknown to this libseccomp
            unknown.append(name)
    for name, number in UNIFIED_NUMBERS.items():
        if seccomp.resolve_syscall(seccomp.Arch.NATIVE, name) < 0:
            syscall_filter.add_rule(deny, number)
    for flag in CLONE_NAMESPACES:
        syscall_filter.add_rule(deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    for family in NETWORK_FAMILIES:
        syscall_filter.add_rule(deny, "socket", seccomp.Arg(0, seccomp.EQ, family))
    syscall_filter.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    syscall_filter.set_attr(seccomp.Attr.ACT_BADARCH, deny)
    with tempfile.TemporaryFile() as file:
        syscall_filter.export_bpf(file)
        file.seek(0)
        program = file.read()
    missing = f" ({', '.join(unknown)} unknown here)" if unknown else ""
    return program, f"a system-call deny-list{missing}"


def lock_down(program: bytes | None) -> None:
    """The last step before student code runs: a keyring of its own, then the filter,
    after no_new_privs (which the kernel requires of a process without privileges, and
    which keeps any exec from lifting the filter)."""
    join_fresh_keyring()
    if program is None:
        return
    code = ctypes.create_string_buffer(program, len(program))
    filter_program = _Program(len(program) // 8, ctypes.cast(code, ctypes.c_void_p))
    zero = ctypes.c_ulong(0)
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), zero, zero, zero) != 0:
        raise HardeningError("no_new_privs", ctypes.get_errno())
    if _libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER),
                   ctypes.byref(filter_program), zero, zero) != 0:
        raise HardeningError("load the system-call filter", ctypes.get_errno())
