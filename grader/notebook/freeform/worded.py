"""Answers named in words instead of by a symbol: "the weight is $W_2W_1$", "one layer with
weight W2*W1 and bias W2*b1 + b2".

A teaching assistant reads "the weight is X" exactly as `W = X`: the word names the
quantity. The words are folded to one English name ("weights", "peso" and "Gewicht" are
"weight"), and that name is the line's left-hand side; which part it answers is the part's
business (its `aliases:` list the words that name it). Without `$`, the formula after the
word is the run of names, numbers and operators up to the end of its clause, and only
when a clause end follows it ("and", a comma, the end of the sentence), so "the weight is
a product of ..." states nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {
    "weight": r"weight[ \t]++matrix|weights?|pesos?|poids|gewichte?",
    "bias": r"bias[ \t]++(?:vector|term)|bias(?:es)?|sesgos?|biais",
}
"""What names each quantity, in the languages students write around math."""
_NAME = "|".join(f"(?P<{name}>{words})" for name, words in _WORDS.items())
_LINKS = (r"(?:[ \t]++(?:is|are|equals|becomes|will[ \t]++be|would[ \t]++be|given[ \t]++by"
          r"|es|est|ist|=|the[ \t]++product))*+[ \t]*+:?[ \t]*+")
_NAMED_LAST = re.compile(rf"(?<![A-Za-z])(?:{_NAME}){_LINKS}$", re.I)
"""The words before a formula end with a quantity's name: "and the bias", "weight is:"."""
_NAMED = re.compile(rf"(?<![A-Za-z])(?:{_NAME}){_LINKS}(?=[A-Za-z0-9(])", re.I)
_TOKEN = re.compile(
    r"(?:(?<![ \t])[ \t]++)?(?:[A-Za-z](?:_\{[A-Za-z0-9]{1,3}\}|_?[0-9]{1,3})(?![0-9])"
    r"|[A-Za-z](?![A-Za-z0-9_])|[0-9]++(?![A-Za-z])|[-+*/^()·])")
"""One piece of a typed formula: a name with a layer (`W2`, `W_2`, `b_{1}`), one letter, a
number, an operator."""
_JOINS = r"(?:and|y|et|und|where|so|which)(?![A-Za-z0-9_])"
_JOIN = re.compile(rf"(?<![ \t])[ \t]++{_JOINS}", re.I)
_CLAUSE_END = re.compile(rf"(?<![ \t])[ \t]*+(?:[.,;:)]|$|{_JOINS})", re.I | re.M)
_LISTED = re.compile(
    r"(?<![ \t])[ \t]*+(?:,|and|y|et|und)[ \t]*+(?:\$|[A-Za-z](?:_?\{?[0-9]|(?![A-Za-z])))", re.I)
"""Another value joined to this one ("the weights $W_1$ and $W_2$", "weights W1 and W2"):
the word names a list of the layers' own matrices, not one quantity."""


@dataclass(frozen=True)
class Worded:
    offset: int
    name: str
    """The quantity named: "weight", "bias"."""
    value: str
    quote: str


def named_by(intro: str) -> tuple[str, str] | None:
    """The quantity the words right before a formula name, if they end with its name, and
    those words ("weight is")."""
    found = _NAMED_LAST.search(intro)
    if found is None:
        return None
    return next(k for k in _WORDS if found.group(k) is not None), found.group().strip()


def listed(after: str) -> bool:
    """Another value follows, joined to the one before `after`: a list, not one answer."""
    return _LISTED.match(after) is not None


def typed(text: str) -> list[Worded]:
    """Formulas typed without `$` after a quantity's name, each up to its clause's end."""
    out: list[Worded] = []
    for named in _NAMED.finditer(text):
        end = position = named.end()
        while _JOIN.match(text, position) is None and (
                token := _TOKEN.match(text, position)) is not None:
            position = token.end()
            if token.group().strip() not in "-+*/^(·":
                end = position
        value = text[named.end() : end].strip()
        if (value and value.count("(") == value.count(")") and _CLAUSE_END.match(text, end)
                and not listed(text[end:])):
            name = next(k for k in _WORDS if named.group(k) is not None)
            out.append(Worded(named.start(), name, value, text[named.start() : end].strip()))
    return out
