"""System calls a notebook may not make, by number for x86_64 and aarch64, with arguments
that do no harm when a call does go through: a NULL pointer, a bad descriptor, no flag.

The table is written out rather than taken from libseccomp, so that a test can hold the
filter to it. Without a filter some of these calls succeed (reading the session keyring's
id, `unshare(0)`) or fail otherwise (EFAULT, EBADF, ESRCH, EINVAL); with one, each fails
with EPERM.
"""

from __future__ import annotations

import os

CLONE_NEWUSER_AND_FS = 0x10000000 | 0x00000200
"""A flag pair the kernel refuses (EINVAL) before making anything: clone with a namespace
flag, without any risk of a second copy of the notebook's process."""

CALLS: dict[str, tuple[int, int, tuple[int, ...]]] = {
    # name: (x86_64, aarch64, arguments)
    "keyctl": (250, 219, (0, -3, 0)),  # KEYCTL_GET_KEYRING_ID of the session keyring
    "add_key": (248, 217, (0, 0, 0, 0, 0)),
    "request_key": (249, 218, (0, 0, 0, 0)),
    "bpf": (321, 280, (-1, 0, 0)),
    "io_uring_setup": (425, 425, (0, 0)),
    "io_uring_enter": (426, 426, (-1, 0, 0, 0, 0, 0)),
    "io_uring_register": (427, 427, (-1, 0, 0, 0)),
    "userfaultfd": (323, 282, (-1,)),
    "perf_event_open": (298, 241, (0, 0, -1, -1, 0)),
    "kexec_load": (246, 104, (0, 0, 0, 0)),
    "kexec_file_load": (320, 294, (-1, -1, 0, 0, 0)),
    "init_module": (175, 105, (0, 0, 0)),
    "finit_module": (313, 273, (-1, 0, 0)),
    "delete_module": (176, 106, (0, 0)),
    "mount": (165, 40, (0, 0, 0, 0, 0)),
    "umount2": (166, 39, (0, 0)),
    "pivot_root": (155, 41, (0, 0)),
    "chroot": (161, 51, (0,)),
    "fsopen": (430, 430, (0, 0)),
    "fsconfig": (431, 431, (-1, 0, 0, 0, 0)),
    "fsmount": (432, 432, (-1, 0, 0)),
    "fspick": (433, 433, (-1, 0, 0)),
    "open_tree": (428, 428, (-1, 0, 0)),
    "move_mount": (429, 429, (-1, 0, -1, 0, 0)),
    "mount_setattr": (442, 442, (-1, 0, 0, 0, 0)),
    "open_tree_attr": (467, 467, (-1, 0, 0, 0, 0)),
    "open_by_handle_at": (304, 265, (-1, 0, 0)),
    "ptrace": (101, 117, (-1, 0, 0, 0)),
    "process_vm_readv": (310, 270, (0, 0, 0, 0, 0, 0)),
    "process_vm_writev": (311, 271, (0, 0, 0, 0, 0, 0)),
    "pidfd_getfd": (438, 438, (-1, 0, 0)),
    "process_madvise": (440, 440, (-1, 0, 0, 0, 0)),
    "unshare": (272, 97, (0,)),  # no flag: a no-op, unless filtered
    "setns": (308, 268, (-1, 0)),
    "clone": (56, 220, (CLONE_NEWUSER_AND_FS, 0, 0, 0, 0)),
}
ARCHITECTURES = {"x86_64": 0, "aarch64": 1, "arm64": 1}


def native() -> dict[str, tuple[int, tuple[int, ...]]]:
    """Name -> (number, arguments) on this machine; empty on another architecture."""
    column = ARCHITECTURES.get(os.uname().machine)
    if column is None:
        return {}
    return {name: (row[column], row[2]) for name, row in CALLS.items()}


MAKE_CALLS = """
import ctypes, errno
_libc = ctypes.CDLL(None, use_errno=True)
def make_calls(calls):
    \"\"\"Each call's outcome: 'EPERM', another error's name, or what it returned.\"\"\"
    outcome = {}
    for name, (number, args) in calls.items():
        ctypes.set_errno(0)
        result = _libc.syscall(ctypes.c_long(number), *[ctypes.c_long(a) for a in args])
        code = ctypes.get_errno()
        outcome[name] = errno.errorcode.get(code, str(code)) if result == -1 else result
    return outcome
"""


def denied_calls_cell() -> str:
    """A cell that makes every call and answers two_layer_bias with those not refused."""
    return (MAKE_CALLS + f"outcome = make_calls({native()!r})\n"
            "found = [f'{name}: {got}' for name, got in outcome.items() if got != 'EPERM']\n"
            "two_layer_bias = 'evidence: ' + repr(sorted(found))")


READ_KEYS = """
import ctypes
_libc = ctypes.CDLL(None, use_errno=True)
KEYCTL, READ, SEARCH = {keyctl}, 11, 10
found = []
buffer = ctypes.create_string_buffer(4096)
for ring in (-1, -2, -3, -4, -5):  # thread, process, session, user, user-session keyring
    key = _libc.syscall(ctypes.c_long(KEYCTL), ctypes.c_long(SEARCH), ctypes.c_long(ring),
                        b"user", b"grader-test-{token}", ctypes.c_long(0))
    if key > 0:
        found.append(ring)
        size = _libc.syscall(ctypes.c_long(KEYCTL), ctypes.c_long(READ), ctypes.c_long(key),
                             buffer, ctypes.c_long(4096))
        if size > 0:
            found.append(buffer.raw[:size].decode(errors="replace"))
two_layer_bias = 'evidence: ' + repr(sorted(map(str, found)))
"""


def read_keys_cell(token: str) -> str:
    """A cell that looks for the grader's key in every keyring it can name."""
    keyctl = native().get("keyctl", (-1, ()))[0]
    return READ_KEYS.format(keyctl=keyctl, token=token)


def hold_key(token: str) -> int | None:
    """Give this process a session keyring of its own holding the key `grader-test-TOKEN`
    (the grader's processes then hold it, as a login's Kerberos ticket would be held);
    its id, or None where there are no keys. Never adds to a keyring shared with other
    processes: without a keyring of its own first, it adds nothing."""
    import ctypes

    keyctl = native().get("keyctl", (-1, ()))[0]
    add_key = native().get("add_key", (-1, ()))[0]
    if keyctl < 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.syscall(ctypes.c_long(keyctl), ctypes.c_long(1), ctypes.c_void_p(None)) < 0:
        return None  # KEYCTL_JOIN_SESSION_KEYRING failed: no keyring of our own
    payload = token.encode()
    key = libc.syscall(ctypes.c_long(add_key), b"user", f"grader-test-{token}".encode(),
                       payload, ctypes.c_long(len(payload)), ctypes.c_long(-3))
    return key if key > 0 else None


def drop_key(key: int | None) -> None:
    """Revoke a key made by `hold_key`."""
    import ctypes

    if key is not None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall(ctypes.c_long(native()["keyctl"][0]), ctypes.c_long(3), ctypes.c_long(key))
