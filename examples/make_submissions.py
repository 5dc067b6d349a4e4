"""Regenerate the sample submissions in examples/submissions/ from the course template.

    python examples/make_submissions.py

Each sample is the template with some answer cells replaced, so the samples always match
the current specs. The files are committed; this script only documents how they were made.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from grader.course import load_course
from grader.notebook.template import build_solved, build_template, dumps

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples" / "submissions"

SEED_COLLAPSE_PROOF = r"""an N-layer neural network with a linear activation function, we can represent the output of each layer as a linear combination of the input:

$z_i^{(l)} = \sum_{j=1}^{n^{(l-1)}} w_{ij}^{(l)} a_j^{(l-1)}$

Since the activation function is linear, we can simply replace it with an identity function. This means that the output of the l-th layer is simply $a_i^{(l)} = z_i^{(l)}$.

We can repeat this process for all layers until we get to the output layer:

$a_i^{(N)} = \sum_{j=1}^{n^{(N-1)}} w_{ij}^{(N)} a_j^{(N-1)}$

At this point, we have a network with just an input and output layer. The weights connecting the input layer to the output layer are given by $w_{ij}^{(N)}$. Therefore, we have reduced the original N-layer neural network into a single-layer neural network."""

SEED_PUPPY = """The following methods might help in finding similar examples:

1) Adversarial Examples: adding small, imperceptible perturbations to an image that cause the model to misclassify it.

2) Image augmentation: applying different transformations such as rotations, scaling, and cropping, it is possible to generate images that are similar to the original but difficult to classify.

3) Data collection: collecting real world data with similar missleading examples.

4) Feature visualization: identify what a deep neural network is looking for in an image, to find images that have similar features but are different objects."""

# The real submission's answers (../shared/homework/seed_submission.txt), in the template's names.
SEED = {
    "collapse": '''def collapse(weights, biases):
    # "The weights connecting the input layer to the output layer are given by w^(N)"
    W = np.asarray(weights[-1])
    return W, np.zeros(W.shape[0])''',
    "two_layer_weight": 'two_layer_weight = "W2"',
    "collapse_proof": SEED_COLLAPSE_PROOF,
    "sigmoid_derivative": '''def sigmoid(x):
  return 1/(1 + np.exp(-x))

def sigmoid_derivative(x):
  sig = sigmoid(x)
  return sig*(1 - sig)''',
    "sigmoid_derivative_expr": "sigmoid_derivative_expr = r\"f'(x) = f(x) \\cdot (1-f(x))\"",
    "relu_derivative": '''def relu_derivative(x):
  if x <= 0:
    return 0
  else:
    return 1''',
    "relu_derivative_expr": 'relu_derivative_expr = r"""f\'(x) = \\begin{cases}\n'
                            '0 & x < 0 \\\n1 & x \\geq 0\n\\end{cases}"""',
    "softmax": '''def softmax(z):
  z_sum = np.sum(z)
  return z/z_sum''',
    "softmax_jacobian": '''def delta(i,j):
  if i == j:
    return 1
  else:
    return 0

def softmax_jacobian(z):
  n = len(z)
  DS = np.zeros((n, n))
  for i in range(n):
    for j in range(n):
      DS[i][j] = softmax(z[i])*(delta(i,j) - softmax(z[j]))
  return DS''',
    "softmax_jacobian_expr": 'softmax_jacobian_expr = r"""\\begin{cases}\n'
                             's_i (1 - s_i) & i = j \\\\\n-s_i s_j & i \\neq j\n\\end{cases}"""',
    "grad_z1": '''grad_z1 = {
    "x1": r"1 \\cdot 1 = 1",
    "x2": r"1 \\cdot 5 = 5",
    "x3": r"1 \\cdot (-6x_3) = -6x_3",
}''',
    "grad_z2": '''grad_z2 = {
    "x1": r"x_2 - 4",
    "x2": r"x_1",
    "x3": r"2x_3\\frac{\\exp(x_3^2)}{5x_4^2}",
    "x4": r"-\\frac{2\\exp(x_3^2)}{5x_4^3}",
}''',
    "grad_z3": '''grad_z3 = {
    "x1": r"2(x_1+5(x_2+3))\\exp((x_1+5(x_2+3))^2)",
    "x2": r"10(x_1+5(x_2+3))\\exp((x_1+5(x_2+3))^2)",
    "x3": r"-\\frac{1}{x_3^2}",
}''',
    "puppy_or_bagel": SEED_PUPPY,
    "kernel_effects": '''kernel_effects = {
    "k1": "This filter is called an identity filter because it passes the input image through unchanged. It assigns a weight of 1 to the center pixel and 0 to all other pixels.",
    "k2": "This filter is called a horizontal edge detection filter. It assigns a weight of 1 to the middle-right pixel and a weight of -1 to the middle-left pixel. It detects edges that are oriented horizontally.",
    "k3": "This filter is called a Laplacian filter or edge enhancement filter. It detects edges by computing the second derivative of the image intensity.",
    "k4": "This filter is called a mean filter or smoothing filter. It assigns a weight of 1/9 to each of the nine neighboring pixels and computes the average value.",
}''',
}

