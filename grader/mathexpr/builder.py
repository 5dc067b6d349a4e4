"""Build sympy objects from a whitelisted Python AST.

This is the security boundary: student text is never evaluated. Only the node
types below are accepted, calls go only to the closed function table, and
literals are bounded; every subexpression built is also bounded by the value it
denotes after sympy's folding (size.py), so that sympy is never handed something huge.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field

import sympy

from .functions import lookup
from .names import SymbolTable
from .size import Sizer, TooLarge
from .source import InputError, Mapped

MAX_NODES = 400
MAX_DEPTH = 60
MAX_EXPONENT = 100
MAX_LITERAL = 10**15
MAX_NUMBER_BITS = 1400  # about 420 decimal digits

_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
NO_VALUE = frozenset({"undefined", "undef", "nan", "dne"})
SUM_RANGE = sympy.Symbol("n", integer=True, positive=True)
"""How far a part's sums run: as many values as its indices take (numeric.py sets it)."""
TRANSPOSE = frozenset({"T", "top", "intercal"})
"""`W^T`, `W^\\top`: a transpose, when the base is a matrix and T names nothing else."""
_COMPARE = {
    ast.Lt: sympy.StrictLessThan,
    ast.LtE: sympy.LessThan,
    ast.Gt: sympy.StrictGreaterThan,
    ast.GtE: sympy.GreaterThan,
    ast.Eq: sympy.Eq,
    ast.NotEq: sympy.Ne,
}

_RELATION_CALLS = {
    "Eq": sympy.Eq, "Ne": sympy.Ne, "Lt": sympy.Lt, "Le": sympy.Le, "Gt": sympy.Gt,
    "Ge": sympy.Ge,
}
_LOGIC = {"And": sympy.And, "Or": sympy.Or, "Not": sympy.Not}


@dataclass
class BuildResult:
    expr: sympy.Basic
    unknown: dict[str, int] = field(default_factory=dict)  # unknown plain names -> offset
    called: dict[str, int] = field(default_factory=dict)  # unknown called names -> offset


