"""One answer written under its question in the course notebook, graded end to end: the
forms a teaching assistant accepts, beside near-misses of each that must stay wrong."""

from __future__ import annotations

import nbformat
import pytest

from grader.pipeline import grade_notebook
from tests.fixtures.make_freeform import build
from tests.freeform.expected import parts_of


def graded(gradebook, tmp_path, style):
    """The parts of the course notebook answered in `style` (make_freeform.build), graded."""
    path = tmp_path / "student.ipynb"
    path.write_text(nbformat.writes(build(style)))
    return parts_of(grade_notebook(path, gradebook, name="student"))


JACOBIAN = "softmax_jacobian_expr"
DS = r"\frac{\partial s_i}{\partial z_%s}"
ROWS = [
    # (section of the course notebook, what the student wrote under it, part, verdict)
    # the diagonal and the rest on separate lines, as a teaching assistant reads them
    ("softmax", r"$J_{ii} = s_i(1 - s_i)$, $J_{ij} = -s_is_j$", JACOBIAN, "correct"),
    ("softmax", r"$J_{ij} = -s_is_j$ for $i \ne j$ and $J_{ii} = s_i(1 - s_i)$", JACOBIAN,
     "correct"),
    ("softmax", f"${DS % 'i'} = s_i(1 - s_i)$ and ${DS % 'j'} = -s_is_j$", JACOBIAN,
     "correct"),
    ("softmax", f"${DS % 'i'} = s_i(1 - s_i)$\n\n${DS % 'j'} = -s_is_j$", JACOBIAN, "correct"),
    ("softmax", f"${DS % 'i'} = s_i(1 + s_i)$ and ${DS % 'j'} = -s_is_j$", JACOBIAN,
     "incorrect"),
    ("softmax", f"${DS % 'i'} = s_i(1 - s_i)$ and ${DS % 'j'} = s_is_j$", JACOBIAN,
     "incorrect"),
    ("softmax", r"$J_{ii} = s_i(1 - s_i)$, $J_{ij} = s_i(1 - s_j)$", JACOBIAN, "incorrect"),
    ("softmax", r"$J_{ii} = s_i(1 - s_i)$", JACOBIAN, "incorrect"),
    # two different lines for the rest: not combined, the difference goes to a person
    ("softmax", r"$J_{ii} = s_i(1 - s_i)$, $J_{ij} = -s_is_j$, $J_{ij} = s_is_j$", JACOBIAN,
     "needs_review"),
    # cases with conditions in words of the student's language
    ("softmax", r"$" + DS % "j" + r" = \begin{cases} s_i(1-s_i) & \text{si } i = j \\ "
     r"-s_is_j & \text{si } i \neq j \end{cases}$", JACOBIAN, "correct"),
    ("softmax", r"$" + DS % "j" + r" = \begin{cases} s_i(1-s_i) & \text{si } i = j \\ "
     r"-s_is_j & \text{en otro caso} \end{cases}$", JACOBIAN, "correct"),
    ("softmax", r"$" + DS % "j" + r" = \begin{cases} s_i(1+s_i) & \text{si } i = j \\ "
     r"-s_is_j & \text{en otro caso} \end{cases}$", JACOBIAN, "incorrect"),
    ("softmax", r"$" + DS % "j" + r" = \begin{cases} s_i(1-s_i) & \text{si } i = j \\ "
     r"-s_is_j & \text{de otra forma} \end{cases}$", JACOBIAN, "needs_review"),
    ("relu", "$f'(x)=1$ при $x>0$, $f'(x)=0$ при $x<0$", "relu_derivative_expr", "correct"),
    ("relu", "$f'(x)=0$ при $x>0$, $f'(x)=1$ при $x<0$", "relu_derivative_expr", "incorrect"),
    ("relu", r"$f'(x) = \begin{cases} 1 & \text{wenn } x > 0 \\ 0 & \text{sonst} \end{cases}$",
     "relu_derivative_expr", "correct"),
    ("relu", r"$f'(x) = \begin{cases} 0 & \text{wenn } x > 0 \\ 1 & \text{sonst} \end{cases}$",
     "relu_derivative_expr", "incorrect"),
    # an indicator written as a bare 1 before braces
    ("softmax", f"${DS % 'j'} = s_i(1\\{{i=j\\}} - s_j)$", JACOBIAN, "correct"),
    ("softmax", f"${DS % 'j'} = s_i(1\\{{i \\neq j\\}} - s_j)$", JACOBIAN, "incorrect"),
    ("relu", r"$f'(x) = 1\{x > 0\}$", "relu_derivative_expr", "correct"),
    ("relu", r"$f'(x) = 1\{x < 0\}$", "relu_derivative_expr", "incorrect"),
    # the Jacobian as a matrix of the output vector
    ("softmax", r"$J = \text{diag}(s) - ss^T$", JACOBIAN, "correct"),
    ("softmax", r"$\frac{\partial s}{\partial z} = \text{diag}(s) - s s^\top$", JACOBIAN,
     "correct"),
    ("softmax", r"$J = \text{diag}(s) + ss^T$", JACOBIAN, "incorrect"),
    ("softmax", r"$J = ss^T - \text{diag}(s)$", JACOBIAN, "incorrect"),
    ("softmax", r"$J = \text{diag}(z) - zz^T$", JACOBIAN, "needs_review"),
    ("softmax", r"$J = \text{diag}(s) - s^Ts$", JACOBIAN, "needs_review"),
    # a label whose index closes the numerator's brace: `\frac{\partial \sigma_j}{...}`
    ("softmax", r"$J_{jk} = \frac{\partial \sigma_j}{\partial z_k} = \sigma_j\left(\delta_{jk} - "
     r"\sigma_k\right)$", JACOBIAN, "correct"),
    ("softmax", r"$J_{jk} = \frac{\partial \sigma_j}{\partial z_k} = \sigma_j\left(1 - "
     r"\sigma_k\right)$", JACOBIAN, "incorrect"),
    # the Jacobian written out for three outputs
    ("softmax", r"$J = \begin{pmatrix} s_1(1-s_1) & -s_1s_2 & -s_1s_3 \\ -s_2s_1 & s_2(1-s_2) & "
     r"-s_2s_3 \\ -s_3s_1 & -s_3s_2 & s_3(1-s_3) \end{pmatrix}$", JACOBIAN, "correct"),
    ("softmax", r"$J = \begin{pmatrix} s_1(1-s_1) & s_1s_2 & s_1s_3 \\ s_2s_1 & s_2(1-s_2) & "
     r"s_2s_3 \\ s_3s_1 & s_3s_2 & s_3(1-s_3) \end{pmatrix}$", JACOBIAN, "incorrect"),
    ("softmax", r"$J = \begin{pmatrix} s_1(1-s_1) & -s_1s_2 & -s_1s_3 \\ -s_2s_1 & s_2(1-s_2) & "
     r"s_2s_3 \\ -s_3s_1 & -s_3s_2 & s_3(1-s_3) \end{pmatrix}$", JACOBIAN, "needs_review"),
    ("softmax", r"$J = \begin{pmatrix} y_1(1-y_1) & -y_1 y_2 \\ -y_2 y_1 & y_2(1-y_2) "
     r"\end{pmatrix}$", JACOBIAN, "correct"),
    ("softmax", r"$J = \begin{pmatrix} y_1(1+y_1) & -y_1 y_2 \\ -y_2 y_1 & y_2(1+y_2) "
     r"\end{pmatrix}$", JACOBIAN, "incorrect"),
    # the gradient by the vector x, as a row or as a transposed row
    ("z1", r"$\frac{\partial z}{\partial \mathbf{x}} = [1, 5, -6x_3]^T$", "grad_z1", "correct"),
    ("z1", r"$\frac{\partial z}{\partial x} = (1, 5, -6x_3)^\top$", "grad_z1", "correct"),
    ("z1", r"$\frac{\partial z}{\partial \mathbf{x}} = [1, 5, -3x_3]^T$", "grad_z1", "partial"),
    ("z1", r"$\frac{\partial z}{\partial \mathbf{x}} = [5, 1, -6x_3]^T$", "grad_z1", "partial"),
    # kernel descriptions by ordinals in one paragraph
    ("kernels", "The first kernel leaves the image unchanged. The second one shifts it by a "
     "pixel. The third detects edges. The fourth averages the neighbourhood, blurring it.",
     "kernel_effects", "correct"),
    ("kernels", "The first kernel blurs the image. The second one shifts it by a pixel. The "
     "third detects edges. The fourth leaves the image unchanged.", "kernel_effects", "partial"),
    # piecewise answers in words, each condition before or after its value
    ("relu", "For x > 0 the derivative is 1, for x < 0 it is 0.", "relu_derivative_expr",
     "correct"),
    ("relu", "For x > 0 the derivative is 0, for x < 0 it is 1.", "relu_derivative_expr",
     "incorrect"),
    ("relu", "The derivative is 1 for positive x and 0 for negative x; at 0 it is undefined.",
     "relu_derivative_expr", "correct"),
    ("relu", "The derivative is 1 for negative x and 0 for positive x; at 0 it is undefined.",
     "relu_derivative_expr", "incorrect"),
    # a derivation in array{rcl} rows, cases with a left brace
    ("sigmoid", "$$\n\\begin{array}{rcl}\n\\sigma'(x) & = & \\dfrac{d}{dx}\\dfrac{1}{1+e^{-x}} "
     "\\\\[2mm]\n & = & \\sigma(x)\\,(1-\\sigma(x))\n\\end{array}\n$$",
     "sigmoid_derivative_expr", "correct"),
    ("sigmoid", "$$\n\\begin{array}{rcl}\n\\sigma'(x) & = & \\dfrac{d}{dx}\\dfrac{1}{1+e^{-x}} "
     "\\\\[2mm]\n & = & \\sigma(x)\\,(1+\\sigma(x))\n\\end{array}\n$$",
     "sigmoid_derivative_expr", "incorrect"),
    ("relu", r"$$\mathrm{ReLU}'(x) = \left\{ \begin{array}{ll} 0 & x < 0 \\ 1 & x > 0 "
     r"\end{array} \right.$$", "relu_derivative_expr", "correct"),
    ("relu", r"$$\mathrm{ReLU}'(x) = \left\{ \begin{array}{ll} 1 & x < 0 \\ 0 & x > 0 "
     r"\end{array} \right.$$", "relu_derivative_expr", "incorrect"),
    # primes with the variable below (z'_{x_1}); a typed value ended by the sentence after it
    ("z1", r"$z'_{x_1} = 1$, $z'_{x_2} = 5$, $z'_{x_3} = -6x_3$", "grad_z1", "correct"),
    ("z1", r"$z'_{x_1} = 1$, $z'_{x_2} = 5$, $z'_{x_3} = -3x_3$", "grad_z1", "partial"),
    ("sigmoid", "Writing s(x) = 1/(1+exp(-x)), the chain rule gives exp(-x)/(1+exp(-x))^2, "
     "which can be rewritten as\n\ns'(x) = s(x) * (1 - s(x))", "sigmoid_derivative_expr",
     "correct"),
    ("sigmoid", "Writing s(x) = 1/(1+exp(-x)), the chain rule gives exp(-x)/(1+exp(-x))^2, "
     "which can be rewritten as\n\ns'(x) = s(x) * (1 + s(x))", "sigmoid_derivative_expr",
     "incorrect"),
    ("relu", "The derivative of ReLU is 1 for every positive input and 0 for every negative "
     "input.", "relu_derivative_expr", "correct"),
    ("collapse", "So the two layers act like one layer whose weight matrix is the product "
     "W2*W1 and whose bias is W2*b1 + b2.", "two_layer_weight", "correct"),
    ("collapse", "So the two layers act like one layer whose weight matrix is the product "
     "W1*W2 and whose bias is W2*b1 + b2.", "two_layer_weight", "incorrect"),
    # answers printed from a code cell
    ("z1", 'print("dz/dx1 = 1")\nprint("dz/dx2 = 5")\nprint("dz/dx3 = -6*x3")', "grad_z1",
     "correct"),
    ("z1", 'print("dz/dx1 = 1")\nprint("dz/dx2 = 5")\nprint("dz/dx3 = -3*x3")', "grad_z1",
     "partial"),
    # N given values in the induction, then the product over N layers
    ("collapse", r"Base case $N=1$ is trivial, $N=2$ is shown above. So any depth collapses, "
     r"with $W = W_N W_{N-1}\cdots W_1$.", "two_layer_weight", "correct"),
    ("collapse", r"Base case $N=1$ is trivial, $N=2$ is shown above. So any depth collapses, "
     r"with $W = W_1 W_2\cdots W_N$.", "two_layer_weight", "needs_review"),
    # layers written for row vectors (x W): the order of the product is the student's
    ("collapse", r"A layer computes $h_1 = xW_1 + b_1$ (row vectors), so $W = W_1W_2$ and "
     r"$b = b_1W_2 + b_2$.", "two_layer_weight", "needs_review"),
    ("collapse", r"A layer computes $h_1 = W_1x + b_1$, so $W = W_1W_2$ and $b = W_2b_1 + b_2$.",
     "two_layer_weight", "incorrect"),
    # the output of layer 2 as a chain whose last member names the result
    ("collapse", "$$\\begin{array}{l} a^{(2)} = W^{(2)}(W^{(1)}x + b^{(1)}) + b^{(2)} \\\\ "
     "\\quad = (W^{(2)}W^{(1)})x + (W^{(2)}b^{(1)} + b^{(2)}) \\\\ \\quad = \\tilde{W}x + "
     "\\tilde{b} \\end{array}$$", "two_layer_bias", "correct"),
    ("collapse", "$$\\begin{array}{l} a^{(2)} = W^{(2)}(W^{(1)}x + b^{(1)}) + b^{(2)} \\\\ "
     "\\quad = (W^{(2)}W^{(1)})x + (b^{(1)} + b^{(2)}) \\\\ \\quad = \\tilde{W}x + "
     "\\tilde{b} \\end{array}$$", "two_layer_bias", "incorrect"),
    # layers in the student's own letters
    ("collapse", r"$y = A_2(A_1 x + c_1) + c_2 = (A_2A_1)x + (A_2c_1 + c_2)$, so $A = A_2A_1$ "
     r"and $c = A_2 c_1 + c_2$.", "two_layer_weight", "correct"),
    ("collapse", r"$y = A_2(A_1 x + c_1) + c_2 = (A_2A_1)x + (A_2c_1 + c_2)$, so $A = A_2A_1$ "
     r"and $c = A_2 c_1 + c_2$.", "two_layer_bias", "correct"),
    ("collapse", r"$y = A_2(A_1 x + c_1) + c_2$, so $A = A_1A_2$ and $c = c_1 + c_2$.",
     "two_layer_weight", "incorrect"),
    ("collapse", r"$y = A_2(A_1 x + c_1) + c_2$, so $A = A_1A_2$ and $c = c_1 + c_2$.",
     "two_layer_bias", "incorrect"),
    # cases typed as Python, in a comment or in text; one side of the domain alone, or
    # with the other side's case followed by words the reader does not know: a person
    ("relu", "# f'(x) = 1 if x > 0, 0 if x < 0", "relu_derivative_expr", "correct"),
    ("relu", "# f'(x) = 0 if x > 0, 1 if x < 0", "relu_derivative_expr", "incorrect"),
    ("relu", "# f'(x) = 1 if x > 0, 0 if x < 0 (we pick 0 at x == 0)",
     "relu_derivative_expr", "needs_review"),
    ("relu", "# f'(x) = 0 if x > 0, 1 if x < 0 (we pick 0 at x == 0)",
     "relu_derivative_expr", "needs_review"),
    ("relu", "f'(x) = 1 if x > 0 else 0", "relu_derivative_expr", "correct"),
    ("relu", "f'(x) = 1 if x < 0 else 0", "relu_derivative_expr", "incorrect"),
    ("relu", "relu'(x) = 1 for x > 0", "relu_derivative_expr", "needs_review"),
    # a bare formula alone under a question that only one part answers in math
    ("relu", "0 (x<0), 1 (x>0)", "relu_derivative_expr", "correct"),
    ("relu", "0 (x<0), x (x>0)", "relu_derivative_expr", "incorrect"),
    ("z1", "1, 5, -6x3", "grad_z1", "correct"),
    ("z1", "1, 5, 6x3", "grad_z1", "partial"),
    ("sigmoid", "s(x)(1 - s(x))", "sigmoid_derivative_expr", "correct"),
    ("sigmoid", "s(x)(1 + s(x))", "sigmoid_derivative_expr", "incorrect"),
    ("relu", "We did this in class, see the slides.", "relu_derivative_expr", "missing"),
    # typed Greek letters, a typed transpose and minus sign
    ("sigmoid", "σ' = σ(1-σ)", "sigmoid_derivative_expr", "correct"),
    ("sigmoid", "σ' = σ(1+σ)", "sigmoid_derivative_expr", "incorrect"),
    ("softmax", "J = diag(s) − s sᵀ", JACOBIAN, "correct"),
    ("softmax", "J = diag(s) + s sᵀ", JACOBIAN, "incorrect"),
    ("softmax", "∂s_i/∂z_j = s_i(δ_ij − s_j)", JACOBIAN, "correct"),
    # typed conditions: Python's `==`, or the condition first
    ("softmax", "dS_i/dz_j = S_i*(1-S_i)   if i == j\n\ndS_i/dz_j = -S_i*S_j   if i != j",
     JACOBIAN, "correct"),
    ("softmax", "dS_i/dz_j = S_i*(1+S_i)   if i == j\n\ndS_i/dz_j = -S_i*S_j   if i != j",
     JACOBIAN, "incorrect"),
    ("softmax", "for i = j : ∂σ_i/∂z_j = σ_i(1 − σ_i)\nfor i ≠ j : ∂σ_i/∂z_j = −σ_iσ_j",
     JACOBIAN, "correct"),
    ("softmax", "for i = j : ∂σ_i/∂z_j = σ_i(1 + σ_i)\nfor i ≠ j : ∂σ_i/∂z_j = −σ_iσ_j",
     JACOBIAN, "incorrect"),
    # HTML line breaks between typed equations
    ("z1", "dz/dx1 = 1 <br> dz/dx2 = 5 <br> dz/dx3 = -6*x3", "grad_z1", "correct"),
    ("z1", "dz/dx1 = 1 <br> dz/dx2 = 5 <br> dz/dx3 = 6*x3", "grad_z1", "partial"),
    # bold numbers are an answer's own steps, not labels of other exercises
    ("sigmoid", "**1.** Write $s = \\frac{1}{1+e^{-x}}$.\n\n**2.** Then "
     "$\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$", "sigmoid_derivative_expr", "correct"),
    ("sigmoid", "**1.** Write $s = \\frac{1}{1+e^{-x}}$.\n\n**2.** Then "
     "$\\sigma'(x) = \\sigma(x)(1+\\sigma(x))$", "sigmoid_derivative_expr", "incorrect"),
    # a value for every input but one
    ("relu", r"$f'(x) = \operatorname{sign}(x)$ for $x \neq 0$", "relu_derivative_expr",
     "incorrect"),
    ("relu", r"$f'(x) = \frac{1 + \operatorname{sign}(x)}{2}$ for $x \neq 0$",
     "relu_derivative_expr", "correct"),
    # layers above their matrices, for N layers; a value named by a brace below it
    ("collapse", r"So $W = W^{[N]}\cdots W^{[1]}$.", "two_layer_weight", "correct"),
    ("collapse", r"So $W = W^{[1]}\cdots W^{[N]}$.", "two_layer_weight", "needs_review"),
    ("collapse", r"The network is one layer with weights $W^{(N)}$ and bias $b^{(N)}$.",
     "two_layer_weight", "incorrect"),
    ("collapse", r"So $b = b_1 + \dots + b_N$.", "two_layer_bias", "incorrect"),
    ("collapse", r"$$a^{[2]} = \underbrace{W^{[2]}W^{[1]}}_{W}\,x + "
     r"\underbrace{W^{[2]}b^{[1]} + b^{[2]}}_{b}$$", "two_layer_bias", "correct"),
    ("collapse", r"$$a^{[2]} = \underbrace{W^{[2]}W^{[1]}}_{W}\,x + "
     r"\underbrace{b^{[1]} + b^{[2]}}_{b}$$", "two_layer_bias", "incorrect"),
    ("relu", r"$f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \\ \text{not differentiable} "
     r"& x = 0 \end{cases}$", "relu_derivative_expr", "correct"),
    # a formula typed in a sentence
    ("sigmoid", "The derivative is sigma(x) * (1 - sigma(x)).", "sigmoid_derivative_expr",
     "correct"),
    ("sigmoid", "The derivative is sigma(x) * (1 + sigma(x)).", "sigmoid_derivative_expr",
     "incorrect"),
    # the function's names without an argument are its value: s(1 - s) is s times (1 - s)
    ("sigmoid", "$f'(x) = s(1-s)$", "sigmoid_derivative_expr", "correct"),
    ("sigmoid", "$f'(t) = y(1-y)$", "sigmoid_derivative_expr", "correct"),
    ("sigmoid", "$f'(x) = s(1+s)$", "sigmoid_derivative_expr", "incorrect"),
    ("sigmoid", "$f'(x) = s(1-x)$", "sigmoid_derivative_expr", "incorrect"),
    ("sigmoid", "The derivative is σ(1-σ).", "sigmoid_derivative_expr", "correct"),
    ("sigmoid", "The derivative is σ(x)(1-σ(x)).", "sigmoid_derivative_expr", "correct"),
    ("sigmoid", "The derivative is σ(1+σ).", "sigmoid_derivative_expr", "incorrect"),
    ("sigmoid", "The derivative is x(1-x).", "sigmoid_derivative_expr", "incorrect"),
    # as many unnamed formulas as partials: the partials in the variables' order
    ("z1", "$$1$$\n$$5$$\n$$-6x_3$$", "grad_z1", "correct"),
    ("z1", "$1$, $5$, $-6x_3$", "grad_z1", "correct"),
    ("z1", "$$5$$\n$$1$$\n$$-6x_3$$", "grad_z1", "partial"),
    ("z1", "$$1$$\n$$5$$\n$$6x_3$$", "grad_z1", "partial"),
    ("z2", r"$x_2-4$, $x_1$, $\frac{2x_3e^{x_3^2}}{5x_4^2}$, $-\frac{2e^{x_3^2}}{5x_4^3}$",
     "grad_z2", "correct"),
    ("z2", r"$x_2-4$, $x_1$, $\frac{2x_3e^{x_3^2}}{5x_4^2}$", "grad_z2", "needs_review"),
    # the gradient typed in a sentence
    ("z1", "The gradient is (1, 5, -6x3).", "grad_z1", "correct"),
    ("z1", "The gradient is [1, 5, -6*x3]", "grad_z1", "correct"),
    ("z1", "The gradient is (1, 5, 6x3).", "grad_z1", "partial"),
    # code: an entry indexed as in Python, a docstring, a full stop in Chinese
    ("softmax", "# J[i][j] = s_i * (delta_ij - s_j)", JACOBIAN, "correct"),
    ("softmax", "# J[i, j] = s_i * (delta_ij + s_j)", JACOBIAN, "incorrect"),
    ("sigmoid", 'def sigmoid_grad(x):\n    """σ\'(x) = σ(x) * (1 - σ(x))"""\n    return 0',
     "sigmoid_derivative_expr", "correct"),
    ("sigmoid", 'def sigmoid_grad(x):\n    """σ\'(x) = σ(x) * (1 + σ(x))"""\n    return 0',
     "sigmoid_derivative_expr", "incorrect"),
    ("collapse", "所以: $W = W_2W_1$, $b = W_2b_1 + b_2$。", "two_layer_bias", "correct"),
    ("collapse", "所以: $W = W_2W_1$, $b = W_1b_2 + b_2$。", "two_layer_bias", "incorrect"),
    # typed in comments: a case under its equation, an aside after the last case, a
    # helper with typed powers, a chain through a factor that is a derivative
    ("softmax", "# dS_i/dz_j = S_i * (1 - S_j)   if i == j\n#           = -S_i * S_j   if i != j",
     JACOBIAN, "correct"),
    ("softmax", "# dS_i/dz_j = S_i * (1 - S_j)   if i == j\n#           = S_i * S_j   if i != j",
     JACOBIAN, "incorrect"),
    ("relu", "# f'(x) = 0 if x < 0, 1 if x > 0  (at x = 0 not differentiable, take 1/2)",
     "relu_derivative_expr", "correct"),
    ("relu", "# f'(x) = 1 if x < 0, 0 if x > 0  (not differentiable at 0)",
     "relu_derivative_expr", "incorrect"),
    ("sigmoid", "# s(x) = 1/(1+e^-x)\n# s'(x) = e^-x / (1+e^-x)^2 = s(x) * (1 - s(x))",
     "sigmoid_derivative_expr", "correct"),
    ("sigmoid", "# s(x) = 1/(1+e^-x)\n# s'(x) = e^-x / (1+e^-x)^2 = s(x) * (1 + s(x))",
     "sigmoid_derivative_expr", "incorrect"),
    ("z1", "# dz/dx1 = dz/du * du/dx1 = 1\n# dz/dx2 = 5\n# dz/dx3 = -6*x3", "grad_z1",
     "correct"),
    # the gradient typed as a word, a vector of labels equal to a vector of values
    ("z1", "grad z = (1, 5, -6*x3)", "grad_z1", "correct"),
    ("z1", "grad z = (dz/dx1, dz/dx2, dz/dx3) = (1, 5, -6*x3)", "grad_z1", "correct"),
    ("z1", "grad z = (dz/dx1, dz/dx2, dz/dx3) = (1, 5, 6*x3)", "grad_z1", "partial"),
    ("z1", "∇z = (1, 5, -6x3)", "grad_z1", "correct"),
    # cases by the index of the variable
    ("z1", r"$$\frac{\partial z}{\partial x_i} = \begin{cases} 1, & i = 1 \\ 5, & i = 2 \\ "
     r"-6x_3, & i = 3 \end{cases}$$", "grad_z1", "correct"),
    ("z1", r"$$\frac{\partial z}{\partial x_i} = \begin{cases} 1, & i = 1 \\ 5, & i = 2 \\ "
     r"6x_3, & i = 3 \end{cases}$$", "grad_z1", "partial"),
    # the total differential: each differential's coefficient is a partial
    ("z1", r"$dz = dx_1 + 5\,dx_2 - 6x_3\,dx_3$", "grad_z1", "correct"),
    ("z1", r"$dz = dx_1 + 5\,dx_2 + 6x_3\,dx_3$", "grad_z1", "partial"),
    ("z2", r"$dz = (x_2-4)\,dx_1 + x_1\,dx_2 + \frac{2x_3e^{x_3^2}}{5x_4^2}\,dx_3 - "
     r"\frac{2e^{x_3^2}}{5x_4^3}\,dx_4$", "grad_z2", "correct"),
    # the function's name applied to a bracket that holds it: a product
    ("sigmoid", r"$f(t) = \frac{1}{1+e^{-t}}$, $f' = f(1-f)$", "sigmoid_derivative_expr",
     "correct"),
    ("sigmoid", r"$f(t) = \frac{1}{1+e^{-t}}$, $f' = f(1+f)$", "sigmoid_derivative_expr",
     "incorrect"),
    # unicode: index subscripts, superscript letters, an aside in Spanish
    ("softmax", "∂σᵢ/∂zⱼ = σᵢ·(δᵢⱼ − σⱼ)", JACOBIAN, "correct"),
    ("softmax", "∂σᵢ/∂zⱼ = σᵢ·(δᵢⱼ + σⱼ)", JACOBIAN, "incorrect"),
    ("sigmoid", "σ'(x) = e⁻ˣ / (1 + e⁻ˣ)²", "sigmoid_derivative_expr", "correct"),
    ("sigmoid", "σ'(x) = e⁻ˣ / (1 + e⁻ˣ)", "sigmoid_derivative_expr", "incorrect"),
    ("relu", "ReLU'(x) = 1 si x > 0 ; 0 si x < 0 (en x = 0 no es derivable)",
     "relu_derivative_expr", "correct"),
    ("relu", "ReLU'(x) = 0 si x > 0 ; 1 si x < 0 (en x = 0 no es derivable)",
     "relu_derivative_expr", "incorrect"),
    # a typed line opening with a letter mark; a sentence after the value
    ("z1", "a) dz/dx1 = 1, dz/dx2 = 5, dz/dx3 = -6*x3", "grad_z1", "correct"),
    ("z1", "a) dz/dx1 = 1, dz/dx2 = 5, dz/dx3 = 6*x3", "grad_z1", "partial"),
    ("relu", "b) relu'(x) = 1 if x > 0 else 0", "relu_derivative_expr", "correct"),
    ("collapse", "one layer with W = W2 W1 and b = W2 b1 + b2. Then we use induction.",
     "two_layer_bias", "correct"),
    ("collapse", "one layer with W = W2 W1 and b = W1 b2 + b2. Then we use induction.",
     "two_layer_bias", "incorrect"),
    # words after a colon end the value
    ("collapse", "W = W2 W1 and b = W2 b1 + b2: it is again just one layer.", "two_layer_bias",
     "correct"),
    ("collapse", "W = W2 W1 and b = W1 b2 + b2: it is again just one layer.", "two_layer_bias",
     "incorrect"),
    # a table of cases beside the function
    ("relu", "| $x$ | $f(x)$ | $f'(x)$ |\n|---|---|---|\n| $x<0$ | $0$ | $0$ |\n"
     "| $x>0$ | $x$ | $1$ |", "relu_derivative_expr", "correct"),
    ("relu", "| $x$ | $f(x)$ | $f'(x)$ |\n|---|---|---|\n| $x<0$ | $0$ | $1$ |\n"
     "| $x>0$ | $x$ | $0$ |", "relu_derivative_expr", "incorrect"),
    # "where s = softmax(z)" says what s is, not a case of the formula before it
    ("softmax", r"$J = \operatorname{diag}(s) - ss^{\top}$, where $s = \mathrm{softmax}(z)$",
     JACOBIAN, "correct"),
    ("softmax", r"$J = \operatorname{diag}(s) + ss^{\top}$, where $s = \mathrm{softmax}(z)$",
     JACOBIAN, "incorrect"),
    # a thin space between a function and its bracket
    ("z3", r"$\nabla z = \left(2u\exp\!\left[u^2\right],\ 10u\exp\!\left[u^2\right],\ "
     r"-x_3^{-2}\right)$ with $u = x_1+5x_2+15$", "grad_z3", "correct"),
    ("z3", r"$\nabla z = \left(2u\exp\!\left[u^2\right],\ 2u\exp\!\left[u^2\right],\ "
     r"-x_3^{-2}\right)$ with $u = x_1+5x_2+15$", "grad_z3", "partial"),
]


