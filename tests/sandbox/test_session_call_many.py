"""`Session.call_many`: a part's test cases in one request, answered case by case.

Each row is one student function and the cases it is called on, against what calling
it case by case with `call` gives: the batch must never grade differently, whatever the
function does (return, raise, loop, kill its process, print a flood, fork).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from grader.sandbox import CallOutcome, Isolation, Limits, Session, open_session

FAST = Limits(cell_timeout_s=1, call_timeout_s=1, notebook_timeout_s=8, output_bytes=4096)
CELLS = [
    "import numpy as np\nimport os, sys\ncalls = []",
    "def double(x):\n    calls.append(x)\n    return 2 * np.asarray(x)",
    "def picky(x):\n    if x < 0:\n        raise ValueError(f'negative {x}')\n    return x",
    "def loops_on_two(x):\n    while x == 2:\n        pass\n    return x",
    "def dies_on_two(x):\n    if x == 2:\n        os._exit(9)\n    return x",
    "def chatty(x):\n    print('x' * 100_000)\n    return x + 1",
    "def forks(x):\n    os.fork()\n    return x",
    "def seen():\n    return len(calls)",
    "def stateful(x, _memo=[]):\n    _memo.append(x)\n    return len(_memo)",
]


@pytest.fixture(params=[Isolation(), Isolation(namespaces=False)],
                ids=["namespaces", "limits-only"])
def session(request: pytest.FixtureRequest) -> Iterator[Session]:
    with open_session(FAST, isolation=request.param) as s:
        report = s.run(list(enumerate(CELLS)), [])
        assert report.status == "ok", report.detail
        yield s


def brief(outcome: CallOutcome) -> tuple[bool, object, str | None, bool]:
    value = outcome.value.tolist() if isinstance(outcome.value, np.ndarray) else outcome.value
    return outcome.ok, value, outcome.error, outcome.timed_out


TIMED_OUT = (False, None, "timed out after 1 s", True)
ENDED = (False, None, "the student's code ended the process", False)

ROWS = [
    ("double", [[1], [[1, 2]], [2.5]], [(True, 2, None, False), (True, [2, 4], None, False),
                                        (True, 5.0, None, False)]),
    ("picky", [[1], [-1], [3]], [(True, 1, None, False),
                                 (False, None, "ValueError: negative -1", False),
                                 (True, 3, None, False)]),
    ("loops_on_two", [[1], [2], [3]], [(True, 1, None, False), TIMED_OUT]),
    ("loops_on_two", [[2]], [TIMED_OUT]),
    ("dies_on_two", [[1], [2], [3]], [(True, 1, None, False), ENDED, (True, 3, None, False)]),
    ("chatty", [[1], [2]], [(True, 2, None, False), (True, 3, None, False)]),
    ("forks", [[1], [2]], [(True, 1, None, False), (True, 2, None, False)]),
    ("nothing_here", [[1], [2]], [(False, None, "NameError: name 'nothing_here' is not defined",
                                   False)] * 2),
    ("stateful", [[0], [0], [0]], [(True, 1, None, False), (True, 2, None, False),
                                   (True, 3, None, False)]),
]


@pytest.mark.parametrize(("name", "cases", "expected"), ROWS,
                         ids=[f"{row[0]}-{k}" for k, row in enumerate(ROWS)])
def test_batch_answers_case_by_case(session: Session, name: str, cases: list[list[object]],
                                    expected: list[tuple[bool, object, str | None, bool]]) -> None:
    got = [brief(o) for o in session.call_many(name, cases)]
    assert [g[:2] + (g[2] if g[2] is None else g[2].split(" (")[0],) + g[3:] for g in got] \
        == expected


def test_batch_grades_like_single_calls(session: Session) -> None:
    """The same cases through `call` one at a time give the same outcomes."""
    for name, cases, _ in ROWS:
        if name in ("loops_on_two", "dies_on_two", "stateful"):
            continue  # these change or end the process: compared in their own rows
        batched = [brief(o) for o in session.call_many(name, cases)]
        single = [brief(session.call(name, case)) for case in cases]
        assert batched == single, name


def test_session_is_usable_after_a_batch_that_timed_out(session: Session) -> None:
    assert brief(session.call_many("loops_on_two", [[2], [1]])[0]) == TIMED_OUT
    assert brief(session.call("double", [4])) == (True, 8, None, False)
    assert session.call("seen", []).value == 1  # the cells were run again in a new process


def test_empty_batch_costs_nothing(session: Session) -> None:
    assert session.call_many("double", []) == []
