"""Dict answers, by class: every unambiguous spelling of the keys, right and wrong values
under them, two spellings of one key, keys not understood."""

from __future__ import annotations

from typing import Any

from tests.precision import Row, flatten

RIGHT_Z1 = {"1": "1", "2": "5", "3": "-6*x3"}
SPELLINGS = ["x{n}", "x_{n}", "x_{{{n}}}", "X{n}", "dz/dx{n}", "dz_dx{n}", "dzdx{n}", "{n}",
             r"\frac{{\partial z}}{{\partial x_{n}}}", "∂z/∂x{n}"]
KERNELS = {"1": "identity", "2": "shifts the image by one pixel", "3": "Laplacian edge detector",
           "4": "box blur"}
KERNEL_SPELLINGS = ["k{n}", "K{n}", "kernel{n}", "kernel {n}", "Kernel_{n}", "filter {n}", "{n}"]


def spelled(values: dict[str, Any], form: str) -> dict[Any, Any]:
    return {form.format(n=n): v for n, v in values.items()}


def grad_keys() -> list[Row]:
    rows: list[Row] = [("grad_z1", spelled(RIGHT_Z1, form), "right") for form in SPELLINGS]
    rows.append(("grad_z1", {int(n): v for n, v in RIGHT_Z1.items()}, "right"))
    rows += [("grad_z1", spelled({**RIGHT_Z1, "3": "-3*x3"}, form), "wrong")
             for form in SPELLINGS[:6]]
    return rows


def kernel_keys() -> list[Row]:
    rows: list[Row] = [("kernel_effects", spelled(KERNELS, form), "right")
                       for form in KERNEL_SPELLINGS]
    rows.append(("kernel_effects", {int(n): v for n, v in KERNELS.items()}, "right"))
    rows += [("kernel_effects", spelled({**KERNELS, "2": "an edge detector"}, form), "wrong")
             for form in KERNEL_SPELLINGS[:4]]
    return rows


def twice() -> list[Row]:
    """Two keys read as one: a person decides which counts, whichever comes first."""
    rows: list[Row] = []
    for stale, fresh in (("-3*x3", "-6*x3"), ("-6*x3", "-3*x3"), ("-6*x3", "-6x_3")):
        rows.append(("grad_z1", {"x1": "1", "x2": "5", "x3": fresh, "x_3": stale}, "review"))
        rows.append(("grad_z1", {"x1": "1", "x2": "5", "x_3": stale, "dz/dx3": fresh},
                     "review"))
    rows.append(("grad_z1", {"x1": "1", "x2": "5", "x3": "-6*x3", "x_3": "-6*x3"}, "right"))
    rows.append(("kernel_effects", {"k1": "identity", "k2": "a shift", "k3": "edges",
                                    "k4": "box blur", "kernel 4": "sharpens"}, "review"))
    return rows


def unknown_keys() -> list[Row]:
    """A key that means none of the part's is named; a non-empty dict is never "missing"."""
    return [
        ("grad_z1", {"dz/dx": "1", "dz/dy": "5"}, "wrong"),
        ("grad_z1", {"a": "1", "b": "5", "c": "-6*x3"}, "wrong"),
        ("kernel_effects", {"first": "identity", "second": "shift"}, "wrong"),
        ("grad_z1", {"x1": "1", "x2": "5", "x3": "-6*x3", "x4": "0"}, "right"),
    ]


CLASSES = {
    "derivative keys in every spelling": grad_keys(),
    "kernel keys in every spelling": kernel_keys(),
    "one key answered twice": twice(),
    "keys not understood": unknown_keys(),
}


def rows() -> list[tuple[str, str, Any, str]]:
    return flatten(CLASSES)
