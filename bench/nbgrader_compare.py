"""The same small class graded by `nbgrader autograde` and by `grade`, side by side.

Run: python bench/nbgrader_compare.py [--timeout 30] [--jobs 2] [--venv DIR] [--keep DIR]

The class: 40 notebooks answering the homework's six code questions (collapse,
sigmoid_derivative, relu_derivative, softmax, softmax_jacobian, apply_kernel), most right
in varied forms, 6 with wrong functions, 4 with a cell that raises, 2 with a function that
loops forever (bench/synthetic.py `code_class`). nbgrader gets an assignment whose
autograded test cells check the same functions against the course's solutions; `grade`
gets the course template with the same answer cells. Both have the same per-cell timeout
(`--timeout`; for `grade` it is also the per-call timeout, since a call to a looping
function is what nbgrader's test cell is). nbgrader is installed into a throwaway
virtualenv (`--venv` reuses one); it is not a dependency of this project.

Prints each wall time (the whole command, start-up included) with and without the two
looping notebooks, the ratios, and the steady-state throughputs (nbgrader has no separate
start-up to speak of; for `grade`, its own grading wall clock from OUT/timings.jsonl).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_grade import bench_course, grade_command  # noqa: E402
from bench.synthetic import CODE_PARTS, code_class, filled  # noqa: E402
from grader.course import load_course  # noqa: E402
from grader.notebook.template import build_template, dumps  # noqa: E402
from grader.reports import timings as timings_file  # noqa: E402

NBGRADER = "nbgrader==0.9.6"
ASSIGNMENT = "hw"
TESTS = {
    "collapse": """
        rng = np.random.default_rng(0)
        Ws = [rng.normal(size=(3, 3)) for _ in range(3)]
        bs = [rng.normal(size=3) for _ in range(3)]
        W, b = collapse(Ws, bs)
        x = rng.normal(size=3)
        y = x
        for Wk, bk in zip(Ws, bs):
            y = Wk @ y + bk
        assert np.allclose(W @ x + b, y)""",
    "sigmoid_derivative": """
        x = np.array([-2.0, 0.0, 0.5, 3.0])
        s = 1 / (1 + np.exp(-x))
        assert np.allclose(sigmoid_derivative(x), s * (1 - s))""",
    "relu_derivative": """
        x = np.array([-2.0, -0.5, 0.5, 3.0])
        assert np.allclose(relu_derivative(x), [0, 0, 1, 1])""",
    "softmax": """
        z = np.array([1.0, 2.0, 3.0])
        e = np.exp(z - z.max())
        assert np.allclose(softmax(z), e / e.sum())""",
    "softmax_jacobian": """
        z = np.array([0.5, -1.0, 2.0])
        s = np.exp(z - z.max()); s = s / s.sum()
        assert np.allclose(softmax_jacobian(z), np.diag(s) - np.outer(s, s))""",
    "apply_kernel": """
        image = np.arange(25.0).reshape(5, 5)
        kernel = np.ones((3, 3)) / 9
        out = apply_kernel(image, kernel)
        assert out.shape == (3, 3) and np.allclose(out[0, 0], image[:3, :3].mean())""",
}


def nbgrader_venv(where: Path | None) -> Path:
    """A virtualenv with nbgrader (which brings a Jupyter kernel) and numpy."""
    venv = where or Path(tempfile.mkdtemp(prefix="nbgrader-venv-"))
    if not (venv / "bin" / "nbgrader").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", NBGRADER, "numpy"],
                       check=True)
    return venv


def cell(kind: str, source: str, meta: dict[str, object] | None = None) -> dict[str, object]:
    data: dict[str, object] = {"cell_type": kind, "metadata": {}, "source": source}
    if meta is not None:
        data["metadata"] = {"nbgrader": {"schema_version": 3, "task": False, **meta}}
    if kind == "code":
        data.update(execution_count=None, outputs=[])
    return data


def nbgrader_notebook(answers: dict[str, str] | None) -> dict[str, object]:
    """The source assignment (answers None: reference solutions between BEGIN/END
    SOLUTION markers) or a student's submission (their answers in the solution cells)."""
    cells = [cell("code", "import numpy as np")]
    for part in CODE_PARTS:
        code = (answers or {}).get(part) or "### BEGIN SOLUTION\npass\n### END SOLUTION"
        cells.append(cell("markdown", f"## {part}"))
        cells.append(cell("code", code, {"grade": False, "grade_id": part, "locked": False,
                                         "solution": True}))
        cells.append(cell("code", textwrap.dedent(TESTS[part]).strip(),
                          {"grade": True, "grade_id": f"test_{part}", "locked": True,
                           "points": 1, "solution": False}))
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}}}


