"""False accepts and needs_review share on the project's own answer tables.

Run: python bench/precision.py [--grader DIR] [--list]

Grades every answer of the project's tables through the course's own checks, the way a
student's answer is graded: the expression table (tests/mathexpr/cases.py, each row put
into the part whose reference it has), the check tables (tests/checks/test_numeric.py,
test_symbolic.py, test_text.py), the tables of classes of answers (tests/precision/), and
the free-form notebooks (tests/fixtures/, against tests/fixtures/expected.yaml). Prints,
per table and in all: rows, false accepts (a wrong answer, or one a person must decide,
given full credit), right answers not accepted, and the share sent to a person.

`--grader DIR` grades the same tables, with the same expectations, with the grader and
course of another tree (an older commit unpacked with `git archive`): the figure before.
The tables come from this tree; where an older grader lacks a name they use (a field of
SympyText, a module), a stand-in is put in first, which only changes how rows are built.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--grader", type=Path, default=HERE,
                        help="the tree whose grader and course grade the tables")
    parser.add_argument("--list", action="store_true",
                        help="name every false accept and every right answer refused")
    parser.add_argument("--no-notebooks", action="store_true",
                        help="leave out the free-form notebooks (the slow table)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # answers that overflow on purpose
    tree = args.grader.resolve()
    sys.path.insert(0, str(tree))
    import grader  # noqa: F401  (the grader of `tree`; the tables below come from this tree)

    if tree != HERE:
        sys.path.insert(0, str(HERE))
        os.chdir(tree)  # checking workers run `python -m grader...` from here: that tree's
    _stand_ins(tree)
    from grader.course import load_course
    from grader.pipeline import prepare_course

    started = time.perf_counter()
    gradebook = prepare_course(load_course(tree))
    tables = dict(_tables(gradebook))
    if not args.no_notebooks:
        tables["free-form notebooks"] = list(_notebooks(gradebook))
    print(f"grader: {tree}")
    print(f"{'table':38} {'rows':>5} {'false accepts':>13} {'right refused':>13} "
          f"{'needs_review':>12}")
    totals = [0, 0, 0, 0]
    accepted: list[str] = []
    for name, results in tables.items():
        counts = [len(results), sum(r[1] for r in results), sum(r[2] for r in results),
                  sum(r[3] for r in results)]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        accepted += [f"FALSE ACCEPT: {name}: {r[0]}" for r in results if r[1]]
        accepted += [f"right refused: {name}: {r[0]}" for r in results if r[2]]
        print(f"{name:38} {counts[0]:5} {counts[1]:13} {counts[2]:13} "
              f"{counts[3]:5} ({100 * counts[3] / max(counts[0], 1):4.1f}%)")
    print(f"{'all':38} {totals[0]:5} {totals[1]:13} {totals[2]:13} "
          f"{totals[3]:5} ({100 * totals[3] / totals[0]:4.1f}%)")
    print(f"time: {time.perf_counter() - started:.1f} s")
    if args.list:
        for line in accepted:
            print(f"  {line[:170]}")


Result = tuple[str, bool, bool, bool]
"""(what, false accept, right refused, needs_review)"""


def _judged(what: str, outcome: Any, expected: str) -> Result:
    full = outcome.credit >= 1.0 and outcome.verdict == "correct"
    review = outcome.verdict == "needs_review"
    return what, expected != "right" and outcome.credit >= 1.0, expected == "right" and not (
        full or review), review


def _tables(gradebook: Any) -> Iterator[tuple[str, list[Result]]]:
    from grader.answers import Function, Value
    from grader.checks.probes import in_process

    def grade(part: str, answer: Any, expected: str, what: str) -> Result:
        if callable(answer) and not isinstance(answer, Function):
            answer = in_process(part, answer)
        elif not isinstance(answer, Function):
            answer = Value(answer)
        return _judged(what, gradebook.checks[part].grade(answer), expected)

    yield "expression table (mathexpr)", [grade(*row) for row in _expression_rows()]
    yield "check tables (tests/checks)", [grade(*row) for row in _check_rows()]
    from tests.precision import dicts, numeric, prose, symbolic
    for label, module in (("classes: kernel descriptions", prose), ("classes: functions",
                          numeric), ("classes: expressions", symbolic), ("classes: dict keys",
                                                                         dicts)):
        yield label, [grade(part, value, expected, f"{name}: {part}: {_shown(value)}")
                      for name, part, value, expected in module.rows()]


def _shown(value: Any) -> str:
    if callable(value):
        return f"a function {getattr(value, '__qualname__', '?')}"
    return str(value)[:100]


def _expression_rows() -> Iterator[tuple[str, Any, str, str]]:
    """Each row of the expression table, in the part whose reference it has."""
    from tests.mathexpr import cases

    parts = {("sigmoid", cases.SIG): ("sigmoid_derivative_expr", None),
             ("relu", cases.RELU): ("relu_derivative_expr", None),
             ("softmax", cases.SOFT): ("softmax_jacobian_expr", None),
             ("linear", cases.WEIGHT): ("two_layer_weight", None),
             ("linear", cases.BIAS): ("two_layer_bias", None)}
    keyed = {"z1": ("grad_z1", {"x1": "1", "x2": "5", "x3": "-6*x3"}),
             "z2": ("grad_z2", {"x1": "x2 - 4", "x2": "x1", "x3": cases.Z2_X3,
                                "x4": cases.Z2_X4}),
             "z3": ("grad_z3", {"x1": cases.Z3_X1, "x2": cases.Z3_X2, "x3": "-1/x3**2"})}
    meaning = {"equal": "right", "different": "wrong", "undecided": "review",
               "parse_error": "review"}
    for reference, answer, context, outcome in cases.ROWS:
        expected = meaning[outcome]
        if (context, reference) in parts:
            yield parts[context, reference][0], answer, expected, answer
        elif context in keyed:
            part, right = keyed[context]
            key = next((k for k, v in right.items() if v.replace(" ", "") ==
                        reference.replace(" ", "")), None)
            if key is not None:
                yield part, {**right, key: answer}, expected, f"{key}: {answer}"


def _check_rows() -> Iterator[tuple[str, Any, str, str]]:
    from tests.checks import test_numeric, test_symbolic, test_text

    for part, function in test_numeric.RIGHT:
        yield part, function, "right", f"{part} right"
    for part, function, _ in test_numeric.WRONG:
        yield part, function, "wrong", f"{part} wrong"
    for part, answer in test_symbolic.RIGHT:
        yield part, answer, "right", f"{part}: {answer}"
    for part, answer, _ in test_symbolic.WRONG:
        yield part, answer, "wrong", f"{part}: {answer}"
    for part, answer, _, _ in test_symbolic.WRONG_KEYS:
        yield part, answer, "wrong", f"{part}: {answer}"
    for value in test_text.RIGHT:
        yield "kernel_effects", value, "right", str(value)
    for changes, *_ in test_text.WRONG:
        yield "kernel_effects", test_text.answer(**changes), "wrong", str(changes)
    for changes in test_text.UNSURE:
        yield "kernel_effects", test_text.answer(**changes), "review", str(changes)


def _notebooks(gradebook: Any) -> Iterator[Result]:
    """The free-form fixtures against this tree's expected grades."""
    import yaml

    from grader.pipeline import grade_notebook

    fixtures = HERE / "tests" / "fixtures"
    data = yaml.safe_load((fixtures / "expected.yaml").read_text(encoding="utf-8"))
    for name, parts in data["notebooks"].items():
        wanted = {**data["defaults"], **(parts or {})}
        result = grade_notebook(fixtures / name, gradebook, name=name)
        for exercise in result.exercises:
            for part in exercise.parts:
                verdict, *rest = str(wanted[part.id]).partition("|")[0].split()
                score = float(rest[0]) if rest else None
                too_much = (part.verdict == "correct" and verdict != "correct") or (
                    score is not None and part.score > score + 1e-9)
                too_little = verdict == "correct" and part.verdict not in ("correct",
                                                                           "needs_review")
                yield (f"{name}: {part.id}", too_much, too_little,
                       part.verdict == "needs_review")


