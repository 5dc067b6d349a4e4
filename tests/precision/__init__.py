"""Answer tables written as classes of answers, shared by the tests and bench/precision.py.

Each table is rows of (part, answer, expected): "right" must earn full credit, "wrong" must
not, "review" must go to a person. Rows are generated per class (near-misses of each kind),
with the issue's own examples among them.
"""
