"""Generate a synthetic class of submissions for the homework, with a realistic mix.

    python bench/synthetic.py N OUT_DIR [--seed S]

About 40% fully correct in varied forms, 40% with assorted wrong or partial answers, 15%
with cells that raise, 5% with one function that loops forever. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import copy
import random
from collections.abc import Callable
from pathlib import Path

from nbformat import NotebookNode

from grader.course import load_course
from grader.notebook.template import build_template, dumps

ROOT = Path(__file__).resolve().parent.parent

RIGHT: dict[str, list[str]] = {
    "collapse": [
        "def collapse(weights, biases):\n    W, b = weights[0], biases[0]\n"
        "    for Wk, bk in zip(weights[1:], biases[1:]):\n        W, b = Wk @ W, Wk @ b + bk\n"
        "    return W, b",
        "def collapse(weights, biases):\n    W = np.eye(weights[0].shape[1])\n"
        "    b = np.zeros(weights[0].shape[1])\n    for Wk, bk in zip(weights, biases):\n"
        "        W = Wk @ W\n        b = Wk @ b + bk\n    return W, b",
    ],
    "two_layer_weight": ['two_layer_weight = "W2*W1"', 'two_layer_weight = r"W_2 W_1"',
                         'two_layer_weight = r"W^{(2)} W^{(1)}"'],
    "two_layer_bias": ['two_layer_bias = "W2*b1 + b2"', 'two_layer_bias = r"W_2 b_1 + b_2"'],
    "collapse_proof": ["$W_2(W_1x+b_1)+b_2 = W_2W_1x + W_2b_1 + b_2$, then induction."],
    "sigmoid_derivative": [
        "def sigmoid_derivative(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (1 - s)",
        "def sigmoid_derivative(x):\n    return np.exp(-x) / (1 + np.exp(-x)) ** 2",
        "def sigmoid_derivative(x):\n    return 1 / (2 + 2 * np.cosh(x))",
    ],
    "sigmoid_derivative_expr": [
        'sigmoid_derivative_expr = "sigmoid(x)*(1-sigmoid(x))"',
        'sigmoid_derivative_expr = r"\\frac{e^{-x}}{(1+e^{-x})^2}"',
        'sigmoid_derivative_expr = "σ(x)(1 − σ(x))"',
        'sigmoid_derivative_expr = "1/(2 + 2*cosh(x))"',
    ],
    "relu_derivative": ["def relu_derivative(x):\n    return (np.asarray(x) > 0).astype(float)",
                        "def relu_derivative(x):\n    return np.heaviside(x, 0.5)"],
    "relu_derivative_expr": ['relu_derivative_expr = "Heaviside(x)"',
                             'relu_derivative_expr = "Piecewise((0, x < 0), (1, True))"'],
    "softmax": ["def softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / e.sum()"],
    "softmax_jacobian": [
        "def softmax_jacobian(z):\n    e = np.exp(z - np.max(z))\n    s = e / e.sum()\n"
        "    return np.diag(s) - np.outer(s, s)",
    ],
    "softmax_jacobian_expr": ['softmax_jacobian_expr = "s_i*(delta_ij - s_j)"',
                              'softmax_jacobian_expr = r"s_i(\\delta_{ij} - s_j)"'],
    "grad_z1": ['grad_z1 = {"x1": "1", "x2": "5", "x3": "-6*x3"}',
                'grad_z1 = {"x1": "1", "x2": "5", "x3": r"-6x_3"}'],
    "grad_z2": [
        'grad_z2 = {"x1": "x2 - 4", "x2": "x1", "x3": "2*x3*exp(x3^2)/(5*x4^2)", '
        '"x4": "-2*exp(x3^2)/(5*x4^3)"}',
        'grad_z2 = {"x1": "x2-4", "x2": "x1", "x3": r"\\frac{2x_3 e^{x_3^2}}{5x_4^2}", '
        '"x4": r"-\\frac{2e^{x_3^2}}{5x_4^3}"}',
    ],
    "grad_z3": [
        'grad_z3 = {"x1": "2(x1+5x2+15)exp((x1+5x2+15)^2)", '
        '"x2": "10(x1+5x2+15)exp((x1+5x2+15)^2)", "x3": "-1/x3^2"}',
    ],
    "puppy_or_bagel": ["Compare the top two classes' probabilities and the networks' "
                       "disagreement."],
    "kernel_effects": [
        'kernel_effects = {"k1": "identity", "k2": "shift by one pixel", "k3": "edge detection",'
        ' "k4": "box blur"}',
    ],
    "apply_kernel": [
        "def apply_kernel(image, kernel):\n    H, W = image.shape\n"
        "    out = np.zeros((H - 2, W - 2))\n    for i in range(H - 2):\n"
        "        for j in range(W - 2):\n"
        "            out[i, j] = np.sum(image[i:i+3, j:j+3] * kernel)\n    return out",
    ],
}

WRONG: dict[str, list[str]] = {
    "collapse": ["def collapse(weights, biases):\n    return weights[-1], biases[-1]"],
    "two_layer_weight": ['two_layer_weight = "W1*W2"', 'two_layer_weight = "W2"'],
    "two_layer_bias": ['two_layer_bias = "b1 + b2"'],
    "sigmoid_derivative": ["def sigmoid_derivative(x):\n    s = 1 / (1 + np.exp(-x))\n"
                           "    return s * (1 + s)"],
    "sigmoid_derivative_expr": ['sigmoid_derivative_expr = "sigmoid(x)*(1+sigmoid(x))"',
                                'sigmoid_derivative_expr = "exp(-x)/(1+exp(-x))"'],
    "relu_derivative": ["def relu_derivative(x):\n    return 0 if x <= 0 else 1"],
    "relu_derivative_expr": ['relu_derivative_expr = "1 - Heaviside(x)"'],
    "softmax": ["def softmax(z):\n    return z / np.sum(z)",
                "def softmax(z):\n    return np.exp(z) / np.exp(z).sum()"],
    "softmax_jacobian": ["def softmax_jacobian(z):\n    e = np.exp(z - z.max())\n"
                         "    s = e / e.sum()\n    return np.diag(s * (1 - s))"],
    "softmax_jacobian_expr": ['softmax_jacobian_expr = "s_i*(1-s_i)"'],
    "grad_z1": ['grad_z1 = {"x1": "1", "x2": "5", "x3": "-3*x3"}'],
    "grad_z2": ['grad_z2 = {"x1": "x2 - 4", "x2": "x1", "x3": "exp(x3^2)/(5*x4^2)", '
                '"x4": "2*exp(x3^2)/(5*x4^3)"}'],
    "grad_z3": ['grad_z3 = {"x1": "2(x1+5x2+15)exp((x1+5x2+15)^2)", '
                '"x2": "2(x1+5x2+15)exp((x1+5x2+15)^2)", "x3": "1/x3^2"}'],
    "kernel_effects": ['kernel_effects = {"k1": "identity", "k2": "horizontal edge detector",'
                       ' "k3": "edges", "k4": "blur"}'],
    "apply_kernel": ["def apply_kernel(image, kernel):\n    return image[1:-1, 1:-1]"],
}

RAISING_CELL = "raise ValueError('a cell that fails')"
LOOPING = {
    "softmax": "def softmax(z):\n    while True:\n        pass",
    "apply_kernel": "def apply_kernel(image, kernel):\n    while True:\n        pass",
}


CODE_PARTS = ("collapse", "sigmoid_derivative", "relu_derivative", "softmax",
              "softmax_jacobian", "apply_kernel")
"""The parts answered with a function: what a notebook grader with test cells can check."""


def code_class(n: int = 40, wrong: int = 6, erroring: int = 4, looping: int = 2,
               seed: int = 0) -> list[tuple[str, str, dict[str, str]]]:
    """(student, kind, answers) for a class answering only the code parts: the rest right
    in varied forms; `wrong` with one or two wrong functions, `erroring` with a cell that
    raises after a function, `looping` with one function that never returns."""
    rng = random.Random(seed)
    kinds = (["wrong"] * wrong + ["erroring"] * erroring + ["looping"] * looping)
    kinds += ["correct"] * (n - len(kinds))
    rng.shuffle(kinds)
    students = []
    for index, kind in enumerate(kinds):
        answers = {part: rng.choice(RIGHT[part]) for part in CODE_PARTS}
        if kind == "wrong":
            for part in rng.sample(CODE_PARTS, k=rng.randint(1, 2)):
                answers[part] = rng.choice(WRONG[part])
        elif kind == "erroring":
            part = rng.choice(CODE_PARTS)
            answers[part] = f"{answers[part]}\n\n{RAISING_CELL}"
        elif kind == "looping":
            part = rng.choice(sorted(LOOPING))
            answers[part] = LOOPING[part]
        students.append((f"student_{index:03d}", kind, answers))
    return students


def filled(template: NotebookNode, answers: dict[str, str]) -> NotebookNode:
    """The course template with these parts' answer cells replaced."""
    notebook = copy.deepcopy(template)
    by_id = {cell.id: cell for cell in notebook.cells}
    for part, source in answers.items():
        by_id[f"{part}-answer".replace("_", "-")].source = source
    return notebook


