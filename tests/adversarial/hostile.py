"""The hostile notebooks: what each one does, and what must hold for it.

Each case builds its file from the paths it attacks (the course, the submissions folder,
the results folder, a port the test listens on). Attacks that look for something record
what they found in `two_layer_bias` as `"evidence: [...]"`, a text answer the grader quotes
back (and never credits), so a test can show the attack found nothing, besides checking
from outside that nothing was read, written, reached or left running.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.adversarial.notebooks import cells, correct_with, literal, version_3
from tests.adversarial.syscalls import denied_calls_cell, read_keys_cell

FULL = 79.0
"""What the full-marks sample earns: every automatic point (manual parts wait for a person)."""


@dataclass(frozen=True)
class Targets:
    root: Path
    """The course: specs, reference solutions."""
    submissions: Path
    out: Path
    port: int
    """A TCP and UDP port on 127.0.0.1 the test listens on."""
    token: str
    """In the name of every file an attack tries to create, and in a secret environment
    variable of the grader's process."""


@dataclass(frozen=True)
class Hostile:
    name: str
    must_hold: str
    build: Callable[[Targets], str | bytes]
    statuses: frozenset[str]
    score: float
    """Exactly what the notebook earns: the honest answers it has, nothing more."""
    evidence: str | None = None
    """The `two_layer_bias` answer the attack must end with (what it found: nothing)."""
    zero: tuple[str, ...] = ()
    """Parts that must earn nothing (the ones the attack sabotaged)."""


GRADED = frozenset({"graded"})
NOTHING_FOUND = "evidence: []"
EVIDENCE = "two_layer_bias = 'evidence: ' + repr(sorted(set(map(str, found))))"


def _write_outside(t: Targets) -> str:
    targets = [t.root / f"pwned-{t.token}", t.root / "solutions" / f"pwned-{t.token}.py",
               t.submissions / f"pwned-{t.token}.ipynb", t.out / f"pwned-{t.token}.json",
               Path("/var/tmp") / f"pwned-{t.token}",
               Path.home() / f"pwned-{t.token}", Path("/") / f"pwned-{t.token}"]
    existing = [t.root / "grader.toml", t.submissions / "00_good_full.ipynb",
                t.out / "results.json"]
    return cells(
        "import os\nfound = []",
        f"for path in {literal([str(p) for p in targets])}:\n"
        "    for where in (path, '../' * 6 + path.lstrip('/')):\n"
        "        try:\n"
        "            with open(where, 'w') as f:\n"
        "                f.write('pwned')\n"
        "            found.append(where)\n"
        "        except OSError:\n"
        "            pass",
        f"for path in {literal([str(p) for p in existing])}:\n"
        "    try:\n"
        "        with open(path, 'a') as f:\n"
        "            f.write('pwned')\n"
        "        found.append(path)\n"
        "    except OSError:\n"
        "        pass\n"
        "    try:\n"
        "        os.utime(path, (0, 0))\n"
        "        found.append('utime ' + path)\n"
        "    except OSError:\n"
        "        pass",
        "open('mine.txt', 'w').write('my own temporary folder is fine')",
        EVIDENCE,
    )


def _network(t: Targets) -> str:
    return cells(
        "import socket\nfound = []",
        f"for family, kind in ((socket.AF_INET, socket.SOCK_STREAM),\n"
        f"                     (socket.AF_INET, socket.SOCK_DGRAM)):\n"
        "    s = socket.socket(family, kind)\n"
        "    s.settimeout(1)\n"
        "    try:\n"
        f"        s.connect(('127.0.0.1', {t.port}))\n"
        "        s.send(b'pwned')\n"
        "        found.append(kind)\n"
        "    except OSError:\n"
        "        pass",
        "try:\n"
        "    socket.create_connection(('example.com', 80), timeout=1)\n"
        "    found.append('dns')\n"
        "except OSError:\n"
        "    pass",
        EVIDENCE,
    )


