"""Whether each claim of a description is true of its kernel, and what that makes the item.

A description is right only when every claim in it is recognised and true, under one
reading of the operation (a kernel applied as cross-correlation moves the image one way,
as a true convolution the other; a clause may say which it means), and one of its claims
says what the kernel mainly does: "changes the image" is true of every kernel and
identifies none. A recognised false claim is wrong. A clause the grader did not understand
goes to a person, unless a clause it fully understood already says what the kernel mainly
does and the other clause holds no word that could take that back ("identity, the output
pixel equals the input pixel" is right; "identity, except at the border" is for a person).
A right description that never says what the kernel does goes to a person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from grader.checks.keys import key_for
from grader.checks.prose.claims import Claim, ClaimReading, Direction
from grader.checks.prose.facts import TOL, Convention, KernelFacts
from grader.checks.prose.phrases import Number
from grader.checks.prose.vocabulary import NEGATIONS

Facts = Mapping[Convention, Mapping[str, KernelFacts]]
"""Per convention, per key: the facts of every kernel of the part."""

EFFECT_CLAIMS = {
    "identity": {"identity"},
    "shift": {"shift", "neighbour"},
    "blur": {"smooth", "average", "gaussian", "uniform"},
    "scale": {"scale", "brighter", "darker", "brighter_by", "darker_by", "invert",
              "brightness_change"},
    "edges": {"edge", "laplacian", "gradient", "sobel", "prewitt", "scharr"},
    "sharpen": {"sharpen", "edge"},
}
"""Claims that say what a kernel of each effect (KernelFacts.effect) mainly does."""


@dataclass(frozen=True)
class Judgement:
    verdict: Literal["right", "wrong", "unsure"]
    false: tuple[Claim, ...] = ()
    unclear: tuple[str, ...] = ()
    why: str = ""


def judge(reading: ClaimReading, key: str, facts: Facts) -> Judgement:
    if not reading.claims:
        return Judgement("unsure", unclear=reading.unclear,
                         why="no claim the grader could check")
    named = _named_positions(reading.claims)
    scored = []
    for convention in facts:
        false = tuple(c for c in reading.claims
                      if not _true(c, key, convention, facts, named))
        scored.append(false)
    false = min(scored, key=len)
    if false:
        sure = tuple(c for c in false if not c.doubtful)
        if sure:
            return Judgement("wrong", sure)
        return Judgement("unsure", unclear=reading.unclear,
                         why="a clause the grader did not understand may change its meaning")
    effect = next(iter(facts.values()))[key].effect
    main = [c for c in reading.claims if c.kind in EFFECT_CLAIMS.get(effect, set())
            and not c.negated]
    if reading.unclear:
        if not any(not c.doubtful for c in main) or any(map(_may_turn, reading.unclear)):
            return Judgement("unsure", unclear=reading.unclear, why="words the grader did not "
                             "understand")
        return Judgement("right", unclear=reading.unclear)  # an aside after a plain answer
    if not main:
        return Judgement("unsure", why="true, but it does not say what the kernel mainly does")
    return Judgement("right")


_TURNS = NEGATIONS | {"but", "however", "although", "though", "except", "instead", "rather",
                      "unless", "only", "whereas", "pero", "sin", "excepto", "salvo", "solo",
                      "sino", "nicht", "kein", "keine", "aber", "sauf", "mais", "pas", "sans",
                      "לא", "אבל", "חוץ", "בלי", "רק", "אין",
                      "roughly", "approximately", "almost", "mostly", "most", "sometimes",
                      "usually", "often", "rarely", "somewhat", "partly", "partially", "sort",
                      "kind", "sense", "maybe", "perhaps", "might", "unsure", "guess", "casi",
                      "aproximadamente", "quizas", "tal", "אולי", "בערך", "כמעט"}
"""Words with which a clause the grader did not read could take back, narrow or hedge what
the understood ones said: such a clause always goes to a person."""


def _may_turn(clause: str) -> bool:
    """Whether a clause not understood holds a word that could turn the answer around."""
    return any(word.strip(".,;:()'\"").lower() in _TURNS for word in clause.split())


def _true(claim: Claim, key: str, default: Convention, facts: Facts,
          named: set[tuple[str, ...]]) -> bool:
    convention: Convention = claim.convention or default  # type: ignore[assignment]
    f = facts[convention][key]
    held = _holds(claim, f, facts[convention], key, named)
    if held and claim.directions:
        held = all(_direction(claim, d, facts[d.convention or convention][key])  # type: ignore[index]
                   for d in claim.directions)
    return held != claim.negated


def _holds(claim: Claim, f: KernelFacts, kernels: Mapping[str, KernelFacts], key: str,
           named: set[tuple[str, ...]]) -> bool:
    rule = RULES.get(claim.kind)
    if rule is not None:
        return rule(f, claim)
    if claim.kind in ("same_as", "differs"):
        other = _other(str(claim.slots.get("ref", "")), tuple(kernels))
        if other is None or other == key:
            return False
        return (kernels[other].effect == f.effect) == (claim.kind == "same_as")
    if claim.kind == "weights_rest":
        cells = {_cell(f.weights.shape, p) for p in named}
        rest = [f.weights[i, j] for i, j in np.ndindex(*f.weights.shape) if (i, j) not in cells]
        return bool(rest) and all(_num(claim).means(float(w)) for w in rest)
    return False


def _direction(claim: Claim, direction: Direction, f: KernelFacts) -> bool:
    if claim.kind in ("shift", "neighbour"):
        move = f.shift
        return move is not None and bool(direction.names & _names(move))
    if claim.kind == "edge":
        return any(f.steps.get(n, 0.0) > TOL for n in direction.names)
    axes = {"horizontal": "x", "vertical": "y"}
    return any(axes.get(n) in f.gradient_axes for n in direction.names)


def _names(move: tuple[int, int]) -> set[str]:
    dy, dx = move
    names = {"left" if dx < 0 else "right"} if dx else set()
    names |= {"up" if dy < 0 else "down"} if dy else set()
    names.add("diagonal" if dx and dy else "horizontal" if dx else "vertical")
    return names


def _shift(f: KernelFacts, claim: Claim) -> bool:
    move = f.shift
    if move is None:
        return False
    return claim.distance is None or claim.distance.means(max(abs(v) for v in move))


def _neighbour(f: KernelFacts, claim: Claim) -> bool:
    """Each output pixel takes its neighbour's value on that side: the image moves the
    other way."""
    move = f.shift
    if move is None:
        return False
    source = {"left": (0, -1), "right": (0, 1), "up": (-1, 0), "down": (1, 0)}
    side = source.get(str(claim.slots.get("side")))
    count = claim.slots.get("count")
    written = claim.distance or (count if isinstance(count, Number) else None)
    steps = written.value if written is not None else 1
    return side is not None and (-move[0], -move[1]) == (side[0] * steps, side[1] * steps)


def _num(claim: Claim, name: str = "num") -> Number:
    value = claim.slots.get(name)
    return value if isinstance(value, Number) else Number(float("nan"), 0.0)


def _cell(shape: tuple[int, ...], sides: tuple[str, ...]) -> tuple[int, int]:
    row, col = shape[0] // 2, shape[1] // 2
    for side in sides:
        row = {"up": 0, "down": shape[0] - 1}.get(side, row)
        col = {"left": 0, "right": shape[1] - 1}.get(side, col)
    return row, col


def _weight_at(f: KernelFacts, claim: Claim) -> bool:
    sides = claim.slots.get("pos", ())
    return _num(claim).means(float(f.weights[_cell(f.weights.shape, tuple(sides))]))


def _only_at(f: KernelFacts, claim: Claim) -> bool:
    """The kernel's one nonzero weight is at the named place."""
    sides = tuple(claim.slots.get("pos", ()))
    nonzero = {c for c in np.ndindex(*f.weights.shape) if abs(f.weights[c]) > TOL}
    return nonzero == {_cell(f.weights.shape, sides)}


