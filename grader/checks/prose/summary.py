"""What a kernel does, in a sentence, for feedback on a description that got it wrong.

Written from the facts, so it is as true for a course's other kernels as for these.
"""

from __future__ import annotations

from collections.abc import Mapping

from grader.checks.prose.facts import Convention, KernelFacts

_SIDES = {(0, -1): "left", (0, 1): "right", (-1, 0): "up", (1, 0): "down"}


def summary(by_convention: Mapping[Convention, KernelFacts]) -> str:
    first = next(iter(by_convention.values()))
    effect = first.effect
    if effect == "identity":
        return "the output equals the input (a single 1 at the centre)"
    if effect == "shift":
        moves = [f"{_move(f)} ({c})" for c, f in by_convention.items()]
        return "it moves the image " + (" or ".join(moves) if len(set(moves)) > 1 else
                                        _move(first))
    if effect == "scale":
        return f"it multiplies every pixel by {first.scale:g}"
    if effect == "blur":
        box = "box " if first.uniform else ""
        return (f"it averages each pixel's neighbourhood with positive weights summing to "
                f"{first.gain:g}: a {box}blur")
    if effect == "edges":
        return _edges(first)
    if effect == "sharpen":
        return "it sharpens: flat regions keep their brightness and edges overshoot"
    return f"its weights sum to {first.gain:g}"


def _move(f: KernelFacts) -> str:
    dy, dx = f.shift or (0, 0)
    steps = max(abs(dy), abs(dx))
    unit = (dy // steps, dx // steps)
    where = _SIDES.get(unit, f"by ({dy}, {dx}) (down, right)")
    return f"{steps} pixel{'s' if steps > 1 else ''} {where}"


def _edges(f: KernelFacts) -> str:
    flat = "flat regions go to 0 and "
    if f.laplacian:
        return flat + "edges stand out in every direction: a Laplacian (second derivative)"
    axes = sorted(f.gradient_axes)
    if axes == ["x"]:
        return flat + "vertical edges stand out: a first derivative along x"
    if axes == ["y"]:
        return flat + "horizontal edges stand out: a first derivative along y"
    return flat + "edges stand out"
