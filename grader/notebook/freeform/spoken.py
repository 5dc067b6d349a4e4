"""A piecewise answer said in words: "The derivative is one for positive inputs and zero
otherwise", "it is 1 when x is positive, 0 when negative".

A teaching assistant reads these as the cases a formula would write, and so does this
module, by a small grammar: a value (a number, in digits or words) and its condition (a
sign of the input, a comparison with a number, or "otherwise"), repeated, joined by commas
or "and". Only a sentence the grammar reads to its end becomes cases; one that names
values and conditions in other words is handed on as it was written, so the check finds it
unreadable and a person reads it. Nothing here guesses what a word might mean.

A formula typed in a sentence without `$` ("the derivative is sigma(x)(1 - sigma(x))") is
read the same way: after the naming word, the rest of the clause, when every word in it is
a name of the math (one letter, or a function such as exp or sigma).

Where the cell can answer only one part (Markdown a student added under a template
variable left empty), the naming word is not needed: "It equals 1 for x > 0 and 0 for
x < 0" there can only be that part's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE = re.compile(r"[^.\n]++")
_NAMED = re.compile(r"(?<![A-Za-z])(?:derivative|slope|gradient)(?![A-Za-z])", re.I)
_IS = re.compile(r"(?<![A-Za-z])(?:is|equals)(?![A-Za-z])", re.I)
_NAMED_TYPED = re.compile(r"(?<![A-Za-z])(?:derivative|slope|gradient|jacobian|answer|result)"
                          r"(?![A-Za-z])", re.I)
_LEAD = re.compile(r"[ \t*]*+(?:(?:it|this|that|answer|result)(?![A-Za-z])[ \t]*+)?"
                   r"(?:(?:is|equals)(?![A-Za-z]))?[ \t*]*+:?[ \t*]*+", re.I)
"""What may open a sentence that is a part's own answer: "It is", "**Answer:**", "equals"."""
_TYPED = re.compile(r"[A-Za-z0-9_ \t()\[\],+\-*/^'·]++")
_LETTERS = re.compile(r"[A-Za-z]++")
_OPERATOR = re.compile(r"[-+*/^()·0-9]")
MATH_WORDS = frozenset({"sigma", "sigmoid", "exp", "e", "max", "min", "relu", "log", "ln",
                        "tanh", "cosh", "sinh", "softmax", "delta", "sqrt"})
"""Words a typed formula may hold besides one-letter names: the functions of the course."""
_WORD = re.compile(r"-?[0-9]++(?:\.[0-9]++)?|[A-Za-z]++|[<>]=?|≥|≤|=")
VALUES = {"zero": "0", "one": "1", "two": "2", "three": "3", "half": "\\frac{1}{2}"}
SIGNS = {"positive": ">", "negative": "<", "nonnegative": "\\geq", "nonpositive": "\\leq"}
_COMPARE = {">": ">", "<": "<", ">=": "\\geq", "<=": "\\leq", "≥": "\\geq", "≤": "\\leq"}
_OPENERS = {"for", "when", "if", "where", "whenever", "on"}
_NOUNS = {"input", "inputs", "value", "values", "number", "numbers", "argument", "arguments",
          "side", "part", "x", "z", "t", "ones"}
_SUBJECT = {"the", "derivative", "slope", "gradient", "it", "its", "is", "equals", "we", "get",
            "have", "then"}
"""Between a condition and its value: "for x > 0 *the derivative is* 1"."""
_FILLER = {"the", "all", "every", "each", "any", "is", "are", "it", "its", "input", "inputs"}
_OTHERWISE = {"otherwise", "else", "elsewhere"}
_JOINS = {"and", "but", "while", "whereas"}
_UNDEFINED = {"undefined", "defined", "differentiable", "not"}
_CUES = set(VALUES) | set(SIGNS) | _OTHERWISE | {">", "<"}


@dataclass(frozen=True)
class Spoken:
    offset: int
    value: str
    """The cases in LaTeX, or the words as written when the grammar did not read them."""
    quote: str
    intro: str


