"""The instructor's line on how student code was kept apart, for each mode."""

from __future__ import annotations

import pytest

from grader.reports.isolation import describe_isolation, warning

DESCRIBED = [
    # isolation, network, writes, described
    ("namespaces", "cut", "own-folder", "namespaces (network cut, writes only in its own folder)"),
    ("unprivileged-uid", "cut", "unconfined", "unprivileged-uid (network cut, writes unconfined)"),
    ("limits-only", None, None, "limits-only"),
    (None, None, None, "none (no student code ran)"),
]


@pytest.mark.parametrize(("isolation", "network", "writes", "described"), DESCRIBED)
def test_described(isolation, network, writes, described) -> None:
    assert describe_isolation(isolation, network, writes) == described


WARNINGS = [
    # isolation, network, writes, protected, not protected
    ("unprivileged-uid", "cut", "own-folder",
     ["files only root may read", "the network", "every folder but its own"],
     ["world-readable files"]),
    ("unprivileged-uid", "open", "unconfined", ["files only root may read"],
     ["the network", "/tmp too"]),
    ("limits-only", "cut", "unconfined", ["the network"],
     ["every file the grader's user may read", "/tmp too"]),
    ("limits-only", "open", "unconfined", [], ["every file the grader's user may read",
                                               "the network"]),
]


@pytest.mark.parametrize(("isolation", "network", "writes", "safe", "exposed"), WARNINGS)
def test_every_mode_but_namespaces_warns_what_is_and_is_not_protected(
        isolation, network, writes, safe, exposed) -> None:
    line = warning(isolation, network, writes)
    assert line is not None and "\n" not in line and line.startswith("warning: ")
    protected, _, unprotected = line.partition("not protected: ")
    assert all(words in protected.partition("protected: ")[2] for words in safe)
    assert all(words in unprotected for words in exposed)
    assert ("protected: " in protected) == bool(safe)


def test_namespaces_and_no_sandbox_need_no_warning() -> None:
    assert warning("namespaces", "cut", "own-folder") is None
    assert warning(None, None, None) is None


def test_results_sandboxes_and_schema_name_the_same_modes() -> None:
    """results.py keeps its own copy of the sandbox's names (it imports nothing of the
    sandbox); the schema lists them again for readers of results.json."""
    import json

    from grader import results
    from grader.sandbox import reports
    from tests.conftest import ROOT

    schema = json.loads((ROOT / "grader" / "schemas" / "results.schema.json").read_text())
    for field, kind in (("isolation", results.IsolationMode), ("network", results.NetworkMode),
                        ("writes", results.WritesMode), ("limits", results.LimitsMode)):
        names = set(kind.__args__)
        assert names == set(reports.WEAKEST_FIRST[field])
        assert set(schema["properties"][field]["enum"]) == names | {None}
