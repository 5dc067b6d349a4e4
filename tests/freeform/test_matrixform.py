"""A Jacobian written as a matrix of the output vector, read entry by entry."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.matrixform import entrywise, written_out

OUTPUTS = {"s", "S", "sigma", "p", "y", "softmax"}
ENTRY = r"s_{i}\delta_{ij} - s_{i} s_{j}"
ROWS = [
    # (matrix as written, its entry (i, j), or None: left for a person)
    (r"\text{diag}(s) - ss^T", ENTRY),
    (r"diag(s) - s s^\top", ENTRY),
    (r"\operatorname{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^{T}", ENTRY),
    (r"diag(s) - s \cdot s^T", ENTRY),
    (r"\mathrm{diag}\left(s\right) - s s^{\top}", ENTRY),
    (r"\text{diag}(\sigma(z)) - \sigma(z)\sigma(z)^T",
     r"\sigma_{i}\delta_{ij} - \sigma_{i} \sigma_{j}"),
    # wrong matrices are read as written, to be graded wrong
    (r"diag(s) + ss^T", r"s_{i}\delta_{ij} + s_{i} s_{j}"),
    (r"ss^T - diag(s)", r"s_{i} s_{j} - s_{i}\delta_{ij}"),
    (r"diag(s) - 2 s s^T", r"s_{i}\delta_{ij} - 2 s_{i} s_{j}"),
    # the logits, not the outputs; an inner product; a product of matrices; other names
    (r"diag(z) - zz^T", None),
    (r"diag(s) - s^Ts", None),
    (r"diag(s) ss^T", None),
    (r"diag(s)(I - 1s^T)", None),
    (r"diag(s) - sy^T", None),
    (r"\text{diag}(s) - ss^T + z", None),
    (r"s_i(\delta_{ij} - s_j)", None),
]


@pytest.mark.parametrize(("matrix", "entry"), ROWS, ids=[r[0] for r in ROWS])
def test_a_matrix_of_the_output_vector_entry_by_entry(matrix, entry):
    assert entrywise(matrix, OUTPUTS.__contains__) == entry


THREE = (r"\begin{pmatrix} s_1(1-s_1) & -s_1s_2 & -s_1s_3 \\ -s_2s_1 & s_2(1-s_2) & -s_2s_3 "
         r"\\ -s_3s_1 & -s_3s_2 & s_3(1-s_3) \end{pmatrix}")
WRITTEN_OUT = [
    # (matrix as written, (diagonal entries, the others) in i and j, or None)
    (THREE, (["s_{i}(1-s_{i})"] * 3, ["-s_{i}s_{j}"] * 6)),
    (r"\begin{bmatrix} y_{1}(1-y_{1}) & -y_{1}y_{2} \\ -y_{2}y_{1} & y_{2}(1-y_{2}) \end{bmatrix}",
     (["y_{i}(1-y_{i})"] * 2, ["-y_{i}y_{j}"] * 2)),
    # an output of another number in an entry, a name that is not an output, not square
    (r"\begin{pmatrix} s_1(1-s_1) & -s_1s_3 \\ -s_2s_1 & s_2(1-s_2) \end{pmatrix}", None),
    (r"\begin{pmatrix} z_1 & z_2 \\ z_1 & z_2 \end{pmatrix}", None),
    (r"\begin{pmatrix} s_1 & s_2 \end{pmatrix}", None),
    (r"\text{diag}(s) - ss^T", None),
]


@pytest.mark.parametrize(("matrix", "entries"), WRITTEN_OUT, ids=[r[0][:40] for r in WRITTEN_OUT])
def test_a_jacobian_written_out_entry_by_entry(matrix, entries):
    assert written_out(matrix, OUTPUTS.__contains__) == entries
