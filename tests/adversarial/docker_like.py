"""Run a command as Docker's default seccomp profile would: no new namespaces.

`python docker_like.py COMMAND...` installs a filter that makes unshare, setns and clone
with a namespace flag fail with EPERM, then execs COMMAND: a zygote started this way is
real root that cannot isolate, as on Gradescope, so the limits-only path runs for real.
"""

from __future__ import annotations

import errno
import os
import sys

import pyseccomp as seccomp

NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000,
                   0x40000000)


def main(argv: list[str]) -> None:
    deny = seccomp.ERRNO(errno.EPERM)
    syscall_filter = seccomp.SyscallFilter(seccomp.ALLOW)
    for name in ("unshare", "setns"):
        syscall_filter.add_rule(deny, name)
    for flag in NAMESPACE_FLAGS:
        syscall_filter.add_rule(deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    syscall_filter.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    syscall_filter.load()
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