class Builder:
    """One walk over one AST; collects unknown names instead of failing at once."""

    def __init__(self, source: Mapped, table: SymbolTable) -> None:
        self.source = source
        self.table = table
        self.unknown: dict[str, int] = {}
        self.called: dict[str, int] = {}
        self.bound: list[str] = []
        """Sum indices of the sums being built around the current node."""
        self.sizer = Sizer()

    def offset(self, node: ast.AST) -> int:
        return self.source.where(getattr(node, "col_offset", 0))

    def fail(self, node: ast.AST, message: str) -> InputError:
        return InputError(message, self.offset(node))

    def expr(self, node: ast.AST, depth: int = 0) -> sympy.Basic:
        if depth > MAX_DEPTH:
            raise self.fail(node, "the expression is nested too deeply")
        if isinstance(node, ast.BinOp):
            return self._binop(node, depth)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            value = self.expr(node.operand, depth + 1)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        if isinstance(node, ast.IfExp):  # `1 if x > 0 else 0`: Python's spelling of cases
            return self._checked(node, sympy.Piecewise(
                (self.expr(node.body, depth + 1), self.condition(node.test, depth + 1)),
                (self.expr(node.orelse, depth + 1), True)))
        if isinstance(node, ast.Compare | ast.BoolOp):
            raise self.fail(node, "a comparison can only appear as a condition inside Piecewise")
        if isinstance(node, ast.Tuple):
            raise self.fail(node, "unexpected ','; a comma only separates function arguments")
        raise self.fail(node, "this part is not a mathematical expression")

    def _checked(self, node: ast.AST, value: sympy.Basic) -> sympy.Basic:
        if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            raise self.fail(node, "this divides by zero or is undefined")
        if isinstance(value, sympy.Rational) and max(
            abs(value.p).bit_length(), value.q.bit_length()
        ) > MAX_NUMBER_BITS:
            raise self.fail(node, "a number here is too large")
        try:
            self.sizer.check(value)
        except TooLarge as exc:
            raise self.fail(node, f"this is too expensive to check: {exc}") from None
        return value

    def _binop(self, node: ast.BinOp, depth: int) -> sympy.Basic:
        left = self.expr(node.left, depth + 1)
        if isinstance(node.op, ast.Pow) and self._is_transpose(node.right):
            if left.is_commutative:
                raise self.fail(node, "^T transposes a matrix; this is a number")
            return self._checked(node, sympy.transpose(left))
        right = self.expr(node.right, depth + 1)
        if isinstance(node.op, ast.MatMult):
            if left.is_commutative and right.is_commutative:
                raise self.fail(node, "@ multiplies matrices; for numbers use *")
            return self._checked(node, left * right)
        if isinstance(node.op, ast.Pow):
            return self._checked(node, self._power(node, left, right))
        op = _BINOPS.get(type(node.op))
        if op is None:
            raise self.fail(node, "this operator is not allowed; use + - * / ^")
        return self._checked(node, op(left, right))

    def _is_transpose(self, node: ast.AST) -> bool:
        return (isinstance(node, ast.Name) and node.id in TRANSPOSE
                and self.table.resolve(node.id) is None)

    def _power(self, node: ast.BinOp, base: sympy.Basic, exponent: sympy.Basic) -> sympy.Basic:
        if exponent.is_Number:
            if abs(exponent) > MAX_EXPONENT:
                raise InputError(
                    f"the exponent is too large (at most {MAX_EXPONENT})", self.offset(node.right)
                )
            if base.is_Number and base != 0:
                size = float(abs(exponent)) * math.log10(float(abs(base)) + 1e-300)
                if abs(size) > 400:
                    raise self.fail(node, "this power is too large a number")
        return base**exponent

    def _constant(self, node: ast.Constant) -> sympy.Basic:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(node, "only numbers are allowed here")
        if isinstance(value, float):
            if not math.isfinite(value) or abs(value) > MAX_LITERAL:
                raise self.fail(node, "this number is too large")
            return sympy.Rational(repr(value))
        if abs(value) > MAX_LITERAL:
            raise self.fail(node, "this number is too large")
        return sympy.Integer(value)

    def _name(self, node: ast.Name) -> sympy.Basic:
        name = node.id
        if name.startswith("_") or "__" in name:
            raise self.fail(node, f"the name {name!r} is not allowed")
        value = self.table.resolve(name)
        if value is not None:
            self._check_bound(node, value)
            return value
        if lookup(name) is not None:
            raise self.fail(node, f"{name} is a function; write it with an argument, {name}(...)")
        self.unknown.setdefault(name, self.offset(node))
        return sympy.Symbol(name, real=True)

    def _call(self, node: ast.Call, depth: int) -> sympy.Basic:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only named functions such as exp(...) can be called")
        name = node.func.id
        if node.keywords:
            raise self.fail(node, "keyword arguments are not allowed")
        if any(isinstance(arg, ast.Starred) for arg in node.args):
            raise self.fail(node, "this kind of argument is not allowed")
        if name.startswith("_"):
            raise self.fail(node, f"the name {name!r} is not allowed")
        if name in ("Sum", "sum"):
            return self._sum(node, depth)
        spec = lookup(name)
        if spec is None:
            return self._unknown_call(node, name, depth)
        count = len(node.args)
        if count < spec.min_args or (spec.max_args is not None and count > spec.max_args):
            raise self.fail(node, f"{name}(...) takes a different number of arguments")
        if spec.name == "Piecewise":
            args = [p for arg in node.args if (p := self._piece(arg, depth + 1)) is not None]
            if not args:
                raise self.fail(node, "every case of this Piecewise is undefined")
        else:
            args = [self.expr(arg, depth + 1) for arg in node.args]
        try:
            return self._checked(node, spec.build(args))
        except (TypeError, ValueError) as exc:
            raise self.fail(node, f"{name}(...) cannot take these arguments") from exc

    def _unknown_call(self, node: ast.Call, name: str, depth: int) -> sympy.Basic:
        if len(node.args) != 1:
            raise self.fail(node, f"unknown function {name!r}")
        self.called.setdefault(name, self.offset(node))
        return sympy.Function(name)(self.expr(node.args[0], depth + 1))

    def _piece(self, node: ast.AST, depth: int) -> tuple[sympy.Basic, sympy.Basic] | None:
        """(value, condition); None for a case whose value is "undefined" (or sympy's nan):
        no value there, as if the case were left out."""
        if not isinstance(node, ast.Tuple) or len(node.elts) != 2:
            raise self.fail(node, "each Piecewise argument must be a pair (value, condition)")
        value = node.elts[0]
        condition = self.condition(node.elts[1], depth + 1)
        if isinstance(value, ast.Name) and value.id.lower() in NO_VALUE and (
                self.table.resolve(value.id) is None):
            return None
        return self.expr(value, depth + 1), condition

    def _check_bound(self, node: ast.AST, value: sympy.Basic) -> None:
        """A sum's index (k, s_k) means nothing outside its sum."""
        if not isinstance(value, sympy.Symbol):
            return
        for index in self.table.sums:
            named = value.name == index or value.name.endswith(f"_{index}")
            if named and index not in self.bound:
                raise self.fail(node, f"{value.name} is used outside a sum over {index}")

    def _sum(self, node: ast.Call, depth: int) -> sympy.Basic:
        """Sum(term, k): over an index the part declares for sums, across its whole range."""
        if len(node.args) != 2 or not isinstance(node.args[1], ast.Name):
            raise self.fail(node, "write a sum as Sum(term, k) with its index k")
        name = node.args[1].id
        if name not in self.table.sums:
            raise self.fail(node.args[1], f"this part does not sum over {name!r}")
        index = self.table.resolve(name)
        self.bound.append(name)
        try:
            term = self.expr(node.args[0], depth + 1)
        finally:
            self.bound.pop()
        return self._checked(node, sympy.Sum(term, (index, 1, SUM_RANGE)))

    def condition(self, node: ast.AST, depth: int) -> sympy.Basic:
        if depth > MAX_DEPTH:
            raise self.fail(node, "the condition is nested too deeply")
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return sympy.true if node.value else sympy.false
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(v, depth + 1) for v in node.values]
            return sympy.And(*parts) if isinstance(node.op, ast.And) else sympy.Or(*parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return sympy.Not(self.condition(node.operand, depth + 1))
        if isinstance(node, ast.Compare):
            return self._compare(node, depth)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            return self._condition_call(node, node.func.id, depth)
        raise self.fail(node, "expected a condition such as x < 0")

    def _condition_call(self, node: ast.Call, name: str, depth: int) -> sympy.Basic:
        """The spellings of conditions in sympy's own ``str`` output: Eq(x, 0), And(...)."""
        if name in _LOGIC:
            return _LOGIC[name](*(self.condition(a, depth + 1) for a in node.args))
        relation = _RELATION_CALLS.get(name)
        if relation is None or len(node.args) != 2:
            raise self.fail(node, "expected a condition such as x < 0")
        return relation(self.expr(node.args[0], depth + 1), self.expr(node.args[1], depth + 1))

    def _compare(self, node: ast.Compare, depth: int) -> sympy.Basic:
        terms = [self.expr(node.left, depth + 1)]
        terms += [self.expr(c, depth + 1) for c in node.comparators]
        parts = []
        for k, op in enumerate(node.ops):
            relation = _COMPARE.get(type(op))
            if relation is None:
                raise self.fail(node, "this comparison is not allowed")
            parts.append(relation(terms[k], terms[k + 1]))
        return sympy.And(*parts)


def count_nodes(tree: ast.AST) -> int:
    return sum(1 for node in ast.walk(tree) if isinstance(node, ast.expr))


def build(source: Mapped, table: SymbolTable) -> BuildResult:
    """Parse strict Python text (from the lexer) and build its sympy expression."""
    try:
        tree = ast.parse(source.text, mode="eval")
    except SyntaxError as exc:
        column = (exc.offset or 1) - 1
        at_end = column >= len(source.text.rstrip())
        message = "the expression ends too early" if at_end else "this is not a valid expression"
        raise InputError(message, source.where(column)) from None
    except (ValueError, RecursionError, MemoryError):
        raise InputError("this is not a valid expression", None) from None
    if count_nodes(tree) > MAX_NODES:
        raise InputError("the expression is too long", None)
    builder = Builder(source, table)
    value = builder.expr(tree.body)
    return BuildResult(value, builder.unknown, builder.called)