def spoken(text: str, own: bool = False) -> list[Spoken]:
    """Piecewise values said in words after "the derivative is", one per sentence; with
    `own`, also a sentence that opens with its value, when the grammar reads all of it."""
    out: list[Spoken] = []
    for sentence in _SENTENCE.finditer(text):
        named = _NAMED.search(sentence.group())
        intro = _IS.search(sentence.group(), named.end()) if named is not None else None
        if intro is None and own:
            intro = _LEAD.match(sentence.group())
        if intro is None or "$" in sentence.group()[: intro.start()]:
            continue
        rest = sentence.group()[intro.end() :].strip(" \t:,")
        words = [w.lower() for w in _WORD.findall(rest)]
        if "$" in rest or "=" in words or not (_CUES & set(words)) or not (
                set(words) & (set(VALUES) | {w for w in words if w.lstrip("-").isdigit()})):
            continue
        if words[:2] in (["the", "step"], ["a", "step"]) or words[:1] == ["step"]:
            words = words[words.index("function") + 1 :] if "function" in words[:4] else words
        cases = _cases(words)
        if cases is None and named is not None:
            first = [w.lower() for w in _WORD.findall(sentence.group())]
            if first[:1] and first[0] in _OPENERS:  # "For x > 0 the derivative is 1, ..."
                cases = _cases(first, condition_first=True)
                rest = sentence.group().strip() if cases else rest
        if cases is None and named is None:
            continue  # no naming word: only what the grammar reads whole is an answer
        quote = f"{rest} (read as ${cases}$)" if cases else rest
        out.append(Spoken(sentence.start() + intro.end(), cases or rest, quote,
                          sentence.group()[: intro.end()].strip()))
    return out


_GREEK_NAMES = {"σ": "sigma", "δ": "delta", "ᵀ": "^T", "⊤": "^T", "−": "-"}
_GREEK = re.compile("|".join(_GREEK_NAMES))
"""Greek letters typed as characters (`σ' = σ(1-σ)`, `s_i(δ_ij - s_j)`) by their names, as
the typed math and its aliases spell them, a typed transpose (`sᵀ`) as `^T` and a minus
sign (`−`) as `-`; the quote keeps what was typed."""


def spelled_out(text: str) -> str:
    """`σ_iσ_j` is `sigma_i sigma_j`: a name glued to what stands before it is spaced."""
    return _GREEK.sub(lambda m: (" " if m.start() and (text[m.start() - 1].isalnum()
                                                        or text[m.start() - 1] == "_")
                                 and _GREEK_NAMES[m.group()].isalpha() else "")
                      + _GREEK_NAMES[m.group()], text)


def typed(text: str, own: bool = False) -> list[Spoken]:
    """Formulas typed in a sentence after "the derivative is" (with `own`, also a sentence
    that is a formula, perhaps after "It is"), as written: the parser reads them."""
    out: list[Spoken] = []
    for sentence in _SENTENCE.finditer(text):
        named = _NAMED_TYPED.search(sentence.group())
        intro = _IS.search(sentence.group(), named.end()) if named is not None else None
        if intro is None and named is not None:
            colon = sentence.group().find(":", named.end())
            intro = _LEAD.match(sentence.group(), colon + 1) if colon >= 0 else None
        if intro is None and own:
            intro = _LEAD.match(sentence.group())
        if intro is None:
            continue
        rest = sentence.group()[intro.end() :].strip(" \t:,*")
        if _is_formula(read := spelled_out(rest)):
            out.append(Spoken(sentence.start() + intro.end(), read, rest,
                              sentence.group()[: intro.end()].strip()))
    return out


def _is_formula(text: str) -> bool:
    """Every word a name of the math, and an operator, a bracket or a digit among them:
    `sigma(x)(1 - sigma(x))` or a bracketed vector `(1, 5, -6x3)`, not "a smooth function"
    or a lone `x`."""
    if "," in text and not (text[:1] in "([" and text[-1:] in ")]"):
        return False
    return (_TYPED.fullmatch(text) is not None and _OPERATOR.search(text) is not None
            and all(len(w) == 1 or w.lower() in MATH_WORDS for w in _LETTERS.findall(text)))


