"""The one JSON encoding for values that cross the sandbox boundary.

Both sides use this file: the grader imports it as ``grader.sandbox.plain``
and the child process loads it by path before any student code runs, so it
must only need the standard library and (optionally) numpy.

Encoding runs in the child on hostile objects. It therefore never calls
``__eq__``, ``__float__``, ``__array__`` or ``tolist`` of a student type; it
reads values through the base classes' own C methods, captured when this
module is imported, and any failure turns the value into an ``Opaque``.
Decoding runs in the grader on hostile data. It only builds values from
validated JSON and never imports, evaluates or calls anything named in it.

It is also how a student bundle ships the values its checks read (grader.values), so
the grader has one tagged form for values in JSON.

Wire format (documented here because both sides depend on it):

* ``None``, ``bool``, ``int``, ``float`` (``NaN``/``Infinity`` allowed), ``str``:
  as JSON.
* ``{"__complex__": [re, im]}``: a Python complex number.
* ``{"__ndarray__": nested list, "dtype": name, "shape": [...]}``: a numpy array
  of a numeric or bool dtype; complex elements are ``[re, im]`` pairs.  With
  ``"scalar": true`` it was a numpy scalar and decodes to the matching Python
  scalar (``float``, ``int``, ``bool``, ``complex``), because graders compare
  scalars, and a 0-d array behaves badly in ``isinstance`` checks.
* ``{"__tuple__": [...]}``, JSON lists, JSON objects for dicts with str keys;
  a dict whose keys collide with a marker is wrapped as ``{"__dict__": {...}}``;
  a dict with int keys (some or all) as ``{"__items__": [[key, value], ...]}``, because
  students key answers by number too (``{1: "identity", ...}``).
* ``{"__sympy__": str(obj)}`` -> ``SympyText``; the text is never parsed here. With
  ``"commutative": bool`` when the object says whether it is commutative: sympy prints a
  product of commutative symbols in its own order, whatever order the student wrote.
* ``{"__function__": name}`` -> ``FunctionRef``.
* ``{"__opaque__": type name, "repr": first 200 chars}`` -> ``Opaque``.
"""

from __future__ import annotations

import builtins as _builtins
import contextlib
import json as _json_module
from dataclasses import dataclass, field
from typing import Any

try:  # the C accelerators cannot be patched in place, unlike json's module globals
    from _json import encode_basestring_ascii as _quote
except ImportError:  # pragma: no cover - CPython always has _json
    _quote = _json_module.encoder.py_encode_basestring_ascii

try:  # the C encoder, made once at import: a notebook cannot patch it (json's module can)
    from _json import make_encoder as _c_make_encoder
    _make_encoder: Any = _c_make_encoder
except ImportError:  # pragma: no cover - CPython always has _json
    _make_encoder = None

try:
    import numpy as _np
except ImportError:  # pragma: no cover - numpy is a dependency
    _np = None  # type: ignore[assignment]

# Student code can replace attributes of the ``builtins`` module. Copying the
# ones used here into this module's globals makes the lookups below resolve
# to the originals, whatever the notebook does afterwards.
_PINNED = (
    "isinstance", "type", "len", "repr", "str", "int", "float", "bool", "list", "tuple",
    "dict", "callable", "getattr", "complex", "slice", "ValueError", "TypeError",
    "Exception", "StopIteration", "set", "frozenset",
)
globals().update({_n: getattr(_builtins, _n) for _n in _PINNED})

MAX_DEPTH = 64
MAX_ELEMENTS = 500_000
MAX_CHARS = 4_000_000
REPR_CHARS = 200
MAX_REPLY_BYTES = 4 * 1024 * 1024
"""The largest frame the grader accepts from a child (channel.py); the child fits every
reply within it and the limits below (``Room``)."""
MAX_OBJECTS = 500_000
"""The most values (containers, keys, scalars) one JSON document may decode to. Bytes
alone do not bound memory: `[[],[],...]` builds twenty times its size in lists."""
MAX_NESTING = 4 * MAX_DEPTH
"""How deeply one JSON document may nest: a reply wraps a value, whose arrays nest within
its own depth."""