STEAL = (
    "import glob, os\nfound = []\n"
    f"VENV = {str(Path(sys.prefix).resolve())!r}\n"
    "def steal(path):\n"
    "    try:\n"
    "        if os.path.realpath(path).startswith(VENV):\n"
    "            return  # the interpreter's own files: needed to run, no course data\n"
    "        if os.path.isdir(path):\n"
    "            for name in os.listdir(path):\n"
    "                steal(os.path.join(path, name))\n"
    "        elif path.endswith(('.py', '.yaml', '.toml', '.ipynb')):\n"
    "            text = open(path).read()\n"
    "            found.append(path)\n"
    "            if path.endswith('.py'):\n"
    "                exec(text, globals())\n"
    "    except Exception:\n"
    "        pass"
)
"""Reads reference solutions (and runs them, so stolen references would earn credit),
specs and other students' notebooks wherever it can reach them. The virtualenv is skipped:
the sandbox must show it (Python runs from it), and when it sits inside the course folder
(`.venv` in a checkout) its path passes through the course's, holding nothing of it."""


def _read_relative(t: Targets) -> str:
    return cells(STEAL, "for up in range(10):\n"
                        "    for name in ('solutions', 'exercises', 'grader.toml', "
                        f"{literal(t.submissions.name)}):\n"
                        "        steal('../' * up + name)", EVIDENCE)


def _read_absolute(t: Targets) -> str:
    paths = [t.root / "solutions", t.root / "exercises", t.root / "grader.toml",
             t.submissions, t.out]
    return cells(STEAL, f"for path in {literal([str(p) for p in paths])}:\n    steal(path)",
                 EVIDENCE)


def _read_through_proc(t: Targets) -> str:
    return cells(
        STEAL,
        "pids = [p for p in os.listdir('/proc') if p.isdigit()] + ['self', str(os.getppid())]\n"
        "for pid in pids:\n"
        "    for link in ('cwd', 'root'):\n"
        f"        for tail in ('', {literal(str(t.root).lstrip('/'))}):\n"
        "            steal(os.path.join('/proc', pid, link, tail, 'solutions'))\n"
        "            steal(os.path.join('/proc', pid, link, tail, 'exercises'))",
        EVIDENCE,
    )


def _symlinks(t: Targets) -> str:
    return cells(
        STEAL,
        "for i, target in enumerate(("
        f"{literal(str(t.root))}, {literal(str(t.submissions))}, "
        "'/proc/%d/cwd' % os.getppid(), '/proc/1/root')):\n"
        "    try:\n"
        "        os.symlink(target, 'link%d' % i)\n"
        "        steal('link%d/solutions' % i)\n"
        "        steal('link%d' % i)\n"
        "    except OSError:\n"
        "        pass\n"
        "    try:\n"
        f"        os.link({literal(str(t.root / 'grader.toml'))}, 'hard')\n"
        "        steal('hard')\n"
        "    except OSError:\n"
        "        pass",
        EVIDENCE,
    )


def _environment(t: Targets) -> str:
    return cells(
        "import os\nfound = []\ntexts = [repr(dict(os.environ))]",
        "for pid in ('self', '1', str(os.getppid())):\n"
        "    path = '/proc/%s/environ' % pid\n"
        "    try:\n"
        "        texts.append(open(path, 'rb').read().decode(errors='replace'))\n"
        "    except OSError:\n"
        "        pass",
        f"found = [text for text in texts if {literal(t.token)} in text or "
        f"{literal(str(t.root))} in text]\n"
        "home = os.environ.get('HOME')",
        EVIDENCE,
    )


def _import_grader(t: Targets) -> str:
    return cells(
        "import sys\nfound = []",
        f"sys.path[:0] = [{literal(str(t.root))}, {literal(str(t.root / 'solutions'))}]\n"
        "for name in ('grader', 'grader.course', 'solutions', 'activation_derivatives'):\n"
        "    try:\n"
        "        module = __import__(name)\n"
        "        if hasattr(module, '__path__') or name != 'grader':  # not the stand-in\n"
        "            found.append(name)\n"
        "    except Exception:\n"
        "        pass",
        "from activation_derivatives import *  # a reference solution, if it were reachable",
        EVIDENCE,
    )


