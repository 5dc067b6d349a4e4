"""Try to prove two expressions equal with sympy's simplifiers.

This runs in a separate worker process because simplification can take
unbounded time; the caller kills the worker when its budget runs out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sympy

Attempt = Callable[[sympy.Expr], sympy.Expr]

_ATTEMPTS: tuple[Attempt, ...] = (
    sympy.expand,
    lambda d: sympy.cancel(sympy.together(d)),
    lambda d: sympy.expand(d.rewrite(sympy.exp)),
    lambda d: sympy.cancel(sympy.together(sympy.powsimp(sympy.expand(d.rewrite(sympy.exp))))),
    sympy.simplify,
    lambda d: sympy.simplify(d.rewrite(sympy.exp)),
    sympy.trigsimp,
)


def is_zero(diff: sympy.Expr) -> bool:
    """True only when some rewrite reduces ``diff`` to exactly 0."""
    if diff == 0:
        return True
    for attempt in _ATTEMPTS:
        try:
            if attempt(diff) == 0:
                return True
        except Exception:  # noqa: BLE001 - a failing rewrite just means "not this way"
            continue
    return False


def _partitions(items: list[sympy.Symbol]) -> Iterator[list[list[sympy.Symbol]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in _partitions(rest):
        yield [[first], *partition]
        for k in range(len(partition)):
            yield [*partition[:k], [first, *partition[k]], *partition[k + 1 :]]


def _case(
    expr: sympy.Expr, blocks: list[list[sympy.Symbol]], families: tuple[str, ...]
) -> sympy.Expr:
    """``expr`` when indices in one block are equal and indices in different blocks differ.

    Deltas and index (in)equalities between different blocks are decided here,
    since sympy cannot know that two distinct integer symbols differ."""
    rep = {member: block[0] for block in blocks for member in block}
    mapping: dict[sympy.Basic, sympy.Basic] = {}
    for index, target in rep.items():
        mapping[index] = target
        for family in families:
            mapping[sympy.Symbol(f"{family}_{index}", real=True)] = sympy.Symbol(
                f"{family}_{target}", real=True
            )
    expr = expr.xreplace(mapping)
    reps = {block[0] for block in blocks}

    def distinct(node: sympy.Basic) -> bool:
        return set(node.args) <= reps and node.args[0] != node.args[1]

    expr = expr.replace(
        lambda n: isinstance(n, sympy.Eq | sympy.Ne) and distinct(n),
        lambda n: sympy.false if isinstance(n, sympy.Eq) else sympy.true,
    )
    return expr.replace(
        lambda n: isinstance(n, sympy.KroneckerDelta) and distinct(n),
        lambda n: sympy.Integer(0),
    )


def _sums_done(expr: sympy.Expr, indices: tuple[str, ...],
               families: tuple[str, ...]) -> sympy.Expr:
    """Sums over a part's index range carried out: family members become s(k), so that a
    Kronecker delta can pick one out, and "k is in 1..n" holds for every index."""
    bound = {str(limit[0]) for s in expr.atoms(sympy.Sum) for limit in s.limits}
    mapping = {}
    for family in families:
        member = sympy.Function(family)
        for index in (*indices, *bound):
            mapping[sympy.Symbol(f"{family}_{index}", real=True)] = member(
                sympy.Symbol(index, integer=True))
    done = expr.xreplace(mapping).doit()

    def in_range(node: sympy.Piecewise) -> sympy.Basic:
        value, condition = node.args[0]
        ranges = all(isinstance(r, sympy.Le | sympy.Ge | sympy.Lt | sympy.Gt)
                     for r in condition.atoms(sympy.Rel)) and all(
            s.is_integer for s in condition.free_symbols)
        return value if ranges and len(node.args) == 2 and node.args[1][1] is sympy.true else node

    return done.replace(lambda n: isinstance(n, sympy.Piecewise), in_range)


def prove_equal(
    ref: sympy.Expr, ans: sympy.Expr, indices: tuple[str, ...] = (), families: tuple[str, ...] = ()
) -> bool:
    diff = ref - ans
    if diff.has(sympy.Sum):
        diff = _sums_done(diff, indices, families)
    if is_zero(diff):
        return True
    symbols = [sympy.Symbol(name, integer=True) for name in indices]
    symbols = [s for s in symbols if s in diff.free_symbols]
    if not symbols:
        return False
    return all(is_zero(_case(diff, blocks, families)) for blocks in _partitions(symbols))
