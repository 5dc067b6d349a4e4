"""Reference solution: derivatives of sigmoid, ReLU and softmax."""

from __future__ import annotations

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def sigmoid_derivative(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def sigmoid_derivative_bounds(x):
    value = sigmoid_derivative(x)
    return value, value


def relu_derivative(x):
    return (np.asarray(x, dtype=float) > 0).astype(float)


def relu_derivative_bounds(x):
    """At the kink any subgradient in [0, 1] is a right answer."""
    x = np.asarray(x, dtype=float)
    return (x > 0).astype(float), (x >= 0).astype(float)


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def softmax_jacobian(z):
    s = softmax(z)
    return np.diag(s) - np.outer(s, s)


# Misconceptions, recognised by behaviour.
def softmax_without_exp(z):
    z = np.asarray(z, dtype=float)
    return z / z.sum()


def softmax_unstable(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum()


def softmax_jacobian_diagonal_only(z):
    s = softmax(z)
    return np.diag(s * (1.0 - s))


def softmax_jacobian_transposed_sign(z):
    s = softmax(z)
    return np.outer(s, s) - np.diag(s)


def sigmoid_derivative_plus(x):
    s = sigmoid(x)
    return s * (1.0 + s)


def sigmoid_derivative_of_input(x):
    x = np.asarray(x, dtype=float)
    return x * (1.0 - x)


def relu_derivative_reversed(x):
    return (np.asarray(x, dtype=float) <= 0).astype(float)


SIGMOID_DERIVATIVE_EXPR = "sigmoid(x)*(1 - sigmoid(x))"
RELU_DERIVATIVE_EXPR = "Heaviside(x)"
SOFTMAX_JACOBIAN_EXPR = "s_i*(KroneckerDelta(i, j) - s_j)"
