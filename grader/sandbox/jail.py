"""Linux isolation for one sandbox child: namespaces, a minimal read-only root, no privileges.

Loaded by path in the zygote (see ``zygote.py``), like ``child.py``: it must not import the
grader package, only the standard library. Everything here runs in a freshly forked
process that is about to become a student's sandbox, never in the grader.

The root the student sees is built from a whitelist rather than by hiding things from the
real one: a small tmpfs holding read-only bind mounts of what Python needs (``/usr``,
``/lib*``, the interpreter's prefixes and ``sys.path``), a few device nodes, a fresh
``/proc`` for the new PID namespace and a size-limited ``/tmp`` as the working directory
(another empty folder when the interpreter itself lives under ``/tmp``).
Anything else (the course, other submissions, the grader, the results folder) simply does
not exist in that root. Paths that must stay hidden but lie *inside* a whitelisted tree
(a course under ``/usr/local``, the grader installed in site-packages) get an empty tmpfs
mounted over them.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
NAMESPACES = (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC
              | CLONE_NEWUTS | CLONE_NEWCGROUP)

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND = 0x20, 0x400, 0x800, 0x1000
MS_MOVE, MS_REC, MS_PRIVATE, MS_RELATIME = 0x2000, 0x4000, 0x40000, 0x200000
MNT_DETACH = 2
# statvfs flag -> mount flag: flags a less privileged namespace may not clear on remount.
_LOCKED = ((os.ST_RDONLY, MS_RDONLY), (os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV),
           (os.ST_NOEXEC, MS_NOEXEC), (os.ST_NOATIME, MS_NOATIME),
           (os.ST_NODIRATIME, MS_NODIRATIME), (os.ST_RELATIME, MS_RELATIME))

PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP = 1, 4, 24
PR_SET_SECUREBITS, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 28, 36, 38
# NOROOT, NO_SETUID_FIXUP, KEEP_CAPS (off) and NO_CAP_AMBIENT_RAISE, each locked: uid 0
# gains nothing from exec and nothing can switch these back.
SECUREBITS = 0xEF
_CAPABILITY_VERSION_3 = 0x20080522

SANDBOX_UID = 1000
"""The student's uid and gid inside the user namespace (outside: nobody, or the grader's)."""
DEVICES = ("null", "zero", "full", "random", "urandom")
SYSTEM_TREES = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf")

_libc = ctypes.CDLL(None, use_errno=True)


class JailError(Exception):
    """A step of building the sandbox failed; the message names the step."""


def _check(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise JailError(f"{what}: {os.strerror(number)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    def raw(text: str | None) -> bytes | None:
        return None if text is None else os.fsencode(text)

    _check(_libc.mount(raw(source), raw(target), raw(fstype), ctypes.c_ulong(flags),
                       raw(data)), f"mount {target}")


def _prctl(option: int, value: int) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0), f"prctl {option}")


# ------------------------------------------------------------ namespaces


def unshare_all() -> None:
    """Enter new user, mount, PID, network, IPC, UTS and cgroup namespaces (the last makes
    the sandbox's own control group its root: no path of the host's shows through).

    Called in the zygote's fork; the zygote then writes this process's uid and gid maps
    (see ``write_id_maps``), because mapping to an id other than one's own needs
    CAP_SETUID in the *parent* namespace. Supplementary groups are dropped first: they
    would otherwise keep the grader's group rights.
    """
    if os.geteuid() == 0:
        with contextlib.suppress(PermissionError):  # denied inside a user namespace
            os.setgroups([])
    _check(_libc.unshare(ctypes.c_int(NAMESPACES)), "unshare")


def write_id_maps(pid: int) -> None:
    """Map the sandbox uid/gid to nobody (grader runs as root) or to the grader's own ids.

    Never to root: a student who broke out of every other fence would still hold no
    rights over the grader's files.
    """
    uid = NOBODY if os.geteuid() == 0 else os.geteuid()
    gid = NOBODY if os.getegid() == 0 else os.getegid()
    for name, text in (("setgroups", "deny"), ("uid_map", f"{SANDBOX_UID} {uid} 1"),
                       ("gid_map", f"{SANDBOX_UID} {gid} 1")):
        with open(f"/proc/{pid}/{name}", "w") as file:
            file.write(text)


# ------------------------------------------------------------------ root


def plan_mounts(needed: list[str], hidden: list[str]) -> list[tuple[str, str]]:
    """``("bind", path)`` and ``("hide", path)`` steps, shallowest first.

    A needed path equal to a hidden one is dropped; one under another needed path is
    dropped unless a hidden path in between covers it again; a hidden path matters only
    under a needed one (elsewhere it is not in the root at all).
    """

    def inside(path: str, tree: str) -> bool:
        return path != tree and path.startswith(tree.rstrip("/") + "/")

    hidden = sorted(set(hidden))
    binds = []
    for path in sorted(set(needed) - set(hidden)):
        covering = [tree for tree in needed if inside(path, tree)]
        reburied = any(inside(h, tree) and (h == path or inside(path, h))
                       for tree in covering for h in hidden)
        if not covering or reburied:
            binds.append(("bind", path))
    hides = [("hide", h) for h in hidden if any(inside(h, tree) for _, tree in binds)]
    return sorted(binds + hides, key=lambda step: (step[1].count("/"), step[1]))


def build_root(mountpoint: str, needed: list[str], hidden: list[str],
               tmp_bytes: int) -> None:
    """Assemble the student's root on ``mountpoint``, switch into it, become the student.

    Must run as the first process of the new PID namespace, so that the ``/proc`` mounted
    here shows only the sandbox's own processes. Sources are opened first, with the
    grader's own rights (a Python under a private home folder stays reachable); the
    rest runs as the sandbox uid, which the kernel requires to create files in the new
    mounts, still holding the namespace's capabilities until ``drop_privileges``.
    """
    steps = plan_mounts(needed, hidden)
    sources = {path: _Source(path) for kind, path in steps if kind == "bind"}
    devices = {name: _Source(f"/dev/{name}") for name in DEVICES if os.path.exists(f"/dev/{name}")}
    try:
        become_student()
        _mount(None, "/", None, MS_REC | MS_PRIVATE)
        _mount("tmpfs", mountpoint, "tmpfs", MS_NOSUID | MS_NODEV,
               "size=4m,nr_inodes=4096,mode=0755")
        work = workdir_for(needed)
        os.makedirs(mountpoint + work)
        _mount("tmpfs", mountpoint + work, "tmpfs", MS_NOSUID | MS_NODEV,
               f"size={tmp_bytes},nr_inodes=16384,mode=1777")
        os.makedirs(mountpoint + "/proc")
        with contextlib.suppress(JailError):  # some container hosts forbid it: no /proc
            _mount("proc", mountpoint + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        _make_dev(mountpoint + "/dev", devices)
        covers = []
        for kind, path in steps:
            target = mountpoint + path
            if kind == "bind":
                sources[path].bind(target)
            elif os.path.isdir(target):
                _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755")
                covers.append(target)
            elif os.path.exists(target) and "null" in devices:
                devices["null"].bind_device(target)  # a hidden file reads as empty
        for target in covers:  # read-only only now: deeper binds may need mount points
            _mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        _write_etc(mountpoint + "/etc")
    finally:
        for source in [*sources.values(), *devices.values()]:
            source.close()
    _pivot(mountpoint)
    _mount(None, "/", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    with contextlib.suppress(OSError), open("/proc/sys/user/max_user_namespaces", "w") as file:
        file.write("0")  # no nested namespaces: less kernel to attack
    with contextlib.suppress(AttributeError):
        _libc.sethostname(b"sandbox", 7)
    os.chdir(work)


WORKDIRS = ("/tmp", "/sandbox", "/scratch")


def workdir_for(needed: list[str]) -> str:
    """The student's writable working folder: ``/tmp``, unless something Python needs lies
    under it (a virtualenv in a checkout under ``/tmp``). It must hold nothing but the
    student's own files, or a write "to the course" would seem to succeed there."""

    def clashes(folder: str) -> bool:
        return any(path == folder or path.startswith(folder + "/")
                   or folder.startswith(path.rstrip("/") + "/") for path in needed)

    return next((folder for folder in WORKDIRS if not clashes(folder)), WORKDIRS[-1])