@pytest.mark.parametrize(("section", "text", "part", "verdict"), ROWS,
                         ids=[f"{r[2]}-{n}" for n, r in enumerate(ROWS)])
def test_an_answer_under_its_question(gradebook, tmp_path, section, text, part, verdict):
    kind = "code" if text.startswith(("print(", "# ", "def ")) else "md"
    result = graded(gradebook, tmp_path, {"answers": {section: [(kind, text)]}})[part]
    assert result.verdict == verdict, result.feedback


GATHERED_AT_THE_END = """## All my answers

**Derivatives**

Sigmoid: $f'(x) = f(x)(1 - f(x))$

ReLU: $f'(x) = \\begin{cases} 0 & x > 0 \\\\ 1 & x < 0 \\end{cases}$

**Backprop**

(a) $z'_{x_1} = 1$, $z'_{x_2} = 5$, $z'_{x_3} = -6x_3$

(b) $z'_{x_1} = x_2 - 4$, $z'_{x_2} = x_1$, $z'_{x_3} = \\frac{2x_3e^{x_3^2}}{5x_4^2}$, \
$z'_{x_4} = -\\frac{2e^{x_3^2}}{5x_4^3}$

(c) $z'_{x_1} = 2(x_1+5x_2+15)e^{(x_1+5x_2+15)^2}$, \
$z'_{x_2} = 10(x_1+5x_2+15)e^{(x_1+5x_2+15)^2}$, $z'_{x_3} = -3x_3^{-2}$
"""
EMPTY = {s: [] for s in ("sigmoid", "relu", "softmax", "z1", "z2")}