LIAR = (
    "import numpy as np\n"
    "class Liar:\n"
    "    def __eq__(self, other): return True\n"
    "    def __ne__(self, other): return False\n"
    "    def __array__(self, *a, **k): return np.full(3, 1 / 3)\n"
    "    def __float__(self): return 1.0\n"
    "    def __len__(self): return 3\n"
    "    def __iter__(self): return iter([1 / 3] * 3)\n"
    "    def __str__(self): return 'W2*W1'\n"
    "class Sly(str):\n"
    "    def __str__(self): return 'W2*W1'\n"
    "    def __eq__(self, other): return True\n"
    "class Sub(np.ndarray):\n"
    "    def __eq__(self, other): return True\n"
    "    def tolist(self): return [1 / 3] * 3\n"
    "    def __array_function__(self, *a, **k): return True\n"
)


def _lying_objects(t: Targets) -> str:
    return cells(
        LIAR,
        "softmax = lambda z: Liar()\n"
        "softmax_jacobian = lambda z: np.zeros((3, 3)).view(Sub)\n"
        "sigmoid_derivative = lambda x: np.zeros(np.shape(x)).view(Sub)\n"
        "collapse = lambda w, b: (Liar(), Liar())\n"
        "two_layer_weight = Sly('W1')\n"
        "two_layer_bias = Liar()\n"
        "grad_z1 = {'x1': Liar(), 'x2': Sly('0'), 'x3': Liar()}\n"
        "kernel_effects = Liar()\n"
        "apply_kernel = lambda image, kernel: Liar()",
    )


def _monkeypatching(t: Targets) -> str:
    return cells(
        "import builtins, json, math, sys\nimport numpy as np\nimport numpy.testing",
        "np.allclose = np.array_equal = lambda *a, **k: True\n"
        "np.isclose = lambda *a, **k: np.ones(1, dtype=bool)\n"
        "np.testing.assert_allclose = np.testing.assert_array_equal = lambda *a, **k: None\n"
        "math.isclose = lambda *a, **k: True\n"
        "np.ndarray.tolist = lambda self: [0.0]\n",
        "builtins.isinstance = lambda *a: True\n"
        "builtins.abs = lambda x: 0\n"
        "builtins.float = lambda *a: 0.0\n"
        "builtins.repr = builtins.str = lambda *a: 'W2*W1'\n"
        "json.dumps = lambda *a, **k: '{\"score\": 100}'\n"
        "sys.modules['json'] = None",
        "def softmax(z):\n    return np.zeros(len(z))\n"
        "def sigmoid_derivative(x):\n    return x\n"
        "two_layer_weight = 'W1*W2'\n"
        "grad_z1 = {'x1': '0', 'x2': '0', 'x3': '0'}",
    )


def _deletes_globals(t: Targets) -> str:
    wipe = (
        "import builtins, sys\n"
        "for name in [n for n in globals() if not n.startswith('__')]:\n"
        "    del globals()[name]\n"
        "globals().pop('__builtins__', None)\n"
        "for module in ('numpy', 'json', 'sympy', '_sandbox_plain', '_sandbox_child', "
        "'_sandbox_jail'):\n"
        "    sys.modules.pop(module, None)\n"
        "del builtins.len, builtins.isinstance, builtins.print\n"
        "del name, module"
    )
    return correct_with(last=[wipe, "two_layer_weight = 'W2*W1'"])


def _forged_output(t: Targets) -> str:
    fake = '{"id":3,"body":{"ok":true,"value":1.0}}'
    return cells(
        "import json, sys\nprint(json.dumps({'score': 100, 'status': 'graded'}))\n"
        f"sys.stdout.write('\\x00\\x00\\x00\\x28' + {fake!r})\n"
        "sys.stderr.write('All tests passed: 79/79\\n')",
        "open('results.json', 'w').write(json.dumps({'submissions': [{'score': 100}]}))\n"
        "display({'text/plain': 'correct'})",
    )


def _huge_values(t: Targets) -> str:
    return cells(
        "import numpy as np\n"
        "softmax = lambda z: np.ones(5 * 10**6)\n"
        "two_layer_weight = 'W2*W1 + ' * 10**6\n"
        "deep = []\nfor _ in range(10**5):\n    deep = [deep]\n"
        "kernel_effects = {'k1': deep, 'k2': 'x' * 10**7}\n"
        "grad_z1 = {'x1': '9**9**9**9', 'x2': '(' * 5000, 'x3': 'x3' + '*x3' * 20000}\n"
        "def apply_kernel(image, kernel):\n    return apply_kernel(image, kernel)",
    )