def mountpoint() -> str:
    """Where a sandbox's root is assembled, in its own mount namespace only (the host
    sees nothing); sources are opened before it is covered, so it may even hold some."""
    candidates = ("/tmp", "/mnt", "/media", "/srv", "/opt")
    return next((p for p in candidates if os.path.isdir(p) and not os.path.islink(p)), "/tmp")


def needed_paths(prefixes: list[str], sys_path: list[str]) -> list[str]:
    """What the interpreter needs to keep importing: system trees, prefixes, sys.path."""
    found = []
    for path in [*SYSTEM_TREES, *prefixes, *sys_path, *(f"/etc/{n}" for n in ETC_FILES)]:
        if path and os.path.exists(path):
            found.append(path if os.path.islink(path) and path in SYSTEM_TREES
                         else os.path.realpath(path))
    return sorted(set(found))


class _Source:
    """A path to bind, opened while the grader's rights still apply."""

    def __init__(self, path: str) -> None:
        self.link = os.readlink(path) if os.path.islink(path) else None
        self.fd = None if self.link else os.open(path, os.O_PATH | os.O_CLOEXEC)
        self.is_dir = self.link is None and os.path.isdir(path)

    def bind(self, target: str) -> None:
        """Bind read-only onto ``target``; a symlink (``/lib -> usr/lib``) is copied."""
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if self.link is not None:
            os.symlink(self.link, target)
            return
        assert self.fd is not None
        if self.is_dir:
            os.makedirs(target, exist_ok=True)
        elif not os.path.exists(target):
            with open(target, "w"):
                pass
        _mount(f"/proc/self/fd/{self.fd}", target, None, MS_BIND | MS_REC)
        locked = os.statvfs(target).f_flag
        flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV
        flags |= sum(ms for st, ms in _LOCKED if locked & st)
        _mount(None, target, None, flags)

    def bind_device(self, target: str) -> None:
        """Bind a device node (``/dev/null``) onto an existing ``target``, usable there."""
        _mount(f"/proc/self/fd/{self.fd}", target, None, MS_BIND)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _make_dev(dev: str, devices: dict[str, _Source]) -> None:
    os.makedirs(dev, exist_ok=True)
    _mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,nr_inodes=64,mode=0755")
    for name, source in devices.items():
        with open(f"{dev}/{name}", "w"):
            pass
        source.bind_device(f"{dev}/{name}")
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{dev}/{name}")
    _mount(None, dev, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC)


