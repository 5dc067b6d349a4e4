"""Without namespaces: student code may write in its own working folder and nowhere else.

Loaded by path in the zygote (see ``zygote.py``), like ``jail.py``: it must not import the
grader package. With namespaces the student's root is read-only but for its ``/tmp``, so
nothing here is needed. Without them, a student running as nobody could still write
wherever anyone may (``/tmp``, ``/var/tmp``, ``/dev/shm``), and one running as the
grader's own user wherever the grader may. Landlock (Linux 5.13 and later, where the
kernel enables it) lets a process without any privilege give up rights for good: here,
every right to change the file system, except beneath its working folder and on
``/dev/null``. Reading is left alone: the student's user, and the file modes, decide it.

A process under Landlock can never widen what it may do, and its children inherit it; a
kernel without Landlock (or a container profile that forbids its calls) makes
``confine_writes`` answer False, and the sandbox reports its writes as ``unconfined``.
"""

from __future__ import annotations

import ctypes
import os

CREATE_RULESET, ADD_RULE, RESTRICT_SELF = 444, 445, 446
"""The system calls' numbers, the same on every architecture (added after the unified
numbering of Linux 5.1)."""
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

WRITE_FILE = 1 << 1
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE = 1 << 13, 1 << 14
WRITES = {1: WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_CHAR | MAKE_DIR | MAKE_REG
          | MAKE_SOCK | MAKE_FIFO | MAKE_BLOCK | MAKE_SYM}
"""The rights that change the file system, by the first Landlock ABI that has them."""
WRITES[2] = WRITES[1] | REFER  # renaming or linking a file into another folder
WRITES[3] = WRITES[2] | TRUNCATE
FILE_RIGHTS = WRITE_FILE | TRUNCATE
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1
SCOPES_ABI = 6
"""From this ABI on, a process can also be kept from signalling, or connecting to the
abstract Unix sockets of, processes outside its own Landlock domain: a sandbox then
cannot kill another that runs as the same nobody."""
"""What a rule on a single file (not a folder) may allow of those."""
DEVICES = ("/dev/null",)
"""Written to by libraries that silence output (``subprocess.DEVNULL``)."""

_libc = ctypes.CDLL(None, use_errno=True)


class _Ruleset(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi() -> int:
    """The kernel's Landlock ABI version; 0 where there is none (or it is forbidden)."""
    version = _libc.syscall(ctypes.c_long(CREATE_RULESET), None, ctypes.c_size_t(0),
                            ctypes.c_uint32(CREATE_RULESET_VERSION))
    return max(int(version), 0)


def describe_landlock() -> str:
    """What confines writes here, in words for the instructor, or why nothing does."""
    version = abi()
    if version:
        return f"Landlock (ABI {version}): writes only in the sandbox's own folder"
    number = ctypes.get_errno()
    return f"no Landlock here ({os.strerror(number) if number else 'unavailable'})"


def confine_writes(folder: str) -> bool:
    """From now on this process and its children change nothing outside ``folder`` (and
    ``/dev/null``), and, where the kernel can, signal no process outside the sandbox;
    False, with nothing changed, where the kernel cannot enforce the first."""
    kernel = abi()
    if not kernel:
        return False
    handled = WRITES[min(kernel, max(WRITES))]
    scoped = SCOPE_SIGNAL | SCOPE_ABSTRACT_UNIX_SOCKET if kernel >= SCOPES_ABI else 0
    ruleset = _Ruleset(handled, 0, scoped)
    size = ctypes.sizeof(_Ruleset) if scoped else ctypes.sizeof(ctypes.c_uint64)
    fd = _libc.syscall(ctypes.c_long(CREATE_RULESET), ctypes.byref(ruleset),
                       ctypes.c_size_t(size), ctypes.c_uint32(0))
    if fd < 0:
        return False
    try:
        _allow(fd, folder, handled)
        for device in DEVICES:
            if os.path.exists(device):
                _allow(fd, device, handled & FILE_RIGHTS)
        zero = ctypes.c_ulong(0)
        if _libc.prctl(PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), zero, zero, zero) != 0:
            return False
        return _libc.syscall(ctypes.c_long(RESTRICT_SELF), ctypes.c_int(fd),
                             ctypes.c_uint32(0)) == 0
    except OSError:
        return False
    finally:
        os.close(fd)


def _allow(ruleset: int, path: str, rights: int) -> None:
    target = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        rule = _PathBeneath(rights, target)
        if _libc.syscall(ctypes.c_long(ADD_RULE), ctypes.c_int(ruleset),
                         ctypes.c_int(RULE_PATH_BENEATH), ctypes.byref(rule),
                         ctypes.c_uint32(0)) != 0:
            number = ctypes.get_errno()
            raise OSError(number, f"landlock rule for {path}: {os.strerror(number)}")
    finally:
        os.close(target)