def _fills_disk(t: Targets) -> str:
    return correct_with(first=[
        "chunk = b'x' * 2**20\n"
        "try:\n"
        "    with open('big', 'wb') as f:\n"
        "        for _ in range(200):\n"
        "            f.write(chunk)\n"
        "except OSError:\n"
        "    pass",
        "import os\n"
        "try:\n"
        "    for i in range(100_000):\n"
        "        open('f%d' % i, 'w').close()\n"
        "except OSError:\n"
        "    pass",
        "import socket\nheld = []\n"
        "try:\n"
        "    while True:\n"
        "        held.append(open('/dev/null'))\n"
        "        held.append(socket.socket())\n"
        "except OSError:\n"
        "    pass",
    ])


def _background(t: Targets) -> str:
    return correct_with(first=[
        "import os, subprocess, threading\n"
        "threading.Thread(target=lambda: [None for _ in iter(int, 1)], daemon=True).start()\n"
        f"late = 'sleep 30.{t.port}; touch /tmp/late-{t.token}'\n"
        "subprocess.Popen(['setsid', 'sh', '-c', late])\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        f"        os.execvp('sleep', ['sleep', '31.{t.port}'])\n"
        "    os._exit(0)",
    ])


KILL_EVERYONE = (
    "import os, signal\n"
    "for pid in (os.getppid(), 1, -1):\n"
    "    try:\n"
    "        os.kill(pid, signal.SIGKILL)\n"
    "    except OSError:\n"
    "        pass"
)
FORK_BOMB = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass"
STUBBORN_LOOP = (
    "import signal\n"
    "signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
    "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\n"
    "while True:\n    pass"
)
MAGICS = (
    "%matplotlib inline\n!ls /\n!touch /tmp/magic-{token}\nfiles = !ls\n%timeit x = 1\n"
    "%pip install nothing\n%cd /\nnp.linspace?"
)