MARKERS = frozenset(
    {"__ndarray__", "__tuple__", "__sympy__", "__function__", "__opaque__", "__complex__",
     "__dict__", "__items__"}
)
MAX_KEY_BITS = 64
"""An int key larger than this makes its dict opaque: keys are labels, not data."""
_NDARRAY_KEYS = frozenset({"__ndarray__", "dtype", "shape", "scalar"})
_DTYPES = frozenset(
    {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
     "float16", "float32", "float64", "float128", "complex64", "complex128", "complex256"}
)


@dataclass(frozen=True)
class SympyText:
    """A sympy object as its ``str`` text; the grader parses it with its own safe parser."""

    text: str
    commutative: bool | None = field(default=None, compare=False)
    """What the object said of itself (None: not said): how to read the text, not part of
    the value, so two objects that print alike are equal."""


@dataclass(frozen=True)
class FunctionRef:
    """A callable the student defined; call it through the session by name."""

    name: str


@dataclass(frozen=True)
class Opaque:
    """A value that has no plain form (or was too big, or failed to convert)."""

    type_name: str
    repr: str


class PlainError(ValueError):
    """Data that does not follow the wire format; ``where`` says which part."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(f"{message} at {where or 'top level'}")
        self.where = where


# ---------------------------------------------------------------- encoding


class _Budget:
    """How many more elements and characters one value may still send."""

    __slots__ = ("elements", "chars")

    def __init__(self, elements: int, chars: int) -> None:
        self.elements = elements
        self.chars = chars


_float_repr = float.__repr__
_int_repr = int.__repr__
_complex_real = complex.real.__get__
_complex_imag = complex.imag.__get__
_list_slice = list.__getitem__
_tuple_slice = tuple.__getitem__
_dict_items = dict.items
_str_copy = str.__str__
_int_copy = int.__int__
_float_copy = float.__float__
_ALL = slice(None)
if _np is not None:
    _np_array = _np.array
    _np_stack = _np.stack
    _ndarray = _np.ndarray
    _np_generic = _np.generic
    _view = _np.ndarray.view
    _tolist = _np.ndarray.tolist
    _real = _np.ndarray.real.__get__
    _imag = _np.ndarray.imag.__get__
    _FLOAT64 = _np.dtype("float64")
    _DTYPE_NAMES: dict[Any, str] = {}
    """Native dtypes by their name, looked up without numpy's Python-level `dtype.name`:
    a call's value is encoded on each side of the pipe, a hundred per notebook."""
    for _name in _DTYPES:
        with contextlib.suppress(TypeError):  # float128 and complex256 are platform types
            _DTYPE_NAMES[_np.dtype(_name)] = _name
    del _name


def opaque(obj: object, note: str | None = None) -> dict[str, str]:
    """Describe ``obj`` without trusting it; ``note`` replaces the repr when given."""
    try:
        name = type(obj).__qualname__
        if type(name) is not str:
            name = "?"
    except Exception:
        name = "?"
    if note is None:
        try:
            text = repr(obj)
            note = _str_copy(text) if isinstance(text, str) else "<repr failed>"
        except Exception:
            note = "<repr failed>"
    return {"__opaque__": name[:REPR_CHARS], "repr": note[:REPR_CHARS]}


def to_plain(obj: object, max_elements: int = MAX_ELEMENTS, max_chars: int = MAX_CHARS) -> Any:
    """Convert ``obj`` to JSON-ready data; never raises an ``Exception``."""
    return _encode(obj, _Budget(max_elements, max_chars), 0)


def _encode(obj: object, budget: _Budget, depth: int) -> Any:
    try:
        return _encode_unsafe(obj, budget, depth)
    except Exception:
        return opaque(obj, "<conversion failed>")


