"""What Gradescope runs for each upload: grade the notebook, write Gradescope's results.

Runs on Gradescope, not on the instructor's machine, so it says everything it has to say in
the results file (Gradescope shows `output` to the student and the instructor); it prints
nothing but the tracebacks of the grader's own faults, on stderr, for the instructor. A
broken course or an upload with no notebook still gets a results file, so the student reads
a reason instead of "autograder failed".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from grader.autograder.build import COURSE_FOLDER
from grader.errors import GraderError, describe
from grader.reports import gradescope

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
    from grader.course import load_course
    from grader.pipeline import find_submissions, prepare_course
    from grader.pipeline.executors import Task, grade_task

    try:
        course = load_course(course_dir)
        gradebook = prepare_course(course)
    except GraderError as error:
        return gradescope.no_submission(
            f"The autograder could not load its course; please tell your instructor. "
            f"({describe(error)})")
    found = find_submissions(upload) if upload.is_dir() else []
    paths = [p for p in found if p.suffix.lower() == ".ipynb"]
    if not paths:
        return gradescope.no_submission(
            "No Jupyter notebook (.ipynb) was found in your upload: upload your homework "
            "notebook.")
    names = [p.relative_to(upload).as_posix() for p in paths]
    notes = []
    if len(paths) > 1:
        notes.append(f"Graded {names[0]}; also uploaded, not graded: {', '.join(names[1:])}.")
    graded = grade_task(Task(paths[0], names[0], paths[0].stem), gradebook)
    for fault in graded.faults:  # for the instructor's autograder output, not the student
        print(fault.traceback, file=sys.stderr)
    result = graded.result
    hidden = {p.id for p in course.parts if p.params.get("hidden")}
    return gradescope.results(result, hidden, notes)
