"""Reference solution: what four 3x3 kernels compute, and applying one to an image."""

from __future__ import annotations

import numpy as np

KERNEL_EFFECTS = {
    "k1": "Identity: the output equals the input image.",
    "k2": "A shift of the image by one pixel horizontally (left or right, depending on "
    "whether the operation is a convolution or a cross-correlation).",
    "k3": "A Laplacian (second-derivative) edge detector: it highlights edges and is zero on "
    "flat regions.",
    "k4": "A 3x3 box blur (mean filter): each pixel becomes the average of its neighbourhood.",
}

# What a correct description says, as case-insensitive regular expressions (any one suffices).
KERNEL_ACCEPT = {
    "k1": [r"\bidentity\b", r"\bunchanged\b", r"\bsame (image|as the input)\b", r"\bno change\b",
           r"\bdoes nothing\b", r"\bcopies\b", r"\bpass(es)? (the input|through)\b",
           r"\bas it (is|was)\b",
           r"\b(didn't|does not|doesn't|did not) change\b"],
    "k2": [r"\bshift", r"\btranslat", r"\bmoves? (the image|every pixel|each pixel|pixels)",
           r"\bdisplace"],
    "k3": [r"\blaplacian\b", r"\bedge", r"\boutline", r"\bsecond[- ]derivative",
           r"\bdiffer[a-z]*\b[^.]{0,80}\b(surround|neighbo|periph)",
           r"\b(surround|neighbo|periph)[a-z]*\b[^.]{0,80}\bdiffer"],
    "k4": [r"\bblur", r"\bbox\b", r"\bmean\b", r"\baverag", r"\bsmooth", r"\blow[- ]pass"],
}


def correlate_valid(image, kernel):
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    kh, kw = kernel.shape
    h, w = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    out = np.zeros((h, w))
    for i in range(kh):
        for j in range(kw):
            out += kernel[i, j] * image[i : i + h, j : j + w]
    return out


def convolve_valid(image, kernel):
    return correlate_valid(image, np.asarray(kernel, dtype=float)[::-1, ::-1])


# The reference, as a student would write it in the template.
apply_kernel = correlate_valid


def random_image_and_kernel(rng: np.random.Generator) -> tuple:
    shape = tuple(int(n) for n in rng.integers(4, 9, size=2))
    return (rng.normal(size=shape), rng.normal(size=(3, 3)))


def apply_kernel_same_padding(image, kernel):
    padded = np.pad(np.asarray(image, dtype=float), 1)
    return correlate_valid(padded, kernel)