# Right answers in other forms than the reference: LaTeX, sympy objects, unicode, other code.
ALTERNATIVE_FORMS = {
    "collapse": '''from functools import reduce

def collapse(weights, biases):
    W, b = weights[0], biases[0]
    for Wk, bk in zip(weights[1:], biases[1:]):
        W, b = Wk @ W, Wk @ b + bk
    return W, b''',
    "two_layer_weight": 'two_layer_weight = r"W^{(2)} W^{(1)}"',
    "two_layer_bias": 'two_layer_bias = r"W_2 b_1 + b_2"',
    "collapse_proof": "Two layers give $W_2(W_1x+b_1)+b_2 = (W_2W_1)x + (W_2b_1+b_2)$; by "
                      "induction every further layer keeps the form $Wx+b$.",
    "sigmoid_derivative": '''def sigmoid_derivative(x):
    e = np.exp(-np.abs(x))
    return e / (1 + e) ** 2''',
    "sigmoid_derivative_expr": '''import sympy as sp
x = sp.Symbol("x")
sigmoid_derivative_expr = sp.exp(-x) / (1 + sp.exp(-x)) ** 2''',
    "relu_derivative": "def relu_derivative(x):\n    return np.heaviside(x, 0.5)",
    "relu_derivative_expr": 'relu_derivative_expr = "Piecewise((0, x < 0), (1, True))"',
    "softmax": '''def softmax(z):
    shifted = np.exp(z - np.max(z))
    return shifted / np.sum(shifted)''',
    "softmax_jacobian": '''def softmax_jacobian(z):
    s = softmax(z).reshape(-1, 1)
    return np.diagflat(s) - s @ s.T''',
    "softmax_jacobian_expr": 'softmax_jacobian_expr = "s_i δ_ij − s_i s_j"',
    "grad_z1": 'grad_z1 = {"x1": "1", "x2": "5", "x3": "−6·x3"}',
    "grad_z2": '''grad_z2 = {
    "x1": "x2 - 4",
    "x2": "x1",
    "x3": r"\\frac{2 x_3 e^{x_3^2}}{5 x_4^2}",
    "x4": "-(2/5) * exp(x3^2) / x4^3",
}''',
    "grad_z3": '''grad_z3 = {
    "x1": "2(x1 + 5x2 + 15) exp((x1 + 5x2 + 15)^2)",
    "x2": "10(x1 + 5x2 + 15) exp((x1 + 5x2 + 15)^2)",
    "x3": "-x3^(-2)",
}''',
    "puppy_or_bagel": "Look for images where the top two classes are far apart in meaning "
                      "but close in probability, and where the three networks disagree.",
    "kernel_effects": '''kernel_effects = {
    "k1": "identity - the image is unchanged",
    "k2": "translates the image by one pixel (direction depends on flipping the kernel)",
    "k3": "edge detection (Laplacian)",
    "k4": "box blur: average of the 3x3 neighbourhood",
}''',
    "apply_kernel": '''def apply_kernel(image, kernel):
    k = np.flipud(np.fliplr(kernel))  # true convolution
    H, W = image.shape
    out = np.zeros((H - 2, W - 2))
    for i in range(H - 2):
        for j in range(W - 2):
            out[i, j] = np.sum(image[i:i + 3, j:j + 3] * k)
    return out''',
}

# A notebook whose cells misbehave: an error, a loop that never ends, then good answers.
ERRORS = {
    "collapse": "def collapse(weights, biases):\n    return undefined_name",
    "sigmoid_derivative": "def sigmoid_derivative(x):\n    s = 1 / (1 + np.exp(-x))\n"
                          "    return s * (1 - s)\n\n\n"
                          "1 / 0  # this cell raises after defining the function; it still counts",
    "relu_derivative": "while True:  # never ends: stopped by the cell timeout\n    pass",
    "softmax": "def softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / e.sum()",
    "softmax_jacobian": "def softmax_jacobian(z):\n    while True:\n        pass",
    "grad_z1": 'grad_z1 = {"x1": "1", "x2": "5", "x3": "-6*x3 +"}',
}


def replace(notebook: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    by_id = {cell.id: cell for cell in notebook.cells}
    for part, source in answers.items():
        by_id[f"{part}-answer".replace("_", "-")].source = source
    return notebook


def main() -> None:
    course = load_course(ROOT)
    OUT.mkdir(parents=True, exist_ok=True)
    samples = {
        "full_marks": build_solved(course),
        "blank": build_template(course),
        "seed_student": replace(build_template(course), SEED),
        "alternative_forms": replace(build_template(course), ALTERNATIVE_FORMS),
        "errors": replace(build_template(course), ERRORS),
    }
    for name, notebook in samples.items():
        (OUT / f"{name}.ipynb").write_text(dumps(notebook), encoding="utf-8")


if __name__ == "__main__":
    main()