def _encode_unsafe(obj: object, budget: _Budget, depth: int) -> Any:
    kind = type(obj)
    if obj is None or kind is bool:
        return obj
    budget.elements -= 1
    if depth > MAX_DEPTH:
        return opaque(obj, "<nested too deeply>")
    if budget.elements < 0:
        return opaque(obj, "<too large>")
    if _np is not None and isinstance(obj, (_ndarray, _np_generic)):
        return _encode_array(obj, budget)
    if isinstance(obj, int) and not isinstance(obj, bool):
        value = _int_copy(obj)
        return value if value.bit_length() <= 8000 else opaque(obj, "<integer too large>")
    if isinstance(obj, float):
        return _float_copy(obj)
    if isinstance(obj, str):
        text = _str_copy(obj)
        budget.chars -= len(text)
        return text if budget.chars >= 0 else opaque(obj, "<string too long>")
    if isinstance(obj, complex):
        return {"__complex__": [_complex_real(obj), _complex_imag(obj)]}
    if isinstance(obj, list):
        items = _list_slice(obj, _ALL)
        if len(items) > budget.elements:  # settled before walking a million items
            return opaque(obj, "<too large>")
        return [_encode(item, budget, depth + 1) for item in items]
    if isinstance(obj, tuple):
        members = _tuple_slice(obj, _ALL)
        if len(members) > budget.elements:
            return opaque(obj, "<too large>")
        return {"__tuple__": [_encode(item, budget, depth + 1) for item in members]}
    if isinstance(obj, dict):
        return _encode_dict(obj, budget, depth)
    if kind is SympyText:  # the grader sends symbolic arguments this way
        return {"__sympy__": obj.text}  # type: ignore[attr-defined]
    if kind is FunctionRef:
        return {"__function__": obj.name}  # type: ignore[attr-defined]
    module = getattr(kind, "__module__", None)
    if isinstance(module, str) and module.startswith("sympy"):
        text = str(obj)
        if not isinstance(text, str) or len(text) > budget.chars:
            return opaque(obj, "<sympy text unavailable>")
        budget.chars -= len(text)
        flag = getattr(obj, "is_commutative", None)
        if type(flag) is bool:
            return {"__sympy__": _str_copy(text), "commutative": flag}
        return {"__sympy__": _str_copy(text)}
    if callable(obj):
        name = getattr(obj, "__name__", None)
        return {"__function__": _str_copy(name) if isinstance(name, str) else "?"}
    return opaque(obj)


def _encode_dict(obj: dict[Any, Any], budget: _Budget, depth: int) -> Any:
    pairs = list(_dict_items(obj))
    if len(pairs) > budget.elements:
        return opaque(obj, "<too large>")
    if not all(type(key) is str for key, _ in pairs):
        if not all(type(key) is str or (type(key) is int and _int_copy(key).bit_length()
                                        <= MAX_KEY_BITS) for key, _ in pairs):
            return opaque(obj)
        return {"__items__": [[_int_copy(key) if type(key) is int else _str_copy(key),
                               _encode(value, budget, depth + 1)] for key, value in pairs]}
    out = {key: _encode(value, budget, depth + 1) for key, value in pairs}
    return {"__dict__": out} if any(key in MARKERS for key in out) else out


def _encode_array(obj: Any, budget: _Budget) -> Any:
    scalar = isinstance(obj, _np_generic)
    arr = _view(_np_array(obj, copy=True), _ndarray)
    dtype = _DTYPE_NAMES.get(arr.dtype) or arr.dtype.name
    if dtype not in _DTYPES:
        return opaque(obj)
    budget.elements -= arr.size
    if budget.elements < 0:
        return opaque(obj, f"<array of {arr.size} elements is too large>")
    shape = list(arr.shape)
    if arr.dtype.kind == "c":
        arr = _np_stack([_real(arr), _imag(arr)], axis=-1)
    out = {"__ndarray__": _tolist(arr), "dtype": dtype, "shape": shape}
    if scalar:
        out["scalar"] = True
    return out


# ------------------------------------------------------------- serialising