HOSTILE: tuple[Hostile, ...] = (
    Hostile("loop_top_level", "a top-level infinite loop times out; every answer still counts",
            lambda t: correct_with(first=["while True:\n    pass"]),
            frozenset({"timeout"}), FULL),
    Hostile("loop_in_function", "a function that never returns loses its own part only",
            lambda t: correct_with(last=["def relu_derivative(x):\n    while True:\n"
                                         "        pass"]),
            GRADED, FULL - 2, zero=("relu_derivative",)),
    Hostile("memory_bomb", "allocating far beyond the memory limit fails in that cell only",
            lambda t: correct_with(first=["hog = bytearray(8 * 1024**3)",
                                          "hog = [0] * 10**10"], middle=["hog = ' ' * 2**40"]),
            GRADED, FULL),
    Hostile("fork_bomb", "forking without end is capped, timed out and cleaned up",
            lambda t: correct_with(first=[FORK_BOMB]), frozenset({"timeout"}), FULL),
    Hostile("print_flood", "50 MB of output is cut, never buffered; answers still count",
            lambda t: correct_with(first=["import sys\nfor _ in range(50):\n"
                                          "    print('x' * 10**6)\n"
                                          "    sys.stderr.write('y' * 10**5)"]),
            GRADED, FULL),
    Hostile("sys_exit", "sys.exit ends its cell, not the notebook",
            lambda t: correct_with(middle=["import sys\nsys.exit(0)", "raise SystemExit(3)"]),
            GRADED, FULL),
    Hostile("os_exit", "os._exit ends the process; it is restarted and later cells count",
            lambda t: correct_with(middle=["import os\nos._exit(0)"]),
            frozenset({"crashed"}), FULL),
    Hostile("segfault", "a segfault (ctypes) crashes only this submission's process",
            lambda t: correct_with(middle=["import ctypes\nctypes.string_at(0)"]),
            frozenset({"crashed"}), FULL),
    Hostile("syntax_error", "a SyntaxError cell between good cells costs nothing else",
            lambda t: correct_with(middle=["def broken(:\n    pass"]), GRADED, FULL),
    Hostile("magics_and_shell", "magics and !shell lines are neutralised, answers after count",
            lambda t: correct_with(first=[MAGICS.format(token=t.token),
                                          f"%%bash\ntouch /tmp/magic-{t.token}",
                                          f"%%writefile /tmp/magic-{t.token}\npwned"]),
            GRADED, FULL),
    Hostile("kill_everyone", "signalling its parent, init and every process hurts no one",
            lambda t: correct_with(first=[KILL_EVERYONE]), GRADED, FULL),
    Hostile("system_calls", "each denied system call fails with EPERM; the rest is graded",
            lambda t: correct_with(last=[denied_calls_cell()]),
            GRADED, FULL - 2, NOTHING_FOUND, zero=("two_layer_bias",)),
    Hostile("keyring", "no keyring the student can name holds the grader's key",
            lambda t: correct_with(last=[read_keys_cell(t.token)]),
            GRADED, FULL - 2, NOTHING_FOUND, zero=("two_layer_bias",)),
    Hostile("ignores_alarm", "a loop that ignores the timer is stopped by the grader's clock",
            lambda t: correct_with(first=[STUBBORN_LOOP]), frozenset({"timeout"}), FULL),
    Hostile("background_processes", "threads, setsid and double-forked daemons all end with it",
            _background, GRADED, FULL),
    Hostile("fills_disk", "filling the temporary folder and the descriptor table fails quietly",
            _fills_disk, GRADED, FULL),
    Hostile("writes_outside", "no write lands outside the sandbox's temporary folder",
            _write_outside, GRADED, 0.0, NOTHING_FOUND),
    Hostile("network", "no connection leaves the sandbox, not even to 127.0.0.1",
            _network, GRADED, 0.0, NOTHING_FOUND),
    Hostile("reads_relative", "relative paths (../../solutions) reach no reference",
            _read_relative, GRADED, 0.0, NOTHING_FOUND),
    Hostile("reads_absolute", "absolute paths reach no reference, spec or other notebook",
            _read_absolute, GRADED, 0.0, NOTHING_FOUND),
    Hostile("reads_through_proc", "/proc/<parent>/cwd and /proc/*/root lead nowhere",
            _read_through_proc, GRADED, 0.0, NOTHING_FOUND),
    Hostile("symlinks", "symlinks and hard links to the course lead nowhere",
            _symlinks, GRADED, 0.0, NOTHING_FOUND),
    Hostile("environment", "the environment holds nothing of the grader's",
            _environment, GRADED, 0.0, NOTHING_FOUND),
    Hostile("imports_grader", "neither the grader (only its stand-in) nor the references can "
            "be imported",
            _import_grader, GRADED, 0.0, NOTHING_FOUND),
    Hostile("lying_objects", "__eq__, __array__, __str__ and ndarray subclasses gain nothing",
            _lying_objects, GRADED, 0.0),
    Hostile("monkeypatching", "patched numpy.allclose, json and builtins gain nothing",
            _monkeypatching, GRADED, 0.0),
    Hostile("deletes_globals", "wiping globals, builtins and modules loses only its own answers",
            _deletes_globals, GRADED, 2.0),
    Hostile("forged_output", "printed scores, forged frames and a results.json earn nothing",
            _forged_output, GRADED, 0.0),
    Hostile("huge_values", "huge, deep and explosive answers are refused, not choked on",
            _huge_values, GRADED, 0.0),
    Hostile("nbformat_v3", "an nbformat 3 notebook is upgraded and graded",
            lambda t: version_3(), GRADED, FULL),
    Hostile("not_json", "a file that is not JSON is an invalid notebook",
            lambda t: b"\x89PNG\r\n\x1a\n not a notebook \xff", frozenset({"invalid_notebook"}),
            0.0),
    Hostile("empty_file", "an empty file is an invalid notebook",
            lambda t: b"", frozenset({"invalid_notebook"}), 0.0),
)

SAFE_WITHOUT_NAMESPACES = ("loop_top_level", "loop_in_function", "memory_bomb", "print_flood",
                           "sys_exit", "os_exit", "segfault", "syntax_error", "lying_objects",
                           "monkeypatching", "not_json", "system_calls", "keyring")
"""Cases that must hold with resource limits only too. The others need namespaces by design
(reads, writes, network) or would hurt the machine as root without them (kill -1, fork
bombs: Linux does not apply RLIMIT_NPROC to root). As root without namespaces, where
student code runs as nobody, every case must hold (test_gradescope_as_root.py)."""
