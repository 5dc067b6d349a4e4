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

# The kernels themselves: the grader reads what each does off its outputs on probe images.
KERNELS = {
    "k1": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "k2": [[0, 0, 0], [0, 0, 1], [0, 0, 0]],
    "k3": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    "k4": (np.ones((3, 3)) / 9).tolist(),
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
