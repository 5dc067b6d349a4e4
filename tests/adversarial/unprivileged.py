"""A Python that the user nobody can run, for the tests of the grader as root without
namespaces (Gradescope, Docker).

Student code runs as nobody there only if nobody can read the interpreter and its packages;
the tests' own interpreter may live where nobody cannot (pyenv's, under /root, mode 0700).
The system's interpreter lives under /usr, which anyone may read: a virtualenv made from
it, in a folder anyone may pass through, with this virtualenv's packages hard-linked into
it (a copy where links cannot be made), runs the same packages in seconds, without
installing anything. The interpreters must share a minor version, so that compiled
packages load in both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from grader.sandbox.jail import first_unreadable

CANDIDATES = (f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}", "/usr/bin/python3")
LEFT_OUT = ("__editable__", "grader-")
"""This checkout's editable grader: the autograder brings its own copy of the grader."""


class Unavailable(Exception):
    """No Python here that nobody could run; the message says exactly why."""


def system_python() -> str:
    """The system's interpreter of this minor version, if anyone may read it."""
    wanted = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for path in CANDIDATES:
        if not os.path.isfile(path):
            continue
        found = subprocess.run([path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                               capture_output=True, text=True, check=False)
        if found.stdout.strip() == wanted:
            unreadable = first_unreadable([path])
            if unreadable is None:
                return path
            raise Unavailable(f"{path} is not readable by nobody ({unreadable})")
    raise Unavailable(f"no system Python {wanted} (looked for {', '.join(CANDIDATES)})")


def build(base: Path) -> Path:
    """A virtualenv under `base` (made passable by anyone) with this one's packages; its
    interpreter, once nobody has been shown to read everything it imports from."""
    python = system_python()
    base.chmod(0o755)
    venv = base / "venv"
    made = subprocess.run([python, "-m", "venv", "--without-pip", str(venv)],
                          capture_output=True, text=True, check=False)
    if made.returncode != 0:
        raise Unavailable(f"{python} -m venv failed: {made.stderr.strip()[-300:]}")
    target = Path(subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()"
         "['purelib'])"], capture_output=True, text=True, check=True).stdout.strip())
    source = Path(sysconfig.get_paths()["purelib"])
    shutil.copytree(source, target, copy_function=_link_or_copy, dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if n.startswith(LEFT_OUT)])
    needed = subprocess.run(
        [str(venv / "bin" / "python"), "-I", "-c",
         "import sys; print('\\n'.join([sys.prefix, sys.base_prefix, *sys.path]))"],
        capture_output=True, text=True, check=True).stdout.split("\n")
    unreadable = first_unreadable([p for p in needed if p and os.path.exists(p)])
    if unreadable is not None:
        raise Unavailable(f"nobody cannot read {unreadable}, which {venv} imports from")
    return venv / "bin" / "python"


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def scratch() -> Path:
    """A new folder in a place anyone may pass through (the system's /tmp)."""
    return Path(tempfile.mkdtemp(prefix="grader-nobody-", dir="/tmp"))


def remove(base: Path) -> None:
    """Remove a folder made by `scratch`: tens of thousands of links, which `rm -rf`
    unlinks several times faster than shutil.rmtree."""
    if shutil.which("rm") is None or subprocess.run(["rm", "-rf", "--", str(base)],
                                                    check=False).returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