def dumps(data: Any) -> str:
    """Serialise ``to_plain`` output; unlike ``json.dumps`` no notebook can patch it.

    The C encoder writes what `_write` does (ASCII strings, `repr` of floats, NaN and
    Infinity) ten times faster: the numeric checks send a few hundred arrays a notebook
    each way, and this was most of the grader's own time per submission. Dict keys are
    strings by construction: `to_plain` writes any other key as an `__items__` pair."""
    if _C_ENCODE is not None:
        try:
            return "".join(_C_ENCODE(data, 0))
        except PlainError:
            raise
        except (TypeError, ValueError, RecursionError, OverflowError) as exc:
            raise PlainError(f"cannot serialise ({type(exc).__name__})") from None
    parts: list[str] = []
    _write(data, parts)
    return "".join(parts)


def _refuse(obj: Any) -> Any:
    raise PlainError(f"cannot serialise {type(obj).__name__}")


_C_ENCODE = (_make_encoder(None, _refuse, _quote, None, ":", ",", False, False, True)
             if _make_encoder is not None else None)


def _write(data: Any, parts: list[str]) -> None:
    kind = type(data)
    if data is None:
        parts.append("null")
    elif kind is bool:
        parts.append("true" if data else "false")
    elif kind is int:
        parts.append(_int_repr(data))
    elif kind is float:
        parts.append(_float_text(data))
    elif kind is str:
        parts.append(_quote(data))
    elif kind is list:
        parts.append("[")
        for i, item in enumerate(data):
            if i:
                parts.append(",")
            _write(item, parts)
        parts.append("]")
    elif kind is dict:
        parts.append("{")
        for i, (key, value) in enumerate(data.items()):
            if type(key) is not str:
                raise PlainError("non-string key")
            parts.append("," if i else "")
            parts.append(_quote(key) + ":")
            _write(value, parts)
        parts.append("}")
    else:
        raise PlainError(f"cannot serialise {kind.__name__}")


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return _float_repr(value)


_scan = _json_module.JSONDecoder().scan_once  # type: ignore[attr-defined]  # captures its parse hooks at creation


def loads(text: str, objects: int = MAX_OBJECTS, depth: int = MAX_NESTING) -> Any:
    """Parse one JSON document (NaN/Infinity allowed); raises ``PlainError``, also before
    building anything when the document holds more than ``objects`` values or nests
    deeper than ``depth`` (``measure``)."""
    size = measure(text, objects, depth)
    if size.objects > objects:
        raise PlainError(f"too many values (up to {size.objects:,}; limit {objects:,})")
    if size.depth > depth:
        raise PlainError(f"nested {size.depth:,} deep (limit {depth:,})")
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError, RecursionError) as exc:
        raise PlainError(f"invalid JSON ({type(exc).__name__})") from None
    if text[end:].strip():
        raise PlainError("trailing data after JSON")
    return value


# ------------------------------------------------------------------ sizing


@dataclass(frozen=True)
class Size:
    """What decoding a JSON text would build, found without building it."""

    chars: int
    objects: int
    """At least as many as the values decoding makes: containers, keys and scalars."""
    depth: int
    """How deeply its arrays and objects nest."""


_OPENERS = ("[", "{")
_SEPARATORS = (",", ":")
if _np is not None:
    _np_frombuffer = _np.frombuffer
    _np_cumsum = _np.cumsum
    _np_int32 = _np.int32
    _np_uint8 = _np.uint8
    _STEPS = _np.zeros(256, _np.int8)
    _STEPS[[0x5B, 0x7B]] = 1
    _STEPS[[0x5D, 0x7D]] = -1


def measure(text: str, objects: int = MAX_OBJECTS, depth: int = MAX_NESTING) -> Size:
    """Count before decoding: every value but the first follows one `[`, `{`, `,` or `:`
    outside strings, and each opening bracket outside strings is one level deeper.

    The counts are upper bounds, exact when they exceed ``objects`` or ``depth``:
    counting the whole text (brackets inside strings only add to it) settles almost
    every honest document at once; otherwise the strings are cut out (escapes first, so
    that the quotes left are exactly the strings' own) and the rest counted. Linear in
    the text, with no regular expression."""
    quick_depth = sum(text.count(c) for c in _OPENERS)
    quick = quick_depth + sum(text.count(c) for c in _SEPARATORS) + 1
    if quick <= objects and quick_depth <= depth:
        return Size(len(text), quick, quick_depth)
    unescaped = text.replace("\\\\", "").replace('\\"', "")
    outside = "".join(unescaped.split('"')[::2])
    counted = sum(outside.count(c) for c in (*_OPENERS, *_SEPARATORS)) + 1
    return Size(len(text), counted, _depth(outside))