def test_answers_gathered_in_one_cell_after_the_last_question(gradebook, tmp_path):
    """Each answer is found under its name or its letter, wherever the cell stands; a wrong
    one is graded wrong, not called missing."""
    style = {"answers": {**EMPTY, "z3": [("md", GATHERED_AT_THE_END)]}}
    parts = graded(gradebook, tmp_path, style)
    verdicts = {p: parts[p].verdict for p in ("sigmoid_derivative_expr", "relu_derivative_expr",
                                              "grad_z1", "grad_z2", "grad_z3")}
    assert verdicts == {"sigmoid_derivative_expr": "correct", "relu_derivative_expr": "incorrect",
                        "grad_z1": "correct", "grad_z2": "correct", "grad_z3": "partial"}


BARE_UNDER_LABELS = {
    "table": ("| Function | Derivative |\n|---|---|\n| Sigmoid | ${sigmoid}$ |\n"
              "| ReLU | ${relu}$ |\n| Softmax | $s_i(\\delta_{{ij}} - s_j)$ |"),
    "colons": "Sigmoid: ${sigmoid}$\n\nReLU: ${relu}$\n\nSoftmax: $s_i(\\delta_{{ij}} - s_j)$",
    "bold": ("**Sigmoid**\n\n${sigmoid}$\n\n**ReLU**\n\n${relu}$\n\n"
             "**Softmax**\n\n$s_i(\\delta_{{ij}} - s_j)$"),
}
BARE_UNDER_LABELS["named table"] = (
    "| function | derivative |\n|---|---|\n| sigmoid $\\sigma(x)$ | ${sigmoid}$ |\n"
    "| ReLU $\\max(0,x)$ | ${relu}$ |\n| softmax $s_i$ | $s_i(\\delta_{{ij}} - s_j)$ |")
