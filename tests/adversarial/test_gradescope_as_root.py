"""The adversarial suite as Gradescope runs it where namespaces are forbidden.

As root, under a filter that makes creating a namespace fail as Docker's default profile
does (docker_like.py), on a Python that nobody can read (unprivileged.py), in the
autograder's own layout: the zip's grader and course under `source/`, the course made
root's alone by setup.sh's own rule, one upload per run in `submission/`, and
`results/results.json` written by `run_autograder`. Every hostile notebook of
`hostile.HOSTILE` is an upload of its own, and so is a probe that looks at its own
process and folder. For each, the run ends with the score its honest answers are worth,
and its code read no solution or spec, opened no network socket and wrote nothing outside
its folder; seen from outside too: no file of the course or of any upload changed, no
attack's file exists anywhere (`/tmp`, `/var/tmp`, `/dev/shm` included: Landlock refuses
every write outside the student's own folder), nothing reached the port the test listens
on, and no process outlives its run.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import re
import subprocess
import zipfile
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import pytest

from grader.sandbox.landlock import abi
from tests.adversarial.conftest import LIMITS, SECRET_VARIABLE, TOKEN, connections, fingerprint
from tests.adversarial.hostile import HOSTILE, NOTHING_FOUND, Hostile, Targets
from tests.adversarial.notebooks import cells, write
from tests.adversarial.processes import eventually
from tests.adversarial.syscalls import drop_key, hold_key
from tests.adversarial.unprivileged import Unavailable, build, remove, scratch
from tests.test_autograder import SCHEMA, run_autograder
from tests.test_cli import run

DOCKER_LIKE = Path(__file__).with_name("docker_like.py")
RUNS = Path(__file__).with_name("gradescope_runs.py")
JOBS = 2
"""Uploads graded at once: one per core. Each is a Gradescope container of its own; here
they share the machine, and Landlock keeps each one's signals to itself."""
UNBOUNDED_FOLDER = {"fills_disk": {"timeout"}}
"""Without namespaces the student's folder is on the real disk, not a tmpfs of at most
`file_bytes` and 16384 files: creating 100,000 files can run out of the cell's time
before it runs out of room (each file is still bounded; every answer still counts)."""
COURSE_LIMITS = ("notebook_timeout_s", "cell_timeout_s", "call_timeout_s", "memory_mb")
"""The limits a course sets in grader.toml, taken from the adversarial suite's."""
MODE = "unprivileged-uid (network cut, writes only in its own folder)"


@dataclasses.dataclass(frozen=True)
class Upload:
    name: str
    root: Path
    """This run's /autograder: `source` (shared by every run), `submission`, `results`."""
    data: dict
    stdout: str


@dataclasses.dataclass(frozen=True)
class Harness:
    base: Path
    source: Path
    python: Path
    targets: dict[str, Targets]


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    if os.geteuid() != 0:
        pytest.skip("the grader is not root here")
    try:
        import pyseccomp  # noqa: F401
    except (ImportError, OSError) as exc:
        pytest.skip(f"no libseccomp to take namespaces away: {exc}")
    if not abi():
        pytest.skip("no Landlock on this kernel: writes without namespaces are unconfined")
    base = scratch()
    try:
        try:
            python = build(base)
        except Unavailable as why:
            pytest.skip(f"no Python that nobody can run: {why}")
        source = _autograder_source(base, tmp_path_factory.mktemp("zip") / "autograder.zip")
        yield Harness(base, source, _docker_like(base, python), {})
    finally:
        remove(base)


def _autograder_source(base: Path, zip_path: Path) -> Path:
    """The zip's files as Gradescope unpacks them, with the tests' short limits and
    setup.sh's own rule for the course's files applied."""
    made = run("export", "gradescope", "--out", str(zip_path))
    assert made.returncode == 0, made.stderr
    source = base / "source"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(source)
    for folder in (source, *(p for p in source.rglob("*") if p.is_dir())):
        folder.chmod(0o755)
    (source / "run_autograder").chmod(0o755)
    toml = source / "course" / "grader.toml"
    limits = "".join(f"{key} = {getattr(LIMITS, key)}\n" for key in COURSE_LIMITS)
    toml.write_text(re.sub(r"\[limits\]\n(?:[^\[\n][^\n]*\n|\n)*", f"[limits]\n{limits}\n",
                           toml.read_text()))
    rule = next(line for line in (source / "setup.sh").read_text().splitlines()
                if line.startswith("chmod ") and "/autograder/source/course" in line)
    subprocess.run(rule.replace("/autograder", str(base)), shell=True, check=True)
    return source


