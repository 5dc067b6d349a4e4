"""Inputs generated over the domain a numeric part declares, besides its listed cases.

A part's `domain:` says what a correct function must handle, argument by argument: the
ranks (or a fixed shape), the dtypes (integers too: an output buffer made with
`np.zeros_like(x)` truncates them), the magnitudes, and special values (all zeros, all
equal, two nearly equal large entries: the logits that break a clipped softmax). Inputs
are drawn from that domain with numpy's generator under the part's seed, so every
submission meets the same ones. The reference decides validity: an input on which it
raises or returns nan or infinity is never used. Cases are ordered smallest first, so
the first one a function fails is the smallest failing input found.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

SPECIALS = ("zeros", "equal", "near_equal", "extremes")
MAX_CASES = 400
WIDE_MAGNITUDES = (1e-3, 1.0, 10.0, 1e3, 1e4)
"""The magnitudes near-misses are told apart on, whatever a domain declares (selftest)."""


@dataclass(frozen=True)
class Arg:
    """The values one argument takes."""

    ranks: tuple[int, ...] = (0, 1, 2)
    shape: tuple[int, ...] | None = None
    sizes: tuple[int, int] = (1, 6)
    dtypes: tuple[str, ...] = ("float64",)
    magnitudes: tuple[float, ...] = (1.0,)
    special: tuple[str, ...] = ()

    @staticmethod
    def of(spec: Mapping[str, Any]) -> Arg:
        shape = tuple(spec["shape"]) if "shape" in spec else None
        return Arg(
            ranks=(len(shape),) if shape is not None else tuple(spec.get("ranks", (0, 1, 2))),
            shape=shape, sizes=tuple(spec.get("sizes", (1, 6))),
            dtypes=tuple(spec.get("dtypes", ("float64",))),
            magnitudes=tuple(float(m) for m in spec.get("magnitudes", (1.0,))),
            special=tuple(spec.get("special", ())))

    def widened(self) -> Arg:
        """The same structure, at every magnitude, both dtypes and every special value."""
        dtypes = tuple(dict.fromkeys((*self.dtypes, "float64", "int64")))
        magnitudes = tuple(sorted({*self.magnitudes, *WIDE_MAGNITUDES}))
        return Arg(self.ranks, self.shape, self.sizes, dtypes, magnitudes, SPECIALS)

    def kinds(self, coverage: str = "pairs") -> list[tuple[int, str, float, str | None]]:
        """The (rank, dtype, magnitude, special) this argument is drawn as: every
        combination (`all`), or rows in which every pair of values of two of these meets
        at least once (`pairs`: an integer dtype at the largest magnitude, a scalar of
        zeros), a sixth of the inputs for this course's parts."""
        factors: list[tuple[Any, ...]] = [self.ranks, self.dtypes, self.magnitudes,
                                          (None, *self.special)]
        if coverage == "all":
            return list(itertools.product(*factors))
        return all_pairs(factors)

    def draw(self, rng: np.random.Generator, rank: int, dtype: str, magnitude: float,
             special: str | None) -> Any:
        shape = self.shape if self.shape is not None else tuple(
            int(n) for n in rng.integers(self.sizes[0], self.sizes[1] + 1, size=rank))
        values = _values(rng, shape, magnitude, special)
        kind = np.dtype(dtype).kind
        if kind in "iu":  # integers within the type: uint8 pixels are 0..255
            info = np.iinfo(dtype)
            values = np.clip(np.rint(np.abs(values) if kind == "u" else values),
                             info.min, info.max)
        array = values.astype(dtype)
        if shape == ():
            return int(array) if kind in "iu" else float(array)
        return array


def all_pairs(factors: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Rows of the product in which every pair of values of two factors meets: greedily,
    each next row the first that meets the most pairs not met yet (deterministic)."""
    rows = list(itertools.product(*factors))
    if len(factors) < 3:
        return rows
    def pairs(row: tuple[Any, ...]) -> set[tuple[int, Any, int, Any]]:
        return {(i, row[i], j, row[j]) for i, j in itertools.combinations(range(len(row)), 2)}
    unmet = set().union(*(pairs(row) for row in rows))
    chosen: list[tuple[Any, ...]] = []
    while unmet:
        best = max(rows, key=lambda row: len(pairs(row) & unmet))
        chosen.append(best)
        unmet -= pairs(best)
    return chosen


COVERAGES = ("pairs", "all")


@dataclass(frozen=True)
class Domain:
    args: tuple[Arg, ...]
    seed: int
    count: int | None
    coverage: str = "pairs"

    @staticmethod
    def of(spec: Mapping[str, Any]) -> Domain:
        return Domain(tuple(Arg.of(a) for a in spec["args"]), int(spec.get("seed", 0)),
                      spec.get("count"), str(spec.get("coverage", "pairs")))

    def widened(self) -> Domain:
        return Domain(tuple(a.widened() for a in self.args), self.seed + 1, None, "all")

    def cases(self, reference: Callable[..., Any]) -> list[tuple[Any, ...]]:
        """Inputs the reference handles, smallest first; every kind of each argument is
        drawn at least once (up to MAX_CASES)."""
        rng = np.random.default_rng(self.seed)
        kinds = [a.kinds(self.coverage) for a in self.args]
        wanted = min(self.count or max(len(k) for k in kinds), MAX_CASES)
        found: list[tuple[Any, ...]] = []
        for n in range(4 * wanted):
            if len(found) >= wanted:
                break
            case = tuple(a.draw(rng, *k[(n + 7 * i) % len(k)])
                         for i, (a, k) in enumerate(zip(self.args, kinds, strict=True)))
            if valid(reference, case):
                found.append(case)
        return sorted(found, key=size)


def _values(rng: np.random.Generator, shape: tuple[int, ...], magnitude: float,
            special: str | None) -> np.ndarray:
    values = rng.uniform(-magnitude, magnitude, size=shape)
    if special == "zeros":
        return np.zeros(shape)
    if special == "equal":
        return np.full(shape, magnitude * rng.choice((-1.0, 1.0)))
    if special == "extremes":
        return magnitude * rng.choice((-1.0, 1.0), size=shape)
    if special == "near_equal" and values.size >= 2:
        flat = values.reshape(-1)
        flat[0], flat[1] = magnitude, magnitude - max(1.0, magnitude * 1e-9)
        return flat.reshape(shape)
    return values


def valid(reference: Callable[..., Any], case: Sequence[Any]) -> bool:
    """The reference handles the input: no exception, and only finite numbers out."""
    try:
        with np.errstate(all="ignore"):
            out = reference(*case)
        return all(np.all(np.isfinite(np.asarray(v, dtype=float))) for v in _leaves(out))
    except Exception:  # noqa: BLE001 - the reference is the judge of its own inputs
        return False


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, tuple | list) and value and not np.isscalar(value[0]):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def size(case: Sequence[Any]) -> tuple[int, float]:
    """How big an input is: its number of values, then its largest magnitude."""
    arrays = [np.asarray(a, dtype=float) for a in case]
    return (sum(a.size for a in arrays),
            max((float(np.abs(a).max()) for a in arrays if a.size), default=0.0))