RIGHT = {"sigmoid": r"\sigma(x)(1-\sigma(x))", "relu": r"\mathbb{1}[x > 0]"}
WRONG = {"sigmoid": r"\sigma(x)(1+\sigma(x))", "relu": r"\mathbb{1}[x < 0]"}


@pytest.mark.parametrize("layout", sorted(BARE_UNDER_LABELS))
@pytest.mark.parametrize(("answers", "verdict"), [(RIGHT, "correct"), (WRONG, "incorrect")])
def test_formulas_under_their_labels_in_one_cell(gradebook, tmp_path, layout, answers, verdict):
    """A formula with no left-hand side after a question's label (a table row, "Sigmoid:",
    a bold title) answers that question, right or wrong."""
    cell = BARE_UNDER_LABELS[layout].format(**answers)
    style = {"answers": {"sigmoid": [], "relu": [], "softmax": [("md", cell)]}}
    parts = graded(gradebook, tmp_path, style)
    for part in ("sigmoid_derivative_expr", "relu_derivative_expr"):
        assert parts[part].verdict == verdict, parts[part].feedback
    assert parts["softmax_jacobian_expr"].verdict == "correct"


ITEMS_UNDER_TITLES = """## Answers

**2. Activation derivatives.**
1. $\\sigma'(x) = \\sigma(x)\\,{sigmoid}$
2. $\\mathrm{{ReLU}}'(x) = \\dfrac{{1+\\operatorname{{sgn}}(x)}}{{2}}$ for $x \\neq 0$.
3. $J = \\operatorname{{diag}}(s) - ss^T$

**3. Backprop.**
1. $\\nabla z = \\left(1,\\ 5,\\ {z1}\\right)$
2. $\\nabla z = \\left(x_2-4,\\ x_1,\\ \\frac{{2x_3e^{{x_3^2}}}}{{5x_4^2}},\\
   -\\frac{{2e^{{x_3^2}}}}{{5x_4^3}}\\right)$
3. $\\nabla z = \\left(2u e^{{u^2}},\\ 10u e^{{u^2}},\\ -x_3^{{-2}}\\right)$, $u = x_1 + 5x_2 + 15$

**5. Filtros.** k1: identidad. k2: desplaza la imagen un píxel. k3: bordes. k4: desenfoque.
"""