def _docker_like(base: Path, python: Path) -> Path:
    """GRADER_PYTHON for run_autograder: `python`, unable to create any namespace."""
    wrapper = base / "python-docker-like"
    wrapper.write_text(f'#!/bin/sh\nexec "{python}" "{DOCKER_LIKE}" "{python}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


def grade_uploads(harness: Harness, notebooks: dict[str, str | bytes],
                  scripted: Collection[str]) -> dict[str, Upload]:
    """Each notebook uploaded to a /autograder of its own and graded there: those named in
    `scripted` by run_autograder itself, the others by its `main()`, many to a process
    (gradescope_runs.py), which saves an interpreter's start per upload."""
    roots = {name: harness.base / "runs" / name for name in notebooks}
    for name, content in notebooks.items():
        (roots[name] / "submission").mkdir(parents=True)
        (roots[name] / "source").symlink_to(harness.source)
        write(roots[name] / "submission" / f"{name}.ipynb", content)
    env = {**os.environ, SECRET_VARIABLE: TOKEN}
    batched = [name for name in notebooks if name not in scripted]

    def share(index: int) -> list[Upload]:
        mine = batched[index::JOBS]
        done = subprocess.run([str(harness.python), str(RUNS), str(harness.source),
                               *(str(roots[name]) for name in mine)], env=env,
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr
        return [Upload(name, roots[name], _results(roots[name]),
                       (roots[name] / "stdout.txt").read_text(encoding="utf-8"))
                for name in mine]

    def script(name: str) -> list[Upload]:
        data, stdout = run_autograder(roots[name], str(harness.python), {SECRET_VARIABLE: TOKEN})
        return [Upload(name, roots[name], data, stdout)]

    with ThreadPoolExecutor(JOBS) as pool:
        done = [*pool.map(share, range(JOBS)), *pool.map(script, scripted)]
    return {upload.name: upload for uploads in done for upload in uploads}


def _results(root: Path) -> dict:
    data = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data


@dataclasses.dataclass(frozen=True)
class Attacked:
    uploads: dict[str, Upload]
    changed: list[str]
    created: list[str]
    connections: list[str]
    survivors: list[str]


@pytest.fixture(scope="module")
def attacked(harness: Harness, listener) -> Attacked:
    port = listener[0].getsockname()[1]
    course = harness.source / "course"
    notebooks: dict[str, str | bytes] = {}
    for case in HOSTILE:
        targets = Targets(root=course, submissions=harness.base / "runs" / case.name /
                          "submission", out=harness.base / "runs" / case.name / "results",
                          port=port, token=TOKEN)
        harness.targets[case.name] = targets
        notebooks[case.name] = case.build(targets)
    notebooks |= {name: probe(harness) for name in PROBES}
    before = fingerprint(course)
    key = hold_key(TOKEN)
    try:
        uploads = grade_uploads(harness, notebooks, scripted=PROBES)
    finally:
        drop_key(key)
    after = fingerprint(course, *(u.root / "submission" for u in uploads.values()))
    written = {path: seen for path, seen in after.items() if path not in before}
    for upload in uploads.values():  # each upload folder holds only what was uploaded
        written.pop(str(upload.root / "submission" / f"{upload.name}.ipynb"))
    changed = sorted(k for k in before if before[k] != after.get(k)) + sorted(written)
    eventually(lambda: not _marked(port))
    created = [str(p) for p in _attack_paths(harness, port) if p.exists()]
    return Attacked(uploads, changed, created, connections(*listener), _marked(port))


def _attack_paths(harness: Harness, port: int) -> list[Path]:
    names = [f"pwned-{TOKEN}", f"magic-{TOKEN}", f"late-{TOKEN}"]
    places = [harness.source / "course", harness.source / "course" / "solutions",
              *(t.submissions for t in harness.targets.values()),
              *(t.out for t in harness.targets.values()), Path("/tmp"), Path("/var/tmp"),
              Path("/dev/shm"), Path.home(), Path("/")]
    suffixes = ["", ".py", ".ipynb", ".json"]
    return [place / (name + suffix) for place in places for name in names
            for suffix in suffixes]


def _marked(port: int) -> list[str]:
    """Processes left by the background case (its sleeps are marked with the port)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if f"30.{port}" in line or f"31.{port}" in line:
                found.append(f"{entry.name}: {line}")
    return found


def parts_of(upload: Upload) -> dict[str, dict]:
    return {t["name"].split(": ", 1)[1]: t for t in upload.data["tests"]}


def evidence(upload: Upload) -> list[str] | None:
    """What the attack recorded in `two_layer_bias`: the grader quotes it back in the
    test's output (it cannot read it as an expression)."""
    output = parts_of(upload)["two_layer_bias"]["output"]
    found = re.search(r"^evidence: (\[.*\])$", output, re.MULTILINE)
    return None if found is None else ast.literal_eval(found.group(1))


@pytest.mark.parametrize("case", HOSTILE, ids=[case.name for case in HOSTILE])
def test_hostile_upload_as_root_without_namespaces(case: Hostile, attacked: Attacked) -> None:
    """`case.must_hold`, as on Gradescope without namespaces: the run ends, the notebook
    earns exactly what its honest answers are worth, the instructor is told the mode,
    and nothing outside the sandbox was read, reached, written or left running."""
    upload = attacked.uploads[case.name]
    assert "extra_data" in upload.data, upload.data["output"]  # graded, not turned away
    extra = upload.data["extra_data"]
    assert extra["status"] in case.statuses | UNBOUNDED_FOLDER.get(case.name, set()), \
        upload.data["output"]
    assert upload.data["score"] == case.score, parts_of(upload)
    for part in case.zero:
        assert parts_of(upload)[part]["score"] == 0
    if case.evidence is not None:
        assert case.evidence == NOTHING_FOUND
        seen = evidence(upload)
        assert seen is not None, parts_of(upload)["two_layer_bias"]
        own = f"{case.name}.ipynb"  # its own upload it may read, by any path
        assert [path for path in seen if Path(path).name != own] == []
    ran = extra["status"] != "invalid_notebook"
    assert (extra["isolation"], extra["network"], extra["writes"]) == (
        ("unprivileged-uid", "cut", "own-folder") if ran else (None, None, None))
    assert upload.stdout.splitlines()[0] == (f"isolation: {MODE}" if ran else
                                             "isolation: none (no student code ran)")
    if ran:
        assert upload.stdout.splitlines()[1].startswith("warning: no namespaces: student code "
                                                        "ran as nobody")
        assert extra["isolation_warning"] in upload.stdout
    assert attacked.changed == [] and attacked.created == []


def test_no_connection_reached_the_listening_port(attacked: Attacked) -> None:
    assert attacked.connections == []


def test_no_process_outlives_its_run(attacked: Attacked) -> None:
    assert attacked.survivors == []


PROBES = ("probe_first", "probe_again")
"""The same probe, uploaded twice: the second must find no trace of the first."""
PROBE = (
    "import os, socket\nfound = []\n"
    "here = sorted(os.listdir('.'))\n"
    "if here != EXPECTED:\n    found.append('folder ' + repr(here))\n"
    "if os.stat('.').st_uid != 65534:\n    found.append('folder owner')\n"
    "if os.getresuid() != (65534,) * 3 or os.getresgid() != (65534,) * 3:\n"
    "    found.append('ids %r %r' % (os.getresuid(), os.getresgid()))\n"
    "if os.getgroups():\n    found.append('groups %r' % os.getgroups())\n"
    "for line in open('/proc/self/status'):\n"
    "    if line.startswith('Cap') and int(line.split()[1], 16):\n"
    "        found.append(line.strip())\n"
    "if 'NoNewPrivs:\\t1' not in open('/proc/self/status').read():\n"
    "    found.append('no_new_privs off')\n"
    "open('stale', 'w').write('left by an earlier run')\n"
    "for family in (socket.AF_INET, socket.AF_INET6):\n"
    "    try:\n        socket.socket(family, socket.SOCK_STREAM)\n"
    "        found.append('socket %d' % family)\n"
    "    except OSError:\n        pass\n"
    "a, b = socket.socketpair()\n"
)


def probe(harness: Harness) -> str:
    """A notebook that records, before anything else, what its own process and folder are:
    an empty folder of its own but for the course's data files, nobody's ids, no groups,
    no capabilities, no_new_privs, no network socket (Unix sockets work)."""
    course = harness.source / "course"
    expected = sorted(Path(f).name for f in _course_files(course))
    return cells(f"EXPECTED = {expected!r}\n" + PROBE,
                 "two_layer_bias = 'evidence: ' + repr(sorted(set(map(str, found))))")


def _course_files(course: Path) -> list[str]:
    """The data files grader.toml gives every sandbox (read as the grader, root, does)."""
    import tomllib

    return tomllib.loads((course / "grader.toml").read_text())["environment"]["files"]


@pytest.mark.parametrize("name", PROBES)
def test_student_code_starts_as_nobody_in_a_fresh_empty_folder(name: str,
                                                                attacked: Attacked) -> None:
    upload = attacked.uploads[name]
    assert upload.data["extra_data"]["isolation"] == "unprivileged-uid"
    assert evidence(upload) == []


def test_the_course_is_roots_alone_as_setup_sh_leaves_it(harness: Harness) -> None:
    course = harness.source / "course"
    for path in (course, *course.rglob("*")):
        assert path.stat().st_mode & 0o077 == 0, path
