"""Reference solution: partial derivatives of the three backprop formulas.

z2 is printed as ``exp(x3^2) / 5*x4^2`` in the homework.  Students read it as
exp(x3^2) / (5*x4^2); the literal Python reading is (exp(x3^2)/5) * x4^2.  Both are
accepted; GRAD_Z2_LITERAL holds the second reading.
"""

GRAD_Z1 = {
    "x1": "1",
    "x2": "5",
    "x3": "-6*x3",
}

GRAD_Z2 = {
    "x1": "x2 - 4",
    "x2": "x1",
    "x3": "2*x3*exp(x3**2)/(5*x4**2)",
    "x4": "-2*exp(x3**2)/(5*x4**3)",
}

GRAD_Z2_LITERAL = {
    "x1": "x2 - 4",
    "x2": "x1",
    "x3": "2*x3*exp(x3**2)*x4**2/5",
    "x4": "2*exp(x3**2)*x4/5",
}

GRAD_Z3 = {
    "x1": "2*(x1 + 5*(x2 + 3))*exp((x1 + 5*(x2 + 3))**2)",
    "x2": "10*(x1 + 5*(x2 + 3))*exp((x1 + 5*(x2 + 3))**2)",
    "x3": "-1/x3**2",
}