def _write_etc(etc: str) -> None:
    """Just enough identity for tools that look the user up; nothing of the host's."""
    os.makedirs(etc, exist_ok=True)
    files = {
        "passwd": f"student:x:{SANDBOX_UID}:{SANDBOX_UID}:student:/tmp:/bin/sh\n",
        "group": f"student:x:{SANDBOX_UID}:\n",
        "hostname": "sandbox\n",
        "hosts": "127.0.0.1 localhost sandbox\n",
    }
    for name, text in files.items():
        with open(f"{etc}/{name}", "w") as file:
            file.write(text)


def _pivot(new_root: str) -> None:
    """Make ``new_root`` the root and detach the old one, so no path leads back to it."""
    os.chdir(new_root)
    if hasattr(_libc, "pivot_root"):
        _check(_libc.pivot_root(b".", b"."), "pivot_root")
        _check(_libc.umount2(b".", MNT_DETACH), "detach the old root")
    else:  # pragma: no cover - C libraries without pivot_root
        _mount(".", "/", None, MS_MOVE)
        os.chroot(".")
    os.chdir("/")


# ------------------------------------------------------------ privileges


def become_student() -> None:
    """Switch to the unprivileged sandbox uid inside the user namespace."""
    os.setresgid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID)
    os.setresuid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID)


NOBODY = 65534
"""The user and group student code runs as when the grader is root without namespaces
(Gradescope, Docker): it owns nothing of the course, whose files the autograder's
setup.sh makes readable by root alone."""


