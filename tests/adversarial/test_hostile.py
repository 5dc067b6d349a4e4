"""Hostile notebooks graded through the real pipeline, next to good ones.

One batch holds every hostile notebook of `hostile.HOSTILE` and the good samples; the same
good samples are also graded alone. For each hostile notebook: the batch completes, it
earns exactly what its honest answers are worth, no file outside its sandbox changes, and
every good submission's result is identical to its result without the hostile ones. From
outside the sandbox the test also checks that no connection reached the port it listens
on and that no process of the batch outlives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from grader.pipeline import Gradebook, grade_folder
from grader.results import BatchResult, SubmissionResult
from grader.sandbox import isolation_report, launcher
from tests.adversarial.conftest import TOKEN, by_name, connections, fingerprint, same_rows
from tests.adversarial.hostile import HOSTILE, Hostile, Targets
from tests.adversarial.notebooks import copy_good, write
from tests.adversarial.processes import descendants, eventually


@dataclass(frozen=True)
class Attacked:
    batch: BatchResult
    rows: dict[str, SubmissionResult]
    targets: Targets
    changed: list[str]
    """Files outside the sandboxes that differ after the batch (must be none)."""
    created: list[str]
    """Files an attack meant to create that exist after the batch (must be none)."""
    connections: list[str]
    survivors: list[int]


@pytest.fixture(scope="module")
def attacked(adversarial_gradebook: Gradebook, workspace: Path, listener,
             good_alone) -> Attacked:
    if isolation_report().mode != "namespaces":
        pytest.skip(f"no namespaces here ({isolation_report().reason}): reads, writes and "
                    "the network are open to student code by design")
    folder = workspace / "submissions"
    course = adversarial_gradebook.course
    targets = Targets(root=course.root.resolve(), submissions=folder, out=course.config.out,
                      port=listener[0].getsockname()[1], token=TOKEN)
    copy_good(folder)
    for case in HOSTILE:
        write(folder / f"h_{case.name}.ipynb", case.build(targets))
    watched = (targets.root / "exercises", targets.root / "solutions",
               targets.root / "grader.toml", folder, targets.out)
    before = fingerprint(*watched)
    batch = grade_folder(folder, adversarial_gradebook)
    after = fingerprint(*watched)
    zygote = launcher.shared_zygote()
    assert zygote is not None
    eventually(lambda: not descendants(zygote.proc.pid))
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    created = [str(p) for p in _attack_paths(targets) if p.exists()]
    for path in created:
        Path(path).unlink()
    return Attacked(batch, by_name(batch), targets, changed, created,
                    connections(*listener), descendants(zygote.proc.pid))


def _attack_paths(t: Targets) -> list[Path]:
    names = [f"pwned-{TOKEN}", f"magic-{TOKEN}", f"late-{TOKEN}"]
    places = [t.root, t.root / "solutions", t.submissions, t.out, Path("/tmp"),
              Path("/var/tmp"), Path.home(), Path("/")]
    suffixes = ["", ".py", ".ipynb", ".json"]
    return [place / (name + suffix) for place in places for name in names
            for suffix in suffixes]


def parts(row: SubmissionResult) -> dict[str, tuple[str, float, str | None]]:
    return {p.id: (p.verdict, p.score, p.answer) for e in row.exercises for p in e.parts}


COPIES = {"00_good_full.ipynb": ("h_nbformat_v3.ipynb",)}
"""The full-marks notebook saved as nbformat 3 says what it says: a copy."""


@pytest.mark.parametrize("case", HOSTILE, ids=[case.name for case in HOSTILE])
def test_hostile_notebook(case: Hostile, attacked: Attacked, good_alone) -> None:
    """`case.must_hold`, and for every case: the batch went on, the notebook earned exactly
    what its honest answers are worth, nothing outside the sandbox changed, and the good
    submissions got what they get alone."""
    row = attacked.rows[f"h_{case.name}.ipynb"]
    assert row.status in case.statuses, row.detail
    assert row.score == case.score, parts(row)
    graded = parts(row)
    for part in case.zero:
        assert graded[part][1] == 0, graded[part]
    if case.evidence is not None:
        assert graded["two_layer_bias"][2] == case.evidence
        assert graded["two_layer_bias"][1] == 0
    assert len(attacked.batch.submissions) == len(HOSTILE) + len(good_alone)
    assert attacked.changed == [] and attacked.created == []
    same_rows(attacked.batch, good_alone, COPIES)


def test_the_batch_says_how_it_was_isolated(attacked: Attacked) -> None:
    assert attacked.batch.isolation == "namespaces"
    assert attacked.batch.limits == isolation_report().limits


def test_no_connection_reached_the_listening_port(attacked: Attacked) -> None:
    assert attacked.connections == []


def test_no_process_outlives_the_batch(attacked: Attacked) -> None:
    assert attacked.survivors == []


def test_output_of_a_flood_is_cut(attacked: Attacked) -> None:
    row = attacked.rows["h_print_flood.ipynb"]
    assert row.status == "graded" and row.score == attacked.rows["00_good_full.ipynb"].score


def test_crashes_and_timeouts_say_why(attacked: Attacked) -> None:
    assert "SIGSEGV" in (attacked.rows["h_segfault.ipynb"].detail or "")
    assert "code 0" in (attacked.rows["h_os_exit.ipynb"].detail or "")
    assert "timed out" in (attacked.rows["h_loop_top_level.ipynb"].detail or "")
    looping = parts(attacked.rows["h_loop_in_function.ipynb"])["relu_derivative"]
    assert looping[0] == "incorrect"  # the student's loop: an ordinary wrong answer
