"""Weights and biases by layer, however a student numbers and writes them.

A spec names the layers' matrices `W1, W2, b1, b2`. Students write the layer as a
subscript or a superscript (`W_2`, `W^{2}`, `W^{(2)}`, `W^{[2]}`), in either case (`w_2`),
count layers from 0 (`W_1 W_0`, `W_1 b_0 + b_1`), write the general product for N layers
(`W_N \\cdots W_1`), or note each matrix's shape below it (`W^{2}_{K \\times N}`). A
teaching assistant reads all of these as the spec's matrices; the layers are renumbered
only when the student's numbering is consistently shifted (only layers 0 and 1 appear, for
a two-layer question), and every rewrite is said in a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MATRIX = re.compile(
    r"(?<![A-Za-z\\])(?P<letter>[A-Za-z])(?:_(?:\{[ \t]*+(?P<sub>\d)[ \t]*+\}|(?P<bare>\d))"
    r"|\^(?:\{[ \t]*+[(\[]?[ \t]*+(?P<sup>\d)[ \t]*+[)\]]?[ \t]*+\}|(?P<power>\d))"
    r"|(?P<glued>\d))(?![0-9])")
"""A one-letter name with a one-digit layer below or above it, or typed after it (`W2`)."""
_TIMES = r"(?:[ \t]|\\[,;:! ]|\\cdot(?!s)|\\times)*+"
"""What may stand between two factors: spaces, thin spaces, a product sign."""
_PRODUCT = re.compile(
    rf"(?<![A-Za-z\\])(?P<letter>[A-Za-z])_\{{?[ \t]*+N[ \t]*+\}}?{_TIMES}"
    rf"(?:(?P=letter)_\{{[ \t]*+N[ \t]*+-[ \t]*+1[ \t]*+\}}{_TIMES})?"
    rf"(?:\\[lc]?dots|\.\.\.|…){_TIMES}"
    rf"(?:(?P=letter)_\{{?[ \t]*+2[ \t]*+\}}?{_TIMES})?(?P=letter)_\{{?[ \t]*+1[ \t]*+\}}?")
"""`W_N \\cdots W_1`, `W_N W_{N-1} \\cdots W_2 W_1`: the product over N layers, read for
two."""


_ABOVE = re.compile(
    r"(?<![A-Za-z\\])(?P<letter>[A-Za-z])\^\{[ \t]*+(?P<open>[(\[]?)[ \t]*+"
    r"(?P<layer>\d|N(?:[ \t]*+-[ \t]*+1)?)[ \t]*+(?P<close>[)\]]?)[ \t]*+\}")
"""A layer written above its matrix: `W^{[2]}`, `W^{(N)}`, `b^{[N-1]}`, `W^{2}`."""
_SUM = re.compile(
    r"(?<![A-Za-z\\])(?P<letter>[A-Za-z])_\{?[ \t]*+1[ \t]*+\}?[ \t]*+\+[ \t]*+"
    r"(?:(?P=letter)_\{?[ \t]*+2[ \t]*+\}?[ \t]*+\+[ \t]*+)?"
    r"(?:\\[lc]?dots|\.\.\.|…)[ \t]*+\+[ \t]*+(?P=letter)_\{?[ \t]*+N[ \t]*+\}?")
"""`b_1 + \\dots + b_N`: the sum over N layers, read for two."""
_LAST = re.compile(
    r"(?<![A-Za-z\\])(?P<letter>[A-Za-z])_(?:\{[ \t]*+N(?P<before>[ \t]*+-[ \t]*+1)?[ \t]*+\}"
    r"|N(?![A-Za-z0-9]))")
"""`W_N`, `b_{N-1}` outside a product: the last layers, read for two (N = 2)."""
_DOTS = re.compile(r"\\[lc]?dots|\.\.\.|…|\\sum")
_DIMENSIONS = re.compile(r"_\{[^{}]*+\}")
"""`_{K \\times N}` under a matrix: its shape, not its name."""


def spec_letters(matrices: Iterable[str]) -> dict[str, str]:
    """Lower-case letter -> the spec's spelling, for the spec's one-digit layer names."""
    return {name[0].lower(): name[0] for name in matrices
            if len(name) == 2 and name[0].isalpha() and name[1].isdigit()}


def layers_used(texts: Iterable[str], matrices: Iterable[str]) -> set[int]:
    letters = spec_letters(matrices)
    found: set[int] = set()
    for text in texts:
        for match in _MATRIX.finditer(text):
            if match.group("letter").lower() in letters:
                found.add(_number(match))
    return found


def shift_for(used: set[int], layers: int = 2) -> int:
    """1 when the layers are counted from 0 (all of 0 .. layers-1 and nothing more)."""
    return 1 if used and min(used) == 0 and max(used) == layers - 1 else 0


def as_layers(text: str, matrices: Iterable[str], shift: int) -> tuple[str, tuple[str, ...]]:
    """`text` with every layer matrix in the spec's spelling, and what was changed."""
    letters = spec_letters(matrices)
    notes: list[str] = []

    def product(match: re.Match[str]) -> str:
        letter = letters.get(match.group("letter").lower())
        if letter is None:
            return match.group()
        notes.append(f"Read your product {match.group()} for two layers (N = 2).")
        return f"{letter}_{{{2 - shift}}} {letter}_{{{1 - shift}}}"

    def layer(match: re.Match[str]) -> str:
        letter = letters.get(match.group("letter").lower())
        if letter is None:
            return match.group()
        number = _number(match)
        above = match.group("sup") is not None or match.group("power") is not None
        if (not above and not shift and match.group("letter") == letter
                and match.group("glued") is None):
            return match.group()
        if above:
            notes.append("Read superscripts on the weights and biases as layer numbers.")
        if match.group("letter") != letter:
            notes.append(f"Read {match.group('letter')} as {letter} (the same letter).")
        return f"{letter}_{{{number + shift}}}"

    def lowered(match: re.Match[str]) -> str:
        if match.group("letter").lower() not in letters or (
                "N" in match.group("layer") and not (match.group("open")
                                                     and match.group("close"))):
            return match.group()  # `W^{N}` unbracketed may be a power
        notes.append("Read superscripts on the weights and biases as layer numbers.")
        return f"{match.group('letter')}_{{{match.group('layer')}}}"

    def summed(match: re.Match[str]) -> str:
        letter = letters.get(match.group("letter").lower())
        if letter is None:
            return match.group()
        notes.append(f"Read your sum {match.group()} for two layers (N = 2).")
        return f"{letter}_{{{1 - shift}}} + {letter}_{{{2 - shift}}}"

    def last(match: re.Match[str]) -> str:
        letter = letters.get(match.group("letter").lower())
        if letter is None:
            return match.group()
        notes.append("Read layer N as layer 2 (two layers).")
        return f"{letter}_{{{(1 if match.group('before') else 2) - shift}}}"

    text = _DIMENSIONS.sub(lambda m: "" if "\\times" in m.group() else m.group(), text)
    text = _SUM.sub(summed, _PRODUCT.sub(product, _ABOVE.sub(lowered, text)))
    if not _DOTS.search(text):  # N in a product or sum not read above: left as written
        text = _LAST.sub(last, text)
    text = _MATRIX.sub(layer, text)
    if shift:
        notes.append("Your layers are counted from 0: read layer 0 as layer 1 and layer 1 "
                     "as layer 2.")
    return text, tuple(dict.fromkeys(notes))


