"""What each sandbox reports of its own confinement, and Landlock's fence on writes where
there are no namespaces."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from grader.sandbox import Confinement, Isolation, Limits, isolation_report, open_session
from grader.sandbox.landlock import abi

LIMITS = Limits(cell_timeout_s=2, call_timeout_s=1, notebook_timeout_s=10)
WRITES = (
    "import os\n"
    "def attempt(path):\n"
    "    try:\n"
    "        with open(path, 'w') as f:\n"
    "            f.write('x')\n"
    "        return 'wrote'\n"
    "    except OSError as e:\n"
    "        return type(e).__name__\n"
    "mine = attempt('mine.txt')\n"
    "outside = [attempt(p) for p in PATHS]\n"
    "null = attempt('/dev/null')\n"
    "os.rename('mine.txt', 'renamed.txt')\n"
    "here = sorted(os.listdir('.'))"
)


def test_without_namespaces_writes_stay_in_the_working_folder() -> None:
    if not abi():
        pytest.skip("no Landlock on this kernel: writes without namespaces are unconfined")
    token = uuid.uuid4().hex[:12]
    outside = [f"/tmp/grader-landlock-{token}", f"/var/tmp/grader-landlock-{token}"]
    cell = f"PATHS = {outside!r}\n{WRITES}"
    with open_session(LIMITS, isolation=Isolation(namespaces=False)) as session:
        report = session.run([(0, cell)], ["mine", "outside", "null", "here"])
        kept = session.confinement
    assert report.values == {"mine": "wrote", "outside": ["PermissionError"] * 2,
                             "null": "wrote", "here": ["renamed.txt"]}
    assert not any(Path(p).exists() for p in outside)
    assert kept is not None and kept.writes == "own-folder"


def test_each_sandbox_says_how_it_was_confined() -> None:
    report = isolation_report()
    with open_session(LIMITS, isolation=Isolation(namespaces=False)) as session:
        session.run([(0, "x = 1")], ["x"])
        without = session.confinement
    assert without is not None and without.isolation != "namespaces"
    assert without.network == ("cut" if report.filtered else "open")
    if report.mode == "namespaces":
        with open_session(LIMITS) as session:
            session.run([(0, "x = 1")], ["x"])
            assert session.confinement == Confinement("namespaces", "cut", "own-folder")


def test_a_fresh_interpreter_claims_nothing_but_its_filter() -> None:
    with open_session(LIMITS, command_prefix=("env",)) as session:
        session.run([(0, "x = 1")], ["x"])
        kept = session.confinement
    assert kept == Confinement("limits-only", "cut" if isolation_report().filtered else "open",
                               "unconfined")


GREETINGS = [
    ({"isolation": "unprivileged-uid", "network": "cut", "writes": "own-folder"},
     Confinement("unprivileged-uid", "cut", "own-folder")),
    ({}, Confinement("limits-only", "open", "unconfined")),
    ({"isolation": "root", "network": True, "writes": "everywhere"},
     Confinement("limits-only", "open", "unconfined")),
]


@pytest.mark.parametrize(("body", "read"), GREETINGS)
def test_a_greeting_missing_or_unknown_counts_as_the_weakest(body: dict, read: Confinement):
    assert Confinement.from_greeting(body) == read


def test_a_session_is_as_confined_as_its_weakest_process() -> None:
    strong = Confinement("namespaces", "cut", "own-folder")
    weak = Confinement("unprivileged-uid", "cut", "unconfined")
    assert strong.weaker(None) == strong
    assert strong.weaker(weak) == weak.weaker(strong) == weak