def nbgrader_course(root: Path, venv: Path, students: list, timeout: float) -> Path:
    root.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(textwrap.dedent(f"""
        c = get_config()
        c.CourseDirectory.course_id = "bench"
        c.CourseDirectory.root = {str(root)!r}
        c.Execute.timeout = {timeout}
        c.Execute.interrupt_on_timeout = True
        c.Execute.allow_errors = True
    """))
    source = root / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    (source / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(nbgrader_notebook(None)))
    run([str(venv / "bin" / "nbgrader"), "generate_assignment", ASSIGNMENT, "--force"], root)
    for student, _, answers in students:
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(nbgrader_notebook(answers)))
    return root


def run(argv: list[str], cwd: Path) -> float:
    """Run a command to the end, as if its virtualenv were active (nbgrader runs
    `alembic` from PATH); its wall time in seconds."""
    env = {**os.environ, "PATH": f"{Path(argv[0]).parent}{os.pathsep}{os.environ['PATH']}"}
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        sys.exit(f"{' '.join(argv[:3])} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def grade_class(root: Path, students: list, timeout: float, jobs: int) -> tuple[float, float]:
    """`grade` on the same answers; (wall time of the command, its grading wall time)."""
    course = bench_course(root, {"cell_timeout_s": timeout, "call_timeout_s": timeout})
    template = build_template(load_course(course))
    subs = root / "submissions"
    subs.mkdir()
    for student, _, answers in students:
        (subs / f"{student}.ipynb").write_text(dumps(filled(template, answers)))
    out = root / "out"
    wall = run([grade_command(), str(subs), "--out", str(out), "--course", str(course),
                "--jobs", str(jobs), "--quiet"], root)
    _, batch = timings_file.read(out / timings_file.FILE)
    return wall, batch["grade"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="per-cell timeout for both graders (seconds)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--venv", type=Path, default=None,
                        help="a virtualenv to put nbgrader in, or that has it already")
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="nbgrader-compare-"))
    venv = nbgrader_venv(args.venv)
    said = subprocess.run([str(venv / "bin" / "nbgrader"), "--version"],
                          capture_output=True, text=True).stdout
    version = said.strip().splitlines()[-1].removeprefix("nbgrader version ")
    everyone = code_class()
    ordinary = [s for s in everyone if s[1] != "looping"]
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f}; nbgrader {version}; per-cell timeout {args.timeout:g} s;"
          f" grade --jobs {args.jobs}")
    try:
        rows = []
        for label, students in (("all 40", everyone), (f"{len(ordinary)} ordinary", ordinary)):
            tag = label.split()[0]
            nbgrader_root = nbgrader_course(root / f"nbgrader-{tag}", venv, students,
                                            args.timeout)
            theirs = run([str(venv / "bin" / "nbgrader"), "autograde", ASSIGNMENT,
                          "--create"], nbgrader_root)
            ours, grading = grade_class(root / f"grade-{tag}", students, args.timeout,
                                        args.jobs)
            rows.append((label, len(students), theirs, ours, grading))
        for label, n, theirs, ours, grading in rows:
            print(f"\n{label} notebooks:")
            print(f"  nbgrader autograde: {theirs:7.1f} s  ({theirs / n:.2f} s per notebook)")
            print(f"  grade:              {ours:7.1f} s  (grading alone {grading:.1f} s)")
            print(f"  ratio of wall times: {theirs / ours:.1f}x; of steady-state "
                  f"throughputs: {theirs / grading:.1f}x")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
