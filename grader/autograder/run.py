"""What Gradescope runs for each upload: grade the notebook, write Gradescope's results.

Runs on Gradescope, not on the instructor's machine, so it says everything it has to say in
the results file (Gradescope shows `output` to the student and the instructor); it prints
for the instructor only (Gradescope shows its stdout to instructors): how student code was
isolated, the parts a person must decide, and the tracebacks of the grader's own faults. A
broken course or an upload with no notebook still gets a results file, so the student reads
a reason instead of "autograder failed".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from grader.autograder.build import COURSE_FOLDER
from grader.course import load_course
from grader.errors import GraderError, describe_error
from grader.pipeline.discover import find_submissions
from grader.pipeline.executors import Graded, Task, grade_task
from grader.pipeline.gradebook import prepare_course
from grader.reports import gradescope
from grader.reports import isolation as kept_apart
from grader.results import SubmissionResult

ROOT_VARIABLE = "GRADER_AUTOGRADER_ROOT"
DEFAULT_ROOT = Path("/autograder")


def main() -> int:
    root = Path(os.environ.get(ROOT_VARIABLE) or DEFAULT_ROOT)
    data = grade_upload(root / "submission", root / "source" / COURSE_FOLDER)
    out = root / "results" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(gradescope.dumps(data), encoding="utf-8")
    return 0


def grade_upload(upload: Path, course_dir: Path) -> dict[str, Any]:
    try:
        course = load_course(course_dir)
        gradebook = prepare_course(course)
    except GraderError as error:
        return gradescope.no_submission(
            f"The autograder could not load its course; please tell your instructor. "
            f"({describe_error(error)})")
    found = find_submissions(upload) if upload.is_dir() else []
    paths = [p for p in found if p.suffix.lower() == ".ipynb"][:MAX_NOTEBOOKS]
    if not paths:
        return gradescope.no_submission(
            "No Jupyter notebook (.ipynb) was found in your upload: upload your homework "
            "notebook.")
    graded = [grade_task(Task(p, p.relative_to(upload).as_posix(), p.stem), gradebook)
              for p in paths]
    chosen = max(graded, key=lambda g: (answered(g.result), g.result.score,
                                        [-ord(c) for c in g.result.submission]))
    notes = [] if len(graded) == 1 else [choice_note(chosen, graded, len(course.parts))]
    hidden = {p.id for p in course.parts if p.hidden}
    data = gradescope.results(chosen.result, hidden, notes, isolation=chosen.isolation,
                              network=chosen.network, writes=chosen.writes)
    tell_instructor(chosen, data)
    return data


MAX_NOTEBOOKS = 5
"""Notebooks of one upload graded to find the homework among them."""


def answered(result: SubmissionResult) -> int:
    return sum(1 for e in result.exercises for p in e.parts if p.verdict != "missing")


def choice_note(chosen: Graded, graded: list[Graded], parts: int) -> str:
    """Which notebook of several was graded, and why: the one that answers the most."""
    others = ", ".join(f"{g.result.submission} (answers {answered(g.result)})"
                       for g in graded if g is not chosen)
    return (f"Graded {chosen.result.submission}: of the notebooks you uploaded it answers "
            f"the most parts ({answered(chosen.result)} of {parts}). Also uploaded, not "
            f"graded: {others}.")


def tell_instructor(graded: Graded, data: dict[str, Any]) -> None:
    """Gradescope shows run_autograder's output to instructors only: how student code was
    isolated (with what that did not protect, for any mode but namespaces), what a person
    must decide, and the grader's own tracebacks."""
    extra = data.get("extra_data", {})
    kept = kept_apart.describe_isolation(graded.isolation, graded.network, graded.writes)
    print(f"isolation: {kept}")
    if extra.get("isolation_warning"):
        print(f"{extra['isolation_warning']} (the grader's docs/sandbox.md)")
    print(f"parts for a person: {', '.join(extra.get('needs_person', [])) or 'none'}")
    for fault in graded.faults:
        print(fault.traceback)