def _stand_ins(tree: Path) -> None:
    """Names the tables use that an older grader lacks (bench only: rows are built the
    same; grading is the older grader's own)."""
    if tree == HERE:
        return
    import grader.checks  # noqa: F401  (binds the older grader's own names first)
    import grader.mathexpr as mathexpr
    import grader.sandbox as sandbox
    import grader.sandbox.plain as plain

    if "commutative" not in {f.name for f in dataclasses.fields(plain.SympyText)}:
        older = plain.SympyText

        def sympy_text(text: str, commutative: bool | None = None) -> Any:
            return older(text)

        plain.SympyText = sandbox.SympyText = sympy_text  # type: ignore[misc,assignment]
    if not hasattr(mathexpr, "UndefinedAt"):
        context = mathexpr.SymbolContext
        known = {f.name for f in dataclasses.fields(context)}

        def symbol_context(**fields: Any) -> Any:
            return context(**{k: v for k, v in fields.items() if k in known})

        mathexpr.UndefinedAt = lambda *args: None  # type: ignore[attr-defined]
        mathexpr.SymbolContext = symbol_context  # type: ignore[misc,assignment]
    _module("grader.checks.nearmiss", HERE / "grader" / "checks" / "nearmiss.py")


def _module(name: str, path: Path) -> None:
    try:
        importlib.import_module(name)
    except ImportError:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)


if __name__ == "__main__":
    main()
