"""What a kernel does to an image, read off its outputs on probe images.

A description is judged against these facts, never against words: the same claim ("shifts
the image two pixels to the left", "detects vertical edges") is checked for any kernel a
course declares, so a new course needs no new word list. Each fact comes from applying the
kernel to a probe image (an impulse, a constant, ramps, quadratics, step edges, a
checkerboard) and reading the output at the centre, as a student would by trying it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Convention = Literal["correlation", "convolution"]
CONVENTIONS: tuple[Convention, ...] = ("correlation", "convolution")
TOL = 1e-9
PROFILES = {"sobel": (1.0, 2.0, 1.0), "prewitt": (1.0, 1.0, 1.0), "scharr": (3.0, 10.0, 3.0)}
"""Named first-derivative kernels by their weights across the derivative's direction."""


@dataclass(frozen=True)
class KernelFacts:
    convention: Convention
    weights: np.ndarray
    """The kernel as the course wrote it (weight claims are about the array itself)."""
    response: np.ndarray
    """The impulse response: what a single bright pixel becomes, as the image sees it."""
    gain: float
    """A constant image's output over its input: 1 keeps brightness, 0 flattens it."""
    slope: tuple[float, float]
    """Output on the ramps y and x at the centre, beyond the gain: first derivatives."""
    curvature: tuple[float, float]
    """Output on the quadratics y^2 and x^2 beyond lower orders: second derivatives."""
    steps: dict[str, float]
    """Largest output on a step edge of each orientation ("horizontal": a row boundary)."""
    overshoot: float
    """How far a 0-to-1 step's output leaves [0, 1] (sharpening rings, blurs never do)."""
    noise: float
    """Output on a checkerboard: how much pixel-to-pixel noise is amplified."""

    @property
    def shift(self) -> tuple[int, int] | None:
        """(down, right) by which the image moves, when the output is the input moved."""
        nonzero = np.argwhere(np.abs(self.response) > TOL)
        if len(nonzero) != 1 or abs(self.response[tuple(nonzero[0])] - 1) > TOL:
            return None
        centre = np.array(self.response.shape) // 2
        dy, dx = (int(v) for v in nonzero[0] - centre)
        return (dy, dx) if (dy, dx) != (0, 0) else None

    @property
    def identity(self) -> bool:
        return self.scale is not None and abs(self.scale - 1) < TOL

    @property
    def scale(self) -> float | None:
        """The factor, when the output is the input times a number."""
        nonzero = np.argwhere(np.abs(self.response) > TOL)
        centre = tuple(np.array(self.response.shape) // 2)
        if len(nonzero) != 1 or tuple(nonzero[0]) != centre:
            return None
        return float(self.response[centre])

    @property
    def smooths(self) -> bool:
        """Averages neighbours with positive weights: noise falls, edges soften."""
        positive = self.response >= -TOL
        return bool(positive.all()) and int((self.response > TOL).sum()) > 1 and (
            abs(self.noise) < self.gain - TOL)

    @property
    def averages(self) -> bool:
        return self.smooths and abs(self.gain - 1) < TOL

    @property
    def uniform(self) -> bool:
        """Every weight that counts is the same (a box)."""
        used = self.response[np.abs(self.response) > TOL]
        return len(used) > 1 and bool(np.allclose(used, used[0], atol=TOL))

    @property
    def flat_zero(self) -> bool:
        return abs(self.gain) < TOL

    @property
    def detects_edges(self) -> bool:
        """Flat regions go to zero and step edges do not."""
        return self.flat_zero and max(self.steps.values()) > TOL

    @property
    def laplacian(self) -> bool:
        """Zero on constants and ramps, the same nonzero response to x^2 and y^2."""
        cy, cx = self.curvature
        return (self.flat_zero and max(abs(s) for s in self.slope) < TOL and abs(cy) > TOL
                and abs(cy - cx) < TOL)

    @property
    def gradient_axes(self) -> frozenset[str]:
        """The axes ("x", "y") along which a first derivative is taken."""
        if not self.flat_zero:
            return frozenset()
        return frozenset(a for a, s in zip(("y", "x"), self.slope, strict=True) if abs(s) > TOL)

    @property
    def profile(self) -> str | None:
        """"sobel", "prewitt", "scharr": the named first-derivative kernel, if it is one."""
        axes = self.gradient_axes
        if len(axes) != 1 or self.weights.shape != (3, 3):
            return None
        w = np.abs(self.weights if "x" in axes else self.weights.T)
        if np.abs(w[:, 1]).max() > TOL or not np.allclose(w[:, 0], w[:, 2]):
            return None
        across = w[:, 0] / w[:, 0].min() if w[:, 0].min() > TOL else w[:, 0]
        return next((n for n, p in PROFILES.items() if np.allclose(across, p)), None)

    @property
    def sharpens(self) -> bool:
        return abs(self.gain - 1) < TOL and self.overshoot > TOL and self.scale is None

    @property
    def isotropic(self) -> bool:
        return bool(np.allclose(self.response, np.rot90(self.response), atol=TOL))

    @property
    def effect(self) -> str:
        """One word for what the kernel mainly does, to compare two kernels."""
        if self.identity:
            return "identity"
        if self.shift is not None:
            return "shift"
        if self.scale is not None:
            return "scale"
        if self.smooths:
            return "blur"
        if self.detects_edges:
            return "edges"
        return "sharpen" if self.sharpens else "other"


def apply(kernel: np.ndarray, image: np.ndarray, convention: Convention) -> np.ndarray:
    """The 'valid' output, as the course's apply_kernel computes it."""
    k = kernel[::-1, ::-1] if convention == "convolution" else kernel
    kh, kw = k.shape
    h, w = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    out = np.zeros((h, w))
    for i in range(kh):
        for j in range(kw):
            out += k[i, j] * image[i:i + h, j:j + w]
    return out


def facts(kernel: np.ndarray, convention: Convention) -> KernelFacts:
    kernel = np.asarray(kernel, dtype=float)
    size = 2 * max(kernel.shape) + 1
    grid_y, grid_x = np.mgrid[-size:size + 1, -size:size + 1].astype(float)

    def at_centre(image: np.ndarray) -> np.ndarray:
        return apply(kernel, image, convention)

    def centre(image: np.ndarray) -> float:
        out = at_centre(image)
        return float(out[out.shape[0] // 2, out.shape[1] // 2])

    impulse = np.zeros_like(grid_x)
    impulse[size, size] = 1.0
    response = _window(at_centre(impulse), kernel.shape)
    gain = centre(np.ones_like(grid_x))
    slope = (centre(grid_y), centre(grid_x))
    curvature = (centre(grid_y**2) / 2, centre(grid_x**2) / 2)
    steps = {name: float(np.abs(at_centre(edge.astype(float))).max())
             for name, edge in (("horizontal", grid_y > 0), ("vertical", grid_x > 0),
                                ("diagonal", grid_x + grid_y > 0))}
    step = at_centre((grid_x > 0).astype(float))
    overshoot = max(float(step.max()) - 1.0, -float(step.min()), 0.0)
    noise = centre((-1.0) ** (grid_x + grid_y))
    return KernelFacts(convention, kernel, response, gain, slope, curvature, steps,
                       overshoot, noise)


def _window(out: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The impulse's output around its centre, the kernel's size: where it landed."""
    cy, cx = out.shape[0] // 2, out.shape[1] // 2
    hy, hx = shape[0] // 2, shape[1] // 2
    return out[cy - hy:cy - hy + shape[0], cx - hx:cx - hx + shape[1]]
