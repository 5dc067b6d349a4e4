"""Notebook -> sandbox -> checks -> results, for one submission and for a folder.

Data flows one way. The course is prepared once per batch (specs parsed, reference values
computed); each submission then runs in its own sandbox session and always yields a
SubmissionResult, whatever its notebook does.
"""

from grader.pipeline.batch import grade_folder, iter_grades
from grader.pipeline.discover import find_submissions, student_of
from grader.pipeline.gradebook import Gradebook, limits_from, prepare_course
from grader.pipeline.submission import grade_notebook

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