@pytest.mark.parametrize(("sigmoid", "z1", "verdicts"), [
    ("\\sigma(-x)", "-6x_3", ("correct", "correct")),
    ("\\sigma(x)", "6x_3", ("incorrect", "partial")),
])
def test_items_numbered_under_an_exercise_s_title_at_the_end(gradebook, tmp_path, sigmoid, z1,
                                                             verdicts):
    """"**3. Backprop.**" then 1., 2., 3.: each item answers that exercise's question of its
    number; the titles' words may be the spec's `labels:` ("Filtros")."""
    cell = ITEMS_UNDER_TITLES.format(sigmoid=sigmoid, z1=z1)
    style = {"answers": {**EMPTY, "z3": [], "kernels": [("md", KERNELS_LIST), ("md", cell)]}}
    parts = graded(gradebook, tmp_path, style)
    got = {p: parts[p].verdict for p in ("sigmoid_derivative_expr", "relu_derivative_expr",
                                         "softmax_jacobian_expr", "grad_z1", "grad_z2",
                                         "grad_z3")}
    assert got == {"sigmoid_derivative_expr": verdicts[0], "relu_derivative_expr": "correct",
                   "softmax_jacobian_expr": "correct", "grad_z1": verdicts[1],
                   "grad_z2": "correct", "grad_z3": "correct"}