def _cases(words: list[str], condition_first: bool = False) -> str | None:
    """The rows said, each a value and its condition ("1 for positive inputs"), or with
    `condition_first` each condition before its value ("for x > 0 the derivative is 1")."""
    read = _condition_then_value if condition_first else _value_then_condition
    rows: list[tuple[str, str]] = []
    k = 0
    while k < len(words):
        while k < len(words) and words[k] in _JOINS:
            k += 1
        if k >= len(words):
            break
        if words[k] in _UNDEFINED or words[k] == "at":
            return _cases_of(rows) if _undefined_tail(words[k:]) else None
        row, k = read(words, k)
        if row is None:
            return None
        rows.append(row)
    return _cases_of(rows)


def _value_then_condition(words: list[str], k: int) -> tuple[tuple[str, str] | None, int]:
    value, k = _value(words, k)
    condition, k = _condition(words, k)
    return ((value, condition) if value is not None and condition is not None else None), k


def _condition_then_value(words: list[str], k: int) -> tuple[tuple[str, str] | None, int]:
    condition, k = _condition(words, k)
    if condition is None:
        return None, k
    start = k
    while k < len(words) and words[k] in _SUBJECT:
        k += 1
    if k == start:
        return None, k
    value, k = _value(words, k)
    return ((value, condition) if value is not None else None), k


def _cases_of(rows: list[tuple[str, str]]) -> str | None:
    if len(rows) < 2:
        return None
    body = " \\\\ ".join(f"{v} & {c}" for v, c in rows)
    return f"\\begin{{cases}} {body} \\end{{cases}}"


def _undefined_tail(words: list[str]) -> bool:
    """", undefined at zero", "and not defined at 0": where the derivative does not exist."""
    rest = [w for w in words if w not in ("and", "it", "is", "not", "but", "the", "derivative")]
    said = (["undefined"], ["defined"], ["differentiable"])
    where = (["at", "zero"], ["at", "0"], ["at", "x", "=", "0"], ["at", "the", "origin"],
             ["at", "origin"])
    return (rest[:1] in said and rest[1:] in where) or any(
        rest[: len(at)] == at and rest[len(at) :] in said for at in where)


def _value(words: list[str], k: int) -> tuple[str | None, int]:
    minus = k < len(words) and words[k] == "minus"
    k += minus
    if k >= len(words):
        return None, k
    word = words[k]
    value = VALUES.get(word) or (word if re.fullmatch(r"-?[0-9.]++", word) else None)
    if value is None:
        return None, k
    return (f"-{value}" if minus else value), k + 1


def _condition(words: list[str], k: int) -> tuple[str | None, int]:
    """`for positive inputs`, `when x is negative`, `if x > 0`, `otherwise`."""
    if k < len(words) and words[k] in _OTHERWISE:
        return "\\text{otherwise}", k + 1
    if k >= len(words) or words[k] not in _OPENERS:
        return None, k
    k += 1
    variable = "x"
    while k < len(words) and (words[k] in _FILLER or (len(words[k]) == 1 and words[k].isalpha()
                                                       and words[k] not in _COMPARE)):
        if len(words[k]) == 1 and words[k].isalpha():
            variable = words[k]
        k += 1
    if k < len(words) and words[k] in SIGNS:
        sign = SIGNS[words[k]]
        k += 1
        while k < len(words) and words[k] in _NOUNS:
            k += 1
        return f"{variable} {sign} 0", k
    if k + 1 < len(words) and words[k] in _COMPARE and re.fullmatch(r"-?[0-9.]++",
                                                                    words[k + 1]):
        return f"{variable} {_COMPARE[words[k]]} {words[k + 1]}", k + 2
    return None, k
