"""Notebook -> sandbox -> checks -> results, for one submission and for a folder.

Data flows one way. The course is prepared once per batch (specs parsed, reference values
computed); each submission then runs in its own sandbox session and always yields a
SubmissionResult, whatever its notebook does.

The names below load their modules on first use: importing one small module of the
package (`grader.pipeline.layout`, a file-name parser) does not import the grading stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.pipeline.batch import grade_folder, iter_grades
    from grader.pipeline.discover import find_submissions, student_of
    from grader.pipeline.gradebook import Gradebook, limits_from, prepare_course
    from grader.pipeline.submission import grade_notebook

_LAZY = {"grade_folder": "batch", "iter_grades": "batch", "find_submissions": "discover",
         "student_of": "discover", "Gradebook": "gradebook", "limits_from": "gradebook",
         "prepare_course": "gradebook", "grade_notebook": "submission"}

__all__ = [
    "Gradebook",
    "find_submissions",
    "grade_folder",
    "grade_notebook",
    "iter_grades",
    "limits_from",
    "prepare_course",
    "student_of",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"grader.pipeline.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'grader.pipeline' has no attribute {name!r}")