def test_partials_of_a_function_that_is_none_of_the_exercise_s_go_to_a_person(gradebook,
                                                                               tmp_path):
    table = ("| | $\\frac{\\partial z}{\\partial x_1}$ | $\\frac{\\partial z}{\\partial x_2}$ |\n"
             "|---|---|---|\n| $z = x_1 x_4 + x_2^2$ | $x_4$ | $2x_2$ |\n"
             "| $z = x_1 + x_2$ | $1$ | $1$ |")
    parts = graded(gradebook, tmp_path, {"answers": {"z1": [("md", table)], "z2": [], "z3": []}})
    assert parts["grad_z2"].verdict == "needs_review"
    assert "matches none of this exercise's" in parts["grad_z2"].feedback


@pytest.mark.parametrize(("formula", "x3", "verdict"), [
    ("x1(x2 − 4) + exp(x3²)/5·x4²  (as Python reads it: (exp(x3²)/5)·x4²)",
     "(2/5)·x₃·x₄²·exp(x₃²)", "correct"),
    ("x1(x2 − 4) + exp(x3²)/(5x4²)", "2x₃·exp(x₃²)/(5x₄²)", "correct"),
    ("x1(x2 − 4) + exp(x3²)/(5x4²)", "x₃·exp(x₃²)/(5x₄²)", "partial"),
])
def test_a_block_under_either_reading_of_the_second_formula(gradebook, tmp_path, formula, x3,
                                                             verdict):
    """The spec lists both readings of the printed formula; a block of partials under
    either, restated among the exercise's answers at the end, answers the second part."""
    python = "(2/5)·x₄·exp(x₃²)" in x3 or "(2/5)·x₃·x₄²" in x3
    x4 = "(2/5)·x₄·exp(x₃²)" if python else "−2exp(x₃²)/(5x₄³)"
    cell = (f"**3. Backprop**\n\nz = {formula}:\n- ∂z/∂x₁ = x₂ − 4\n- ∂z/∂x₂ = x₁\n"
            f"- ∂z/∂x₃ = {x3}\n- ∂z/∂x₄ = {x4}\n")
    style = {"answers": {"z1": [], "z2": [], "z3": [], "kernels": [("md", KERNELS_LIST),
                                                                   ("md", cell)]}}
    assert graded(gradebook, tmp_path, style)["grad_z2"].verdict == verdict