def readable_by_anyone(paths: list[str]) -> bool:
    """Whether a user who owns nothing can still reach and read every one of `paths`
    (an interpreter installed in root's home cannot be run as nobody)."""
    return first_unreadable(paths) is None


def first_unreadable(paths: list[str]) -> str | None:
    """The first of `paths` that a user who owns nothing cannot reach and read, or None."""
    for path in paths:
        here = os.path.realpath(path)
        wanted = 0o005 if os.path.isdir(here) else 0o004  # the path itself: read (and list)
        while True:
            try:
                mode = os.stat(here).st_mode
            except OSError:
                return path
            if mode & wanted != wanted:
                return path
            parent = os.path.dirname(here)
            if parent == here:
                break
            here, wanted = parent, 0o001  # the folders above it: pass through
    return None


def nobody_exists() -> bool:
    """Whether the kernel knows uid and gid nobody here: not in a user namespace that maps
    root alone (``unshare --map-root-user``)."""
    for name in ("uid_map", "gid_map"):
        try:
            with open(f"/proc/self/{name}") as file:
                ranges = [line.split() for line in file]
        except OSError:
            return True  # no /proc to ask: setresuid will tell
        if not any(int(inside) <= NOBODY < int(inside) + int(count)
                   for inside, _, count in ranges):
            return False
    return True


def become_nobody(workdir: str) -> bool:
    """As root without namespaces: no capabilities, no supplementary groups, the uid and
    gid nobody, and a working folder that is nobody's own. Root without capabilities would
    still own (and so read) every root-owned file; nobody owns none. True once done.

    Where nobody does not exist for the kernel (a user namespace that maps root alone),
    the process stays root without any capability, as drop_privileges leaves it, and the
    answer is False: the sandbox must not report what did not happen."""
    try:
        os.chown(workdir, NOBODY, NOBODY)
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
    except OSError:
        drop_privileges()
        return False
    for cap in range(_last_cap() + 1):
        _prctl(PR_CAPBSET_DROP, cap)
    os.setresuid(NOBODY, NOBODY, NOBODY)  # the kernel clears every capability with it
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    return (os.getresuid() == os.getresgid() == (NOBODY, NOBODY, NOBODY)
            and not os.getgroups())


def drop_privileges() -> None:
    """Give up every capability for good, so limits stick and mounts cannot be undone.

    Without CAP_SYS_RESOURCE no hard rlimit can be raised again; without CAP_SYS_ADMIN no
    mount can be changed; the locked securebits and no_new_privs mean no exec (of a setuid
    binary, or as uid 0) hands any capability back.
    """
    for cap in range(_last_cap() + 1):
        _prctl(PR_CAPBSET_DROP, cap)
    _prctl(PR_SET_SECUREBITS, SECUREBITS)

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    empty = (Data * 2)()
    _check(_libc.capset(ctypes.byref(Header(_CAPABILITY_VERSION_3, 0)), empty), "capset")
    _prctl(PR_SET_NO_NEW_PRIVS, 1)


def _last_cap() -> int:
    try:
        with open("/proc/sys/kernel/cap_last_cap") as file:
            return int(file.read())
    except (OSError, ValueError):
        return 40


def die_with_parent() -> None:
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def set_dumpable(dumpable: bool) -> None:
    """Whether processes of the same uid may ptrace this one and read its ``/proc`` files.

    The keeper is not (the student must not take it over); the student process is again
    after the uid switch cleared the flag, so it can read its own ``/proc/self`` like
    any process.
    """
    _prctl(PR_SET_DUMPABLE, int(dumpable))


def adopt_orphans() -> None:
    """Orphaned descendants become this process's children, so they can be found and killed."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)


def keep_only(fds: list[int]) -> None:
    """Close every descriptor except ``fds``: nothing of the zygote leaks into a sandbox."""
    top = 3
    for fd in sorted(set(fds)):
        if fd >= top:
            os.closerange(top, fd)
            top = fd + 1
    os.closerange(top, 1 << 16)
