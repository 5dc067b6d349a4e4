"""Grading on a dask.distributed cluster gives exactly the results of local grading.

The cluster is a LocalCluster of two worker processes: tasks, the scattered gradebook and
the results really cross process boundaries, and every worker grades in its own sandbox.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from grader.pipeline import grade_folder, student_of
from grader.pipeline.dask_executor import DaskExecutor, Shipped, grade_shipped, ship
from grader.pipeline.executors import Task
from grader.reports import results_json

if not os.environ.get("CI"):
    pytest.importorskip("distributed", reason="dask.distributed is not installed: pip "
                        "install -e '.[test]' (under CI it is required)")
from distributed import LocalCluster  # noqa: E402


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_a_cluster_grades_like_this_process(gradebook, mixed_folder, mixed_serial, scheduler):
    timings = []
    on_cluster = grade_folder(mixed_folder, gradebook, executor=DaskExecutor(scheduler),
                              on_timing=timings.append)
    assert results_json.dumps(on_cluster) == results_json.dumps(mixed_serial)
    assert on_cluster.isolation == mixed_serial.isolation
    assert on_cluster.limits == mixed_serial.limits
    assert len({t.worker for t in timings}) >= 1
    assert sorted(t.submission for t in timings) == [s.submission
                                                     for s in on_cluster.submissions]


@pytest.mark.parametrize(("name", "content", "status"), [
    ("notes.pdf", b"%PDF-1.4", "not_a_notebook"),
    ("empty.ipynb", b"", "invalid_notebook"),
    ("deep/in/folders/broken.ipynb", b"{not json", "invalid_notebook"),
])
def test_a_shipped_file_is_judged_as_it_would_be_here(name, content, status, gradebook,
                                                      tmp_path):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    shipped = ship(Task(path, name, student_of(path, tmp_path)), gradebook.course)
    assert isinstance(shipped, Shipped)
    remote = grade_shipped(shipped, gradebook).result
    local = grade_folder(tmp_path, gradebook, paths=[path]).submissions[0]
    assert remote.status == status
    assert results_json.dumps(_only(remote)) == results_json.dumps(_only(local))


def test_an_oversized_notebook_is_not_sent(gradebook, tmp_path):
    path = tmp_path / "huge.ipynb"
    with path.open("wb") as file:
        file.truncate(21 * 1024 * 1024)
    shipped = ship(Task(path, "huge.ipynb", "huge"), gradebook.course)
    assert isinstance(shipped, Shipped) and shipped.content == b""
    result = grade_shipped(shipped, gradebook).result
    assert result.status == "invalid_notebook" and "too large" in (result.detail or "")


def test_a_symbolic_link_is_refused_not_shipped(gradebook, tmp_path):
    """Followed, the link's target would be shipped and graded as a regular file."""
    (tmp_path / "alice.ipynb").write_text("{}", encoding="utf-8")
    link = tmp_path / "trudy.ipynb"
    link.symlink_to("alice.ipynb")
    shipped = ship(Task(link, "trudy.ipynb", "trudy"), gradebook.course)
    local = grade_folder(tmp_path, gradebook, paths=[link]).submissions[0]
    assert not isinstance(shipped, Shipped)
    assert shipped.result.status == "invalid_notebook"
    assert results_json.dumps(_only(shipped.result)) == results_json.dumps(_only(local))


def test_an_unreachable_scheduler_is_one_line(gradebook, mixed_folder):
    from grader.errors import UsageError

    with pytest.raises(UsageError, match="no dask scheduler answers"):
        grade_folder(mixed_folder, gradebook,
                     executor=DaskExecutor("tcp://127.0.0.1:9", connect_timeout="1s"))


def _only(result):
    from grader.results import BatchResult

    return BatchResult("course", "version", (result,))
