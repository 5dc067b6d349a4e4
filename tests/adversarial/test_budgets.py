"""Whatever one submission does with time, it spends only its own budget.

Sleeping uses no CPU time, so these attacks meet the whole submission's wall-clock
deadline (cells, probes and graded calls together) and the cap on look-alike functions
probed; a classmate graded in the same batch gets exactly what it gets alone.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import nbformat

from grader.course import Course
from grader.pipeline import grade_folder, prepare_course
from grader.pipeline.answers import MAX_PROBED
from grader.pipeline.workers import LocalWorkers
from grader.sandbox import Limits
from tests.adversarial.conftest import to_dict_row
from tests.conftest import EXAMPLES

LIMITS = Limits(notebook_timeout_s=3.0, cell_timeout_s=1.0, call_timeout_s=0.5)
"""A submission's wall-clock backstop is 4 x 3 s = 12 s."""

SOFTMAX = "e = np.exp(z - np.max(z))\n    return e / e.sum()"
ATTACKER = [
    "import time\nimport numpy as np",
    # thirty look-alikes of sigmoid_derivative, each sleeping on every call
    *(f"def sigmoid_derivative_v{i}(x):\n    time.sleep(1.0)\n    return x" for i in range(30)),
    # a correct softmax that sleeps on every graded call
    f"def softmax(z):\n    time.sleep(1.0)\n    {SOFTMAX}",
]


def write(folder: Path, name: str, sources: list[str]) -> None:
    cells = [nbformat.v4.new_code_cell(s) for s in sources]
    (folder / name).write_text(nbformat.writes(nbformat.v4.new_notebook(cells=cells)))


def test_sleeping_probes_and_calls_cost_only_their_own_budget(course: Course, tmp_path):
    gradebook = prepare_course(course, LIMITS)
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(EXAMPLES / "full_marks.ipynb", alone / "victim.ipynb")
    victim_alone = grade_folder(alone, gradebook).submissions[0]

    batch = tmp_path / "batch"
    shutil.copytree(alone, batch)
    write(batch, "attacker.ipynb", ATTACKER)
    started = time.monotonic()
    result = grade_folder(batch, gradebook, executor=LocalWorkers(2))
    elapsed = time.monotonic() - started
    rows = {r.submission: r for r in result.submissions}

    assert to_dict_row(rows["victim.ipynb"]) == to_dict_row(victim_alone)
    attacker = {p.id: p for e in rows["attacker.ipynb"].exercises for p in e.parts}
    # before: 30 probes and 20 graded calls of a second each; now the 12 s backstop
    assert elapsed < 12 + 10, elapsed
    assert attacker["softmax"].score < attacker["softmax"].max_score
    assert "hit the notebook's time limit" in attacker["softmax"].feedback
    assert attacker["sigmoid_derivative"].score == 0  # the look-alikes return x
    assert MAX_PROBED < 30