def _weights_all(f: KernelFacts, claim: Claim) -> bool:
    """Every weight, or with a count one short of them all ("-1 to all eight neighbouring
    pixels"), every weight around the centre."""
    cells = list(np.ndindex(*f.weights.shape))
    count = claim.slots.get("count")
    if isinstance(count, Number) and count.means(len(cells) - 1):
        cells.remove(_cell(f.weights.shape, ()))
    elif isinstance(count, Number) and not count.means(len(cells)):
        return False
    return all(_num(claim).means(float(f.weights[c])) for c in cells)


def _named_positions(claims: tuple[Claim, ...]) -> set[tuple[str, ...]]:
    return {tuple(c.slots.get("pos", ())) for c in claims if c.kind == "weight_at"}


def _other(ref: str, keys: tuple[str, ...]) -> str | None:
    if ref.startswith("#"):
        index = int(ref[1:]) - 1
        return keys[index] if 0 <= index < len(keys) else None
    return key_for(ref, keys)


def _emboss(f: KernelFacts, claim: Claim) -> bool:
    return (max(abs(s) for s in f.slope) > TOL and abs(f.gain - 1) < TOL and f.shift is None
            and f.scale is None)


def _sum(f: KernelFacts, claim: Claim) -> bool:
    used = f.response[np.abs(f.response) > TOL]
    return len(used) > 1 and bool(np.allclose(used, 1.0))


