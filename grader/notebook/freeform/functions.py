"""Find the function a student wrote for a part when it is not called by the part's name.

`ReLu_derivative`, `relu_grad`, `reluPrime` and `dReLU` all say "derivative of ReLU": names
are cut into words (`_`, case and known words such as "relu" + "grad"), synonyms are folded
("grad", "prime", "d" mean derivative) and filler dropped ("my", "compute"), and the words
must be the part's own (or one of its aliases'). A name that only comes close (a typo, an
extra word) is a weak candidate: the pipeline accepts it only if it behaves like the part's
function on the part's own test inputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache

from grader.notebook.freeform.cells import Definition

SYNONYMS = {
    "derivative": ("derivative", "derivatives", "deriv", "der", "grad", "gradient", "prime",
                   "diff", "d", "dx", "backward", "slope"),
    "jacobian": ("jacobian", "jac", "jacob"),
    "sigmoid": ("sigmoid", "sig", "logistic"),
    "kernel": ("kernel", "filter"),
    "apply": ("apply", "conv", "convolve", "convolution", "correlate", "correlation"),
}
FILLER = frozenset({
    "my", "func", "function", "fn", "f", "compute", "calc", "calculate", "get", "the", "of",
    "np", "numpy", "vec", "vectorized", "vectorised", "impl", "new", "final", "fixed", "v",
    "version", "answer", "to", "activation", "act", "fun", "a", "an", "2d",
})
ROLE_WORDS = frozenset({"derivative", "jacobian"})
MAX_NAME = 64
"""Longer names are not read for meaning: cutting a run into words tries every split, and
no name that long is a part's."""
_CANONICAL = {word: canon for canon, words in SYNONYMS.items() for word in words}


@dataclass(frozen=True)
class FunctionCandidate:
    definition: Definition
    strong: bool
    """The name's words are exactly the part's; a weak match must pass a behaviour probe."""
    why: str


def words(name: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """`ReLu_derivative` -> ("relu", "derivative"); unknown pieces stay whole."""
    pieces = [p for p in re.split(r"[_\W]+", name.lower()) if p]
    out: list[str] = []
    for piece in pieces:
        out.extend(_segment(piece, vocabulary))
    return tuple(out)


def _segment(piece: str, vocabulary: frozenset[str]) -> list[str]:
    """Cut a run such as "relugrad" into known words; fewest unknown letters wins."""
    best: list[tuple[int, list[str]]] = [(0, [])]
    for end in range(1, len(piece) + 1):
        options = []
        for start in range(end):
            cost, found = best[start]
            chunk = piece[start:end]
            if chunk in vocabulary or chunk.isdigit():
                options.append((cost, [*found, chunk]))
            elif start == 0 or found:
                options.append((cost + len(chunk), [*found, chunk]))
        best.append(min(options, key=lambda o: (o[0], len(o[1]))))
    cost, found = best[-1]
    return found if cost == 0 else [piece]


def meaning(name: str, vocabulary: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(canonical words without filler, typo corrections made) of a name."""
    if len(name) > MAX_NAME:
        return frozenset({name.lower()}), ()
    known = vocabulary | frozenset(_CANONICAL) | FILLER
    out: set[str] = set()
    fixed: list[str] = []
    for word in words(name, known):
        if word not in known and len(word) >= 4:
            close = get_close_matches(word, sorted(known), n=1, cutoff=0.8)
            if close:
                fixed.append(f"{word} -> {close[0]}")
                word = close[0]
        if word in FILLER or word.isdigit():
            continue
        out.add(_CANONICAL.get(word, word))
    return frozenset(out), tuple(fixed)


@cache
def vocabulary_of(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for n in names for w in re.split(r"[_\W]+", n.lower()) if w)


def candidates(part_id: str, aliases: Sequence[str], every_part: Iterable[str],
               defined: Sequence[Definition]) -> list[FunctionCandidate]:
    """Functions whose names say they are this part's, best first, later definitions first."""
    vocabulary = vocabulary_of(tuple([part_id, *aliases, *every_part]))
    wanted = [meaning(n, vocabulary)[0] for n in (part_id, *aliases)]
    others = frozenset().union(*(meaning(n, vocabulary)[0] for n in every_part))
    found: dict[str, FunctionCandidate] = {}
    for definition in reversed(defined):
        if definition.kind != "function" or definition.name in found:
            continue
        if definition.name == part_id:
            continue
        said, fixed = meaning(definition.name, vocabulary)
        if not said:
            continue
        if said in wanted and not fixed:
            found[definition.name] = FunctionCandidate(
                definition, True, f"its name says it is `{part_id}`")
        elif said in wanted or _superset(said, wanted, others):
            why = f"its name is close to `{part_id}`" + (f" ({', '.join(fixed)})" if fixed else "")
            found[definition.name] = FunctionCandidate(definition, False, why)
    return sorted(found.values(), key=lambda c: not c.strong)


def unnamed(part_id: str, aliases: Sequence[str], every_part: Iterable[str],
            nearby: Sequence[Definition]) -> list[FunctionCandidate]:
    """Functions defined under the part's question whose names say nothing of it
    (`merge_layers`, `aplicar_filtro`): weak candidates, latest first, that only a
    behaviour probe can accept. A name that says it is something else is not one: another
    part's word (`softmax` beside a Jacobian's question), or, for a derivative, a name
    without the role (`sigmoid` beside its derivative's question)."""
    every_part = list(every_part)
    vocabulary = vocabulary_of(tuple([part_id, *aliases, *every_part]))
    wanted = [meaning(n, vocabulary)[0] for n in (part_id, *aliases)]
    own = frozenset().union(*wanted)
    others = frozenset().union(*(meaning(n, vocabulary)[0] for n in every_part)) - own
    needs_role = all(words_ & ROLE_WORDS for words_ in wanted)
    found: dict[str, FunctionCandidate] = {}
    for definition in reversed(nearby):
        if definition.kind != "function" or definition.name in found:
            continue
        said, _ = meaning(definition.name, vocabulary)
        if said & others or bool(said & ROLE_WORDS) != needs_role:
            continue
        found[definition.name] = FunctionCandidate(
            definition, False, "it is the function defined under the question")
    return list(found.values())


def _superset(said: frozenset[str], wanted: list[frozenset[str]],
              others: frozenset[str]) -> bool:
    """All the part's words plus at most two that name no role or other part
    (`relu_derivative_scalar`)."""
    for words_ in wanted:
        extra = said - words_
        if words_ <= said and len(extra) <= 2 and not extra & (ROLE_WORDS | others):
            return True
    return False