def test_lettered_steps_of_one_answer_stay_with_it(gradebook, tmp_path):
    steps = ("(a) the local gradients: $1$, $5$ and $-6x_3$\n\n"
             r"(b) so $\frac{\partial z}{\partial x_1} = 1$, "
             r"$\frac{\partial z}{\partial x_2} = 5$, $\frac{\partial z}{\partial x_3} = -6x_3$")
    parts = graded(gradebook, tmp_path, {"answers": {"z1": [("md", steps)]}})
    assert parts["grad_z1"].verdict == "correct"


ALL_AT_THE_END = """## Answers

**{label}**

Two layers give $W_2(W_1x+b_1)+b_2 = {weight}x + W_2b_1 + b_2$, one layer with
$W = {weight}$ and $b = W_2b_1 + b_2$. By induction this holds for N layers.

**2. Sigmoid:** $\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$
"""
NOTHING_UNDER = {s: [] for s in ("collapse", "sigmoid", "relu", "softmax")}


@pytest.mark.parametrize(("label", "weight", "verdict"), [
    ("1. Linear activations", "W_2W_1", "correct"),
    ("Linear networks collapse:", "W_2W_1", "correct"),
    ("1. Linear activations", "W_1W_2", "incorrect"),
])
def test_the_first_exercise_answered_at_the_end_under_its_title(gradebook, tmp_path, label,
                                                                  weight, verdict):
    """A question alone in its exercise, with no name of its own, is labelled by the
    exercise's title; its segment ends at the next exercise's label."""
    cell = ALL_AT_THE_END.format(label=label, weight=weight)
    style = {"answers": {**NOTHING_UNDER, "kernels": [("md", KERNELS_LIST), ("md", cell)]}}
    parts = graded(gradebook, tmp_path, style)
    assert parts["two_layer_weight"].verdict == verdict, parts["two_layer_weight"].feedback
    assert parts["two_layer_bias"].verdict == "correct"
    proof = parts["collapse_proof"]
    assert proof.verdict == "pending_manual"
    assert proof.answer is not None and "induction" in proof.answer
    assert "Sigmoid" not in proof.answer
    assert parts["sigmoid_derivative_expr"].verdict == "correct"
    assert parts["kernel_effects"].verdict == "correct"


KERNELS_LIST = "- k1: identity\n- k2: shift\n- k3: edges\n- k4: blur"


MERGE = """def merge_layers(Ws, bs):
    W, b = Ws[0], bs[0]
    for Wk, bk in zip(Ws[1:], bs[1:]):
        W, b = Wk @ W, Wk @ b + {bias}
    return W, b"""
BY_PAIRS = """def {name}(layers):
    W, b = layers[0]
    for Wk, bk in layers[1:]:
        W, b = Wk @ W, Wk @ b + bk
    return W, b"""
APLICAR = """def aplicar_filtro(imagen, filtro):
    n, m = len(imagen) - 2, len(imagen[0]) - 2
    salida = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            salida[i, j] = np.{total}(np.array(imagen)[i:i+3, j:j+3] * np.array(filtro))
    return salida"""
STABLE = """def stable(z):
    e = np.exp(z - np.max(z))
    return e / e.{total}()"""