def _gaussian(f: KernelFacts, claim: Claim) -> bool:
    centre = f.response[tuple(np.array(f.response.shape) // 2)]
    return f.smooths and not f.uniform and bool(centre >= f.response.max() - TOL)


def _by(f: KernelFacts, claim: Claim) -> bool:
    factor = _num(claim)
    if claim.kind == "brighter_by":
        return factor.value > 1 and factor.means(f.gain)
    return factor.value > 1 and f.gain > TOL and factor.means(1 / f.gain)


RULES: dict[str, Callable[[KernelFacts, Claim], bool]] = {
    "identity": lambda f, c: f.identity,
    "shift": _shift,
    "neighbour": _neighbour,
    "smooth": lambda f, c: f.smooths,
    "average": lambda f, c: f.averages,
    "uniform": lambda f, c: f.uniform and bool((f.response >= -TOL).all()),
    "gaussian": _gaussian,
    "size": lambda f, c: tuple(f.weights.shape) == c.slots.get("size"),
    "count": lambda f, c: _num(c, "count").means(int((np.abs(f.weights) > TOL).sum())),
    "sum": _sum,
    "edge": lambda f, c: f.detects_edges or f.sharpens,
    "keeps_edges": lambda f, c: f.identity or f.shift is not None,
    "isotropic": lambda f, c: f.isotropic,
    "laplacian": lambda f, c: f.laplacian,
    "gradient": lambda f, c: bool(f.gradient_axes) and c.axes <= f.gradient_axes,
    "sobel": lambda f, c: f.profile == "sobel",
    "prewitt": lambda f, c: f.profile == "prewitt",
    "scharr": lambda f, c: f.profile == "scharr",
    "sharpen": lambda f, c: f.sharpens,
    "emboss": _emboss,
    "brighter": lambda f, c: f.gain > 1 + TOL,
    "darker": lambda f, c: TOL < f.gain < 1 - TOL,
    "brighter_by": _by,
    "darker_by": _by,
    "scale": lambda f, c: f.scale is not None and _num(c).means(f.scale),
    "invert": lambda f, c: f.scale is not None and f.scale < 0,
    "keeps_brightness": lambda f, c: abs(f.gain - 1) < TOL,
    "brightness_change": lambda f, c: f.scale is not None and abs(f.scale - 1) > TOL,
    "offset": lambda f, c: isinstance(c.slots.get("num"), Number) and _num(c).means(0.0),
    "flat_zero": lambda f, c: f.flat_zero,
    "noise_up": lambda f, c: abs(f.noise) > abs(f.gain) + TOL,
    "downsample": lambda f, c: False,
    "nonlinear": lambda f, c: False,
    "geometry": lambda f, c: False,
    "weight_at": _weight_at,
    "only_at": _only_at,
    "weights_all": _weights_all,
    "weight_sum": lambda f, c: _num(c).means(float(f.weights.sum())),
    "nonnegative": lambda f, c: bool((f.weights >= -TOL).all()),
}
"""Each claim kind's test on one kernel's facts."""