def _depth(outside: str) -> int:
    """The deepest nesting of the brackets in ``outside`` (text with no strings left)."""
    data = outside.encode("utf-8", "surrogatepass")
    if _np is not None:
        steps = _STEPS[_np_frombuffer(data, _np_uint8)]
        return int(_np_cumsum(steps, dtype=_np_int32).max(initial=0))
    deepest = level = 0
    for byte in data:  # pragma: no cover - numpy is a dependency
        if byte in b"[{":
            level += 1
            deepest = max(deepest, level)
        elif byte in b"]}":
            level -= 1
    return deepest


class Room:
    """What one reply can still take: the child adds each encoded value only if it fits,
    so an honest reply never breaks the grader's limits, however large a value is."""

    __slots__ = ("chars", "objects")

    FRAMING = 64 * 1024
    """Kept back for the frame around the values and the notes replacing ones too large."""
    DEPTH = MAX_NESTING - 8
    """A value's own nesting, the reply's frame around it left out."""

    def __init__(self) -> None:
        self.chars = MAX_REPLY_BYTES - self.FRAMING
        self.objects = MAX_OBJECTS - self.FRAMING // 16

    def take(self, text: str) -> bool:
        """Whether ``text`` fits in what is left (then it is counted as used)."""
        if len(text) > self.chars:
            return False
        size = measure(text, self.objects, self.DEPTH)
        if size.objects > self.objects or size.depth > self.DEPTH:
            return False
        self.chars -= size.chars
        self.objects -= size.objects
        return True


# ---------------------------------------------------------------- decoding


def from_plain(data: Any, numpy_scalars: bool = False) -> Any:
    """Rebuild a value from wire data, checking every part; raises ``PlainError``.

    A numpy scalar comes back as the matching Python scalar, unless ``numpy_scalars``:
    a student bundle's expected values (grader.values) keep their exact type."""
    return _decode(data, "$", 0, numpy_scalars)


def _decode(data: Any, where: str, depth: int, exact: bool) -> Any:
    if depth > MAX_DEPTH + 2:
        raise PlainError("nested too deeply", where)
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:
        return [_decode(item, f"{where}[{i}]", depth + 1, exact) for i, item in enumerate(data)]
    if kind is not dict:
        raise PlainError(f"unexpected {kind.__name__}", where)
    marker = [key for key in data if key in MARKERS]
    if not marker:
        return {key: _decode(value, f"{where}.{key}", depth + 1, exact)
                for key, value in data.items()}
    if len(marker) > 1:
        raise PlainError("several markers", where)
    return _DECODERS[marker[0]](data, where, depth, exact)


def _only(data: dict[str, Any], keys: frozenset[str], where: str) -> None:
    if not set(data) <= keys:
        raise PlainError(f"unexpected keys {sorted(set(data) - keys)}", where)


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if type(value) is not str:
        raise PlainError(f"{key} must be a string", where)
    return value


def _decode_tuple(data: dict[str, Any], where: str, depth: int, exact: bool) -> tuple[Any, ...]:
    _only(data, frozenset({"__tuple__"}), where)
    items = data["__tuple__"]
    if type(items) is not list:
        raise PlainError("__tuple__ must hold a list", where)
    return tuple(_decode(item, f"{where}[{i}]", depth + 1, exact) for i, item in enumerate(items))


def _decode_dict(data: dict[str, Any], where: str, depth: int, exact: bool) -> dict[str, Any]:
    _only(data, frozenset({"__dict__"}), where)
    inner = data["__dict__"]
    if type(inner) is not dict:
        raise PlainError("__dict__ must hold an object", where)
    return {key: _decode(value, f"{where}.{key}", depth + 1, exact) for key, value in inner.items()}