@pytest.mark.parametrize(("section", "code", "part", "verdict"), [
    # a function under the question, named otherwise, that behaves like the part's
    ("collapse", MERGE.format(bias="bk"), "collapse", "correct"),
    ("collapse", MERGE.format(bias="0"), "collapse", "incorrect"),
    ("kernels", APLICAR.format(total="sum"), "apply_kernel", "correct"),
    ("kernels", APLICAR.format(total="mean"), "apply_kernel", "incorrect"),
    ("softmax", STABLE.format(total="sum"), "softmax", "correct"),
    ("softmax", STABLE.format(total="max"), "softmax", "incorrect"),
    # the two arguments the other way round: graded that way when it is then right
    ("kernels", APLICAR.format(total="sum").replace("imagen, filtro", "filtro, imagen"),
     "apply_kernel", "correct"),
    ("kernels", APLICAR.format(total="mean").replace("imagen, filtro", "filtro, imagen"),
     "apply_kernel", "incorrect"),
    ("collapse", MERGE.format(bias="bk").replace("(Ws, bs)", "(bs, Ws)"), "collapse",
     "correct"),
    # one written for other parameters: a person reads it
    ("collapse", BY_PAIRS.format(name="collapse"), "collapse", "needs_review"),
    ("collapse", BY_PAIRS.format(name="collapse_network"), "collapse", "needs_review"),
    # the activation itself under its derivative's question, a plotting helper: no answer
    ("sigmoid", "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))", "sigmoid_derivative",
     "missing"),
    ("kernels", "def show(image, title):\n    print(title)", "apply_kernel", "missing"),
])
def test_a_function_under_its_question(gradebook, tmp_path, section, code, part, verdict):
    result = graded(gradebook, tmp_path, {"answers": {section: [("code", code)]}})[part]
    assert result.verdict == verdict, result.feedback


EN_ESPANOL = r"""## Respuestas

### Funciones lineales

Dos capas: $W_2(W_1x+b_1)+b_2$, o sea una capa con $W = {weight}$ y $b = W_2b_1 + b_2$.

**Sigmoide.** $f'(t) = f(t)\,(1-f(t))$

### Retropropagación

Primera función: $\frac{{\partial z}}{{\partial x_1}} = 1$,
$\frac{{\partial z}}{{\partial x_2}} = 5$, $\frac{{\partial z}}{{\partial x_3}} = {z1_x3}$

Segunda función: $\frac{{\partial z}}{{\partial x_1}} = x_2 - 4$,
$\frac{{\partial z}}{{\partial x_2}} = x_1$,
$\frac{{\partial z}}{{\partial x_3}} = \frac{{2x_3e^{{x_3^2}}}}{{5x_4^2}}$,
$\frac{{\partial z}}{{\partial x_4}} = -\frac{{2e^{{x_3^2}}}}{{5x_4^3}}$

Tercera función: $\frac{{\partial z}}{{\partial x_3}} = -\frac{{1}}{{x_3^2}}$
"""
NUMBERED = r"""## Answers

**Q1.** One layer with $W = {weight}$ and $b = W_2b_1 + b_2$, by induction.

**Q2.1 Sigmoid.** $\sigma'(x) = \sigma(x)(1 - \sigma(x))$

**Q3.**

(1) $z_{{x_1}} = 1$, $z_{{x_2}} = 5$, $z_{{x_3}} = {z1_x3}$

(2) $z_{{x_1}} = x_2 - 4$, $z_{{x_2}} = x_1$

(3) $z_{{x_3}} = -1/x_3^2$
"""
NOTHING_ANYWHERE = {s: [] for s in ("collapse", "sigmoid", "relu", "softmax", "z1", "z2",
                                   "z3", "puppy")}


@pytest.mark.parametrize("cell", [EN_ESPANOL, NUMBERED])
@pytest.mark.parametrize(("weight", "z1_x3", "verdicts"), [
    ("W_2W_1", "-6x_3", ("correct", "correct")),
    ("W_1W_2", "6x_3", ("incorrect", "partial")),
])
def test_answers_under_a_heading_of_their_own_after_the_last_question(
        gradebook, tmp_path, cell, weight, z1_x3, verdicts):
    """Sections titled in another language, numbered by exercise, or by ordinals: each
    answer reaches its part, right or wrong."""
    text = cell.format(weight=weight, z1_x3=z1_x3)
    style = {"answers": {**NOTHING_ANYWHERE, "kernels": [("md", KERNELS_LIST), ("md", text)]}}
    parts = graded(gradebook, tmp_path, style)
    got = (parts["two_layer_weight"].verdict, parts["grad_z1"].verdict)
    assert got == verdicts, [parts[p].feedback for p in ("two_layer_weight", "grad_z1")]
    assert parts["sigmoid_derivative_expr"].verdict == "correct"
    assert parts["kernel_effects"].verdict == "correct"


NUMBERED_ANSWERS = """Answers:

1. $f'(t) = \\frac{{e^{{-t}}}}{{(1+e^{{-t}})^2}}$
2. $f'(x) = {relu}$
3. $\\frac{{\\partial s_i}}{{\\partial z_j}} = s_i(\\delta_{{ij}} - s_j)$
"""


@pytest.mark.parametrize(("relu", "verdict"), [("H(x)", "correct"), ("1", "incorrect")])
def test_answers_numbered_after_the_exercise_s_questions(gradebook, tmp_path, relu, verdict):
    """Nothing under the first two questions, a list numbered 1 to 3 after the third:
    each item answers its question."""
    cell = NUMBERED_ANSWERS.format(relu=relu)
    style = {"answers": {"sigmoid": [], "relu": [], "softmax": [("md", cell)]}}
    parts = graded(gradebook, tmp_path, style)
    assert parts["relu_derivative_expr"].verdict == verdict, parts["relu_derivative_expr"]
    assert parts["sigmoid_derivative_expr"].verdict == "correct"
    assert parts["softmax_jacobian_expr"].verdict == "correct"


def test_numbered_steps_under_one_question_stay_its_own(gradebook, tmp_path):
    steps = ("1. Write $s = \\frac{1}{1+e^{-x}}$.\n2. Differentiate: "
             "$\\frac{e^{-x}}{(1+e^{-x})^2}$.\n3. So $\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$.")
    style = {"answers": {"sigmoid": [("md", steps)], "relu": [], "softmax": []}}
    parts = graded(gradebook, tmp_path, style)
    assert parts["sigmoid_derivative_expr"].verdict == "correct"
    assert parts["relu_derivative_expr"].verdict == "missing"
