"""A Jacobian written as a matrix of the output vector, read entry by entry."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.matrixform import entrywise

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