def make_class(n: int, out: Path, seed: int = 0) -> dict[str, int]:
    """Write n notebooks into out; return how many of each kind were written."""
    rng = random.Random(seed)
    template = build_template(load_course(ROOT))
    out.mkdir(parents=True, exist_ok=True)
    counts = {"correct": 0, "wrong": 0, "erroring": 0, "looping": 0}
    for index in range(n):
        roll = rng.random()
        kind = ("correct" if roll < 0.40 else "wrong" if roll < 0.80
                else "erroring" if roll < 0.95 else "looping")
        counts[kind] += 1
        answers = {part: rng.choice(options) for part, options in RIGHT.items()}
        if kind == "wrong":
            for part in rng.sample(sorted(WRONG), k=rng.randint(2, 6)):
                answers[part] = rng.choice(WRONG[part])
        if kind == "erroring":
            for part in rng.sample(sorted(answers), k=rng.randint(1, 3)):
                if not part.endswith(("proof", "bagel")):
                    answers[part] = f"{answers[part]}\n\n{RAISING_CELL}"
        if kind == "looping":
            part = rng.choice(sorted(LOOPING))
            answers[part] = LOOPING[part]
        (out / f"student_{index:05d}.ipynb").write_text(dumps(filled(template, answers)),
                                                         encoding="utf-8")
    return counts


def main(make: Callable[[int, Path, int], dict[str, int]] = make_class,
         description: str = __doc__) -> None:
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    counts = make(args.n, args.out, args.seed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