def _decode_complex(data: dict[str, Any], where: str, depth: int, exact: bool) -> complex:
    _only(data, frozenset({"__complex__"}), where)
    pair = data["__complex__"]
    if type(pair) is not list or len(pair) != 2 or not all(_is_real(x) for x in pair):
        raise PlainError("__complex__ must be [re, im]", where)
    return complex(pair[0], pair[1])


def _is_real(value: Any) -> bool:
    return type(value) in (int, float)


def _decode_sympy(data: dict[str, Any], where: str, depth: int, exact: bool) -> SympyText:
    _only(data, frozenset({"__sympy__", "commutative"}), where)
    flag = data.get("commutative")
    if flag is not None and type(flag) is not bool:
        raise PlainError("commutative must be true or false", where)
    return SympyText(_text(data, "__sympy__", where), flag)


def _decode_items(data: dict[str, Any], where: str, depth: int, exact: bool) -> dict[Any, Any]:
    _only(data, frozenset({"__items__"}), where)
    pairs = data["__items__"]
    if type(pairs) is not list:
        raise PlainError("__items__ must hold a list", where)
    out: dict[Any, Any] = {}
    for i, pair in enumerate(pairs):
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in (str, int) or (
                type(pair[0]) is int and pair[0].bit_length() > MAX_KEY_BITS):
            raise PlainError("each item must be [str or int key, value]", f"{where}[{i}]")
        out[pair[0]] = _decode(pair[1], f"{where}[{i}]", depth + 1, exact)
    return out


def _decode_function(data: dict[str, Any], where: str, depth: int, exact: bool) -> FunctionRef:
    _only(data, frozenset({"__function__"}), where)
    return FunctionRef(_text(data, "__function__", where))


def _decode_opaque(data: dict[str, Any], where: str, depth: int, exact: bool) -> Opaque:
    _only(data, frozenset({"__opaque__", "repr"}), where)
    return Opaque(_text(data, "__opaque__", where), _text(data, "repr", where))


def _decode_ndarray(data: dict[str, Any], where: str, depth: int, exact: bool) -> Any:
    if _np is None:  # pragma: no cover - numpy is a dependency
        raise PlainError("numpy is not available", where)
    _only(data, _NDARRAY_KEYS, where)
    dtype, shape, scalar = data.get("dtype"), data.get("shape"), data.get("scalar", False)
    if dtype not in _DTYPES or type(scalar) is not bool:
        raise PlainError("bad dtype or scalar flag", where)
    if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
        raise PlainError("bad shape", where)
    complex_kind = _np.dtype(dtype).kind == "c"
    try:
        # Inferring the dtype first rejects strings, None and ragged nesting,
        # which a direct conversion to the target dtype would quietly accept.
        probe = _np.asarray(data["__ndarray__"])
    except (ValueError, TypeError, RecursionError):
        raise PlainError("ragged or invalid array data", where) from None
    expected = tuple(shape) + ((2,) if complex_kind else ())
    if probe.size == 0 and probe.ndim == 1 and 0 in expected:
        probe = probe.reshape(expected)
    if probe.dtype.kind not in "biuf" or probe.shape != expected:
        raise PlainError("array data does not match dtype/shape", where)
    if complex_kind:
        probe = probe[..., 0] + 1j * probe[..., 1]
    if dtype == "float64" and probe.dtype == _FLOAT64:
        arr = probe  # already what was sent: the common case needs no cast
    else:
        with _np.errstate(all="ignore"):
            arr = probe.astype(dtype)
    if scalar:
        if arr.ndim:
            raise PlainError("a scalar must have shape []", where)
        return arr[()] if exact else arr.item()
    return arr


_DECODERS = {
    "__tuple__": _decode_tuple,
    "__dict__": _decode_dict,
    "__items__": _decode_items,
    "__complex__": _decode_complex,
    "__sympy__": _decode_sympy,
    "__function__": _decode_function,
    "__opaque__": _decode_opaque,
    "__ndarray__": _decode_ndarray,
}
