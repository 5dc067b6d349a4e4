"""Reference solution: an N-layer network with linear activations is one affine layer.

Layer k computes h_k = W_k h_{k-1} + b_k.  Composing two layers gives
W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2), and induction carries this to N layers.
"""

from __future__ import annotations

import numpy as np


def collapse(weights, biases):
    W = np.eye(np.asarray(weights[0]).shape[1])
    b = np.zeros(W.shape[0])
    for Wk, bk in zip(weights, biases, strict=True):
        Wk = np.asarray(Wk, dtype=float)
        W = Wk @ W
        b = Wk @ b + np.asarray(bk, dtype=float)
    return W, b


def random_network(rng: np.random.Generator) -> tuple:
    """A random non-square network of depth 1 to 6, as the grader's test input."""
    depth = int(rng.integers(1, 7))
    sizes = [int(n) for n in rng.integers(1, 6, size=depth + 1)]
    weights = [rng.normal(size=(sizes[k + 1], sizes[k])) for k in range(depth)]
    biases = [rng.normal(size=sizes[k + 1]) for k in range(depth)]
    return (weights, biases)


# Misconception: the collapsed weights are just W_N, and the biases disappear.
def collapse_last_layer_only(weights, biases):
    W = np.asarray(weights[-1], dtype=float)
    return W, np.zeros(W.shape[0])


def collapse_without_biases(weights, biases):
    W, _ = collapse(weights, biases)
    return W, np.zeros(W.shape[0])


TWO_LAYER_WEIGHT = "W2*W1"
TWO_LAYER_BIAS = "W2*b1 + b2"

COLLAPSE_PROOF = r"""
Two layers: $h_2 = W_2(W_1 x + b_1) + b_2 = (W_2 W_1)x + (W_2 b_1 + b_2)$, which is one
affine layer with weight $W_2 W_1$ and bias $W_2 b_1 + b_2$.

Induction: if the first $k$ layers equal one layer $(\tilde W_k, \tilde b_k)$, then adding
layer $k+1$ gives $W_{k+1}(\tilde W_k x + \tilde b_k) + b_{k+1}$, again one affine layer with
$\tilde W_{k+1} = W_{k+1}\tilde W_k$ and $\tilde b_{k+1} = W_{k+1}\tilde b_k + b_{k+1}$.
So N layers collapse to $W = W_N \cdots W_1$ and $b = \sum_k W_N \cdots W_{k+1} b_k$.
"""