def _number(match: re.Match[str]) -> int:
    return int(next(g for g in match.group("sub", "bare", "sup", "power", "glued")
                    if g is not None))


_OWN_LAYER = re.compile(
    r"(?<![A-Za-z\\])(?P<w>[A-Za-z])_\{?[ \t]*+(?P<n>\d|[kli])[ \t]*+\}?[ \t]*+(?:\\cdot[ \t]*+)?"
    r"(?:x|[a-z]_\{?[ \t]*+(?:\d|[kli][ \t]*+-[ \t]*+1)[ \t]*+\}?)[ \t]*+\+[ \t]*+"
    r"(?P<b>[A-Za-z])_\{?[ \t]*+(?P=n)[ \t]*+\}?")
"""A layer written with the student's own letters: `A_1 x + c_1`, `A_k y_{k-1} + c_k`."""
_LETTER = re.compile(r"(?<![A-Za-z\\])[A-Za-z](?![A-Za-z])")


def own_letters(texts: Iterable[str], matrices: Iterable[str]) -> dict[str, str]:
    """The student's letters for the weight and the bias, when every layer is written with
    one other pair of letters and the spec's never appear: {"A": "W", "c": "b"}."""
    letters = spec_letters(matrices)
    texts = list(texts)
    if len(letters) != 2 or layers_used(texts, matrices):
        return {}
    pairs = {(m["w"], m["b"]) for text in texts for m in _OWN_LAYER.finditer(text)}
    if len(pairs) != 1:
        return {}
    weight, bias = pairs.pop()
    spec_weight, spec_bias = sorted(letters.values(), key=lambda s: s.islower())
    if weight == bias or {weight.lower(), bias.lower()} & set(letters):
        return {}
    return {weight: spec_weight, bias: spec_bias}


def renamed(text: str, letters: dict[str, str]) -> str:
    """`text` with the student's one-letter names in the spec's."""
    return _LETTER.sub(lambda m: letters.get(m.group(), m.group()), text)
