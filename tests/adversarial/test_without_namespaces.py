"""Where namespaces are unavailable the grader falls back to limits only, says so once,
and still grades every submission the same.

Namespaces are made unavailable for real: the zygote starts inside a user namespace whose
limit on nested user namespaces is 0, so its own attempt to create one fails, as it does
on hosts that forbid them. That namespace maps root alone, so student code cannot become
nobody there: it stays root without capabilities, and the results say `limits-only`. As
real root without namespaces, where it does become nobody, see test_gradescope_as_root.py.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.cli import main
from grader.pipeline import Gradebook, grade_folder
from grader.results import BatchResult
from grader.sandbox import isolation_report, launcher
from grader.sandbox.landlock import abi
from tests.adversarial.conftest import TOKEN, by_name, same_rows
from tests.adversarial.hostile import HOSTILE, SAFE_WITHOUT_NAMESPACES, Hostile, Targets
from tests.adversarial.notebooks import GOOD, copy_good, write
from tests.conftest import EXAMPLES, ROOT

NO_NAMESPACES = ("unshare", "--user", "--map-root-user", "sh", "-c",
                 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$@"', "sh")
CASES = [case for case in HOSTILE if case.name in SAFE_WITHOUT_NAMESPACES]


@pytest.fixture(scope="module")
def without_namespaces(good_alone) -> Iterator[launcher.Zygote]:
    if shutil.which("unshare") is None:
        pytest.skip("needs util-linux's unshare to take namespaces away")
    yield from shared_zygote(NO_NAMESPACES)


def shared_zygote(prefix: tuple[str, ...]) -> Iterator[launcher.Zygote]:
    """A zygote started under `prefix`, standing in for this process's own while the
    module's tests run."""
    try:
        zygote = launcher.Zygote(command_prefix=prefix)
    except launcher.SandboxError as error:
        pytest.skip(f"cannot start a zygote without namespaces here: {error}")
    previous = launcher.replace_shared(zygote)
    yield zygote
    launcher.replace_shared(previous)
    zygote.close()


@pytest.fixture(scope="module")
def limited(adversarial_gradebook: Gradebook, workspace: Path,
            without_namespaces: launcher.Zygote) -> BatchResult:
    folder = workspace / "limits-only"
    course = adversarial_gradebook.course
    targets = Targets(root=course.root, submissions=folder, out=course.config.out, port=9,
                      token=TOKEN)
    copy_good(folder)
    for case in CASES:
        write(folder / f"h_{case.name}.ipynb", case.build(targets))
    return grade_folder(folder, adversarial_gradebook)


def test_the_fallback_is_detected_and_explained(without_namespaces: launcher.Zygote) -> None:
    report = isolation_report()
    assert report.mode == "limits-only"
    assert report.reason.startswith("cannot create namespaces")
    assert "No space left on device" in report.reason


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_notebook_with_limits_only(case: Hostile, limited: BatchResult,
                                           good_alone) -> None:
    """`case.must_hold`, with resource limits only: same status and score as in namespaces,
    and the good submissions graded exactly as alone (alone: in namespaces)."""
    row = by_name(limited)[f"h_{case.name}.ipynb"]
    assert row.status in case.statuses, row.detail
    assert row.score == case.score
    same_rows(limited, good_alone)


def test_results_say_limits_only(limited: BatchResult) -> None:
    """And what the sandboxes did do: the filter cut the network, Landlock kept writes in
    each one's folder, where this machine has them."""
    assert limited.isolation == "limits-only"
    assert limited.network == ("cut" if isolation_report().filtered else "open")
    assert limited.writes == ("own-folder" if abi() else "unconfined")


def test_the_cli_says_so_once(without_namespaces: launcher.Zygote, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(EXAMPLES / GOOD["00_good_full.ipynb"], folder / "alice.ipynb")
    shutil.copy(EXAMPLES / "blank.ipynb", folder / "bob.ipynb")
    code = main([str(folder), "--course", str(ROOT), "--out", str(tmp_path / "out")])
    printed = capsys.readouterr().out
    assert code == 0
    assert printed.count("resource limits only") == 1
    assert "No space left on device" in printed
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["isolation"] == "limits-only"
