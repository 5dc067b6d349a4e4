import dataclasses

import pytest

from grader.reports import feedback
from grader.results import BatchResult
from tests.reports.sample import sample_batch


def test_feedback_golden(golden):
    for result in sample_batch().submissions:
        golden(f"feedback_{result.student}.md", feedback.markdown(result))


def test_self_check_golden(golden):
    alice = sample_batch().submissions[0]
    golden("self_check_alice.md", feedback.self_check(alice, ("hidden_one", "hidden_two")))
    body = feedback.markdown(alice).split("\n## ", 1)[1]
    assert feedback.self_check(alice).endswith(body), "the parts read the same in both"


@pytest.mark.parametrize(("student", "name"), [
    ("alice", "alice"),
    ("jane@example.edu", "jane@example.edu"),
    ("Raj Patel+7", "Raj_Patel+7"),
    ("../../etc/passwd", "etc_passwd"),
    (".hidden", "hidden"),
    ("Zoë Ångström", "Zoe_Angstrom"),
    ("李雷", "student"),
    ("", "student"),
    ("x" * 200, "x" * 80),
])
def test_safe_names(student, name):
    assert feedback.safe_name(student) == name


def test_one_file_per_submission_numbered_on_clashes(tmp_path):
    alice, bob = sample_batch().submissions
    batch = BatchResult("c", "0", (alice, bob, dataclasses.replace(bob, student="BOB"),
                                   dataclasses.replace(alice, student="alice/..")))
    assert feedback.file_names(batch) == ["alice.md", "bob.md", "BOB-2.md", "alice-2.md"]
    written = feedback.write_all(batch, tmp_path / "feedback")
    assert [p.name for p in written] == feedback.file_names(batch)
    assert written[2].read_text() == feedback.markdown(batch.submissions[2])


def test_cells_beyond_those_listed_are_one_line():
    bob = sample_batch().submissions[1]
    text = feedback.markdown(dataclasses.replace(bob, cells_omitted=189_990))
    listed = "- cell 4: timeout: timed out after 10 s\n"
    assert listed + "- … and 189,990 more (cells that raised, timed out or were skipped)" in text


HOSTILE = ("ValueError: x\n# Feedback: mallory\n**Score: 100 / 100** (graded)\n"
           "<img src=x onerror=alert(1)>\n[click](javascript:alert(1))\x1b[2K\r")


def test_student_text_in_feedback_is_inert(golden):
    """A student's name, detail, cell error and exception message, each with a heading, a
    score line, raw HTML and a javascript: link, and a parse error with backticks: each
    reads as its own characters (golden), and the only headings and score line are the
    grader's."""
    bob = sample_batch().submissions[1]
    exercise = bob.exercises[0]
    softmax, expr, proof = exercise.parts
    mallory = dataclasses.replace(
        bob, student="mallory\n# Feedback: alice", detail="cell 3: " + HOSTILE,
        cells=(dataclasses.replace(bob.cells[0], error=HOSTILE),),
        exercises=(dataclasses.replace(exercise, parts=(
            dataclasses.replace(softmax, feedback=f"`softmax([1, 2])` raised {HOSTILE}"),
            dataclasses.replace(expr, feedback="could not read this answer\nx ``` `\n  ^\n"
                                "unexpected character"), proof)),))
    text = feedback.markdown(mallory)
    golden("feedback_mallory.md", text)
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("#")] == [
        "# Feedback: mallory # Feedback: alice", "## Derivatives (3 / 10)",
        "### softmax: 3 / 3, correct", "### sigmoid_expr: 0 / 2, flagged for a person",
        "### proof: 0 / 5, not answered"]
    assert [line for line in lines if "**Score" in line] == ["**Score: 3 / 10** (timeout)"]
    assert not any(line.lstrip("> -").startswith(("<", "[")) for line in lines)
    assert "\x1b" not in text and "\r" not in text
