"""Pick a symbolic part's answer out of the equations under its question.

Lines are matched to the part (and to a dict key such as "x2") by their left-hand side
only, never by whether their value is right: choosing the line that happens to match the
reference would turn a wrong answer into a correct one. Among several lines for one key:

1. crossed-out lines do not count;
2. the last line counts when a word marks it as the conclusion or a correction
   ("therefore", "finally", "correction:");
3. otherwise lines that hold for every input are preferred to lines with a condition
   ("for $j = k$"); conditional lines alone are combined into cases;
4. when lines still disagree, the last one is graded and the others are handed back as
   rivals: if any grades differently, the part goes to a person (needs_review).

A line labelled with a key that already has one, while the key between its neighbours has
none, is read as that missing key (a mislabel), with a note, flagged for a person, and
earns nothing until a person confirms it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from grader.notebook.freeform.found import NOTHING, Found, Quote, where
from grader.notebook.freeform.labels import (
    Derivative,
    Label,
    Name,
    label,
    normal_variable,
    subscripts,
)
from grader.notebook.freeform.latex import equals_positions, letters_used, rename
from grader.notebook.freeform.rewrite import Helper, index_letters, substitute, to_family
from grader.notebook.freeform.statements import Statement

SINGLE = ""
_HEARSAY = re.compile(r"\b(book|says?|claims?|according|wrong|not|incorrect|mistaken|instead|"
                      r"rather|they|wikipedia|online)\b", re.I)
"""Words that make a formula someone else's, or a rejected one, rather than the answer."""
_INTRO = re.compile(r"\b(derivative|gradient|jacobian)\b[^.$]*(\b(is|are|equals|becomes)\b"
                    r"(\s+(given\s+by|simply|just))?|:|=)\s*$", re.I)
MAX_RIVALS = 6
DEFAULT_FUNCTIONS = ("f", "y", "g")


@dataclass(frozen=True)
class Target:
    """How a part's answer lines are labelled, read from its spec."""

    keys: tuple[str, ...]
    variables: tuple[str, ...]
    functions: tuple[Name, ...]
    """Names that may stand on the left (f, σ, z, J, W…), from the spec's aliases."""
    family: str | None
    indices: tuple[str, ...]
    reserved: frozenset[str]
    """Names a helper definition may not redefine (the exercise's own symbols)."""

    @property
    def keyed(self) -> bool:
        return self.keys != (SINGLE,)

    @property
    def indexed(self) -> bool:
        return self.family is not None and len(self.indices) >= 2

    @property
    def named(self) -> bool:
        return not self.variables and not self.indexed


@dataclass(frozen=True)
class Candidate:
    key: str
    statement: Statement
    text: str
    condition: str | None
    notes: tuple[str, ...] = ()
    review: tuple[str, ...] = ()


def target_of(params: Mapping[str, Any]) -> Target:
    keys = tuple(params.get("keys") or (SINGLE,))
    variables = tuple(params.get("variables", ()))
    indexed = tuple(params.get("indexed", ()))
    names = [*params.get("aliases", ()), *params.get("functions", ())]
    if not names:
        names = list(DEFAULT_FUNCTIONS) + (["z"] if keys != (SINGLE,) else [])
    functions = tuple(n for n in (label(a) for a in names) if isinstance(n, Name))
    reserved = {*variables, *params.get("matrices", ()), *params.get("indices", ()), *indexed}
    return Target(keys, variables, functions, indexed[0] if indexed else None,
                  tuple(params.get("indices", ())), frozenset(reserved))


def extract(params: Mapping[str, Any], found: Sequence[Statement],
            readable: Callable[[str], bool]) -> Found:
    """The part's answer: a string, or a dict keyed like the part, with notes and doubts."""
    target = target_of(params)
    live = [s for s in found if not s.struck]
    candidates: dict[str, list[Candidate]] = {key: [] for key in target.keys}
    notes: list[str] = []
    for statement in found:
        key = _key_of(target, label(statement.lhs))
        if key is None:
            continue
        if statement.struck:
            notes.append(f"Ignored the crossed-out line in cell {statement.cell}: "
                         f"{statement.quote}")
            continue
        candidates[key].append(_candidate(target, key, statement, live))
    if not any(candidates.values()) and not target.keyed and not target.named:
        introduced = [s for s in live if s.bare and _INTRO.search(s.intro)
                      and not _HEARSAY.search(s.intro)]
        candidates[SINGLE] = [_candidate(target, SINGLE, s, live) for s in introduced]
        if introduced:
            notes.append(f"No line is labelled as this answer; the formula after "
                         f"\"{introduced[-1].intro}\" in cell {introduced[-1].cell} was read "
                         "as the answer.")
    if not any(candidates.values()):
        return NOTHING
    moved = _mislabelled(target, candidates)
    chosen: dict[str, Candidate] = {}
    rivals: dict[str, list[str]] = {}
    review: list[str] = []
    for key, group in candidates.items():
        if not group:
            continue
        pick, others, why, doubts = _choose(group, readable)
        chosen[key] = pick
        rivals[key] = others
        notes += [*pick.notes, *why]
        review += [*pick.review, *doubts]
    guessed = frozenset(k for k, c in chosen.items() if c.review)
    if moved is not None:
        candidate, missing_key, old_key = moved
        chosen[missing_key] = candidate
        notes.append(_mislabel_note(target, candidate, missing_key, old_key))
        review.append(f"a line in cell {candidate.statement.cell} was read as the answer for "
                      f"{missing_key}; a person should confirm it")
        guessed = guessed | {missing_key}
    value = _value(target, {k: c.text for k, c in chosen.items()})
    quotes = tuple(Quote(chosen[k].statement.cell, chosen[k].statement.quote, k)
                   for k in target.keys if k in chosen)
    return Found(value, quotes, tuple(dict.fromkeys(notes)), tuple(dict.fromkeys(review)),
                 guessed, _rival_values(target, chosen, rivals))


def _key_of(target: Target, found: Label | None) -> str | None:
    if target.indexed:
        return _indexed_key(target, found)
    if target.named:
        return SINGLE if isinstance(found, Name) and _allowed(target, found) else None
    if not isinstance(found, Derivative) or found.variable_index or found.function_index:
        return None
    if not _allowed(target, Name(found.function)):
        return None
    if target.keyed:
        variable = normal_variable(found.variable)
        return variable if variable in target.keys else None
    if len(found.variable) <= 1 or found.variable in target.variables:
        return SINGLE
    return None


def _indexed_key(target: Target, found: Label | None) -> str | None:
    if isinstance(found, Derivative) and found.function_index and found.variable_index:
        return SINGLE if _allowed(target, Name(found.function)) else None
    if isinstance(found, Name) and found.index and len(found.index) == 2:
        return SINGLE if _allowed(target, Name(found.name)) else None
    return None


def _allowed(target: Target, found: Name) -> bool:
    for alias in target.functions:
        same = (alias.name == found.name if len(found.name) == 1
                else alias.name.lower() == found.name.lower())
        if same and (alias.index is None or alias.index == found.index):
            return True
    return False


def _candidate(target: Target, key: str, statement: Statement,
               found: Sequence[Statement]) -> Candidate:
    """The statement's right-hand side in the exercise's names, with what was changed."""
    helpers, doubtful = _helpers(target, statement, found)
    notes: list[str] = []
    review: list[str] = []
    text, condition = subscripts(statement.rhs), statement.condition
    lhs = label(statement.lhs)
    if target.indexed and lhs is not None:
        aliases = {target.family or "s", *(n.name for n in target.functions)}
        aliases.add(lhs.function if isinstance(lhs, Derivative) else lhs.name)
        helpers = {n: h for n, h in helpers.items() if n not in aliases}
        text = to_family(text, aliases, target.family or "s")
        condition = to_family(condition, aliases, target.family or "s") if condition else None
    text, used = substitute(text, helpers)
    for helper in used:
        notes.append(f"Used your definition {helper.name}"
                     f"{'(' + ', '.join(helper.params) + ')' if helper.params else ''}"
                     f" = {helper.body} from cell {helper.cell}.")
    unsure = sorted(doubtful & letters_used(text))
    if unsure:
        review.append(f"{', '.join(unsure)} is defined more than once, differently, before "
                      f"the line in cell {statement.cell}")
    chain = equals_positions(text)
    if chain:
        text = text[chain[-1] + 1 :].strip()
    mapping, more_notes, more_review = _renaming(target, lhs, text)
    notes += more_notes
    review += more_review
    text = rename(text, mapping)
    condition = rename(condition, mapping) if condition else None
    return Candidate(key, statement, text, condition, tuple(notes), tuple(review))


def _helpers(target: Target, statement: Statement,
             found: Sequence[Statement]) -> tuple[dict[str, Helper], set[str]]:
    """Definitions made before `statement`; a name defined twice differently is doubtful."""
    helpers: dict[str, Helper] = {}
    doubtful: set[str] = set()
    for earlier in found:
        if earlier.position >= statement.position:
            break
        defined = label(earlier.lhs)
        if not isinstance(defined, Name) or defined.index is not None:
            continue
        if defined.name in target.reserved or len(defined.name) > 12:
            continue
        if defined.name in target.variables or earlier.condition is not None:
            doubtful.add(defined.name)
            continue
        helper = Helper(defined.name, defined.params, earlier.rhs, earlier.cell)
        old = helpers.get(defined.name)
        if old is not None and old.body.replace(" ", "") != helper.body.replace(" ", ""):
            doubtful.add(defined.name)
        helpers[defined.name] = helper
    return {n: h for n, h in helpers.items() if n not in doubtful}, doubtful


def _renaming(target: Target, lhs: Label | None,
              text: str) -> tuple[dict[str, str], list[str], list[str]]:
    """Stand-in variable (t for x) or the student's indices onto the exercise's."""
    if target.indexed:
        if isinstance(lhs, Derivative):
            a, b = lhs.function_index or "", lhs.variable_index or ""
        elif isinstance(lhs, Name) and lhs.index:
            a, b = lhs.index[0], lhs.index[1]
        else:
            return {}, [], []
        i, j = target.indices[0], target.indices[1]
        mapping = {a: i} if a == b else {a: i, b: j}
        mapping = {k: v for k, v in mapping.items() if k != v}
        review = [_stray(letter, a, b, mapping) for letter in sorted(index_letters(text) - {a, b})]
        note = [f"Read your indices {a}, {b} as {i}, {j}."] if mapping and a != b else []
        if a == b:
            note = [f"Your left-hand side has the same index {a} twice: read as the diagonal "
                    f"entry i = j."]
        return mapping, note, review
    if (not target.keyed and isinstance(lhs, Derivative) and len(target.variables) == 1
            and len(lhs.variable) == 1 and lhs.variable != target.variables[0]):
        old, new = lhs.variable, target.variables[0]
        if new not in letters_used(text):
            return {old: new}, [f"Read your variable {old} as {new}."], []
    return {}, [], []


def _stray(letter: str, a: str, b: str, mapping: dict[str, str]) -> str:
    """Why an index the left-hand side does not name makes the reading doubtful."""
    why = f"the answer uses the index {letter}, which its left-hand side (indices {a}, {b}) " \
          "does not name"
    meant = [old for old, new in mapping.items() if new == letter]
    if meant:
        why += f"; after renaming it reads as {meant[0]}, which a person should confirm"
    return why


def _choose(group: list[Candidate], readable: Callable[[str], bool]
            ) -> tuple[Candidate, list[str], list[str], list[str]]:
    """(the line graded, rival texts, notes, doubts) for one key's lines."""
    last = group[-1]
    distinct = {_plain(c.text) for c in group}
    if (last.statement.cue or last.statement.correction) and last.condition is None:
        word = "a correction" if last.statement.correction else "the conclusion"
        why = [f"Graded the last line in cell {last.statement.cell}, which you marked as "
               f"{word}."] if len(distinct) > 1 else []
        return last, [], why, []
    steady = [c for c in group if c.condition is None and readable(c.text)]
    if not steady:
        conditional = [c for c in group if c.condition and readable(c.text)]
        if len(conditional) >= 2:
            return _combined(conditional), [], [
                f"Combined the lines in {where([c.statement.cell for c in conditional])} "
                "into one answer by their conditions."], []
        return last, [], [], []
    pick = steady[-1]
    rivals = [c for c in steady if _plain(c.text) != _plain(pick.text)]
    others = list(dict.fromkeys(c.text for c in rivals))
    why = []
    if others:
        label = f" for {pick.key}" if pick.key else ""
        lines = "; ".join(dict.fromkeys(c.statement.quote for c in [*rivals, pick]))
        why = [f"Found {len(others) + 1} different lines{label} in "
               f"{where([c.statement.cell for c in steady])} ({lines}); graded the last one."]
    return pick, others, why, []


def _combined(lines: list[Candidate]) -> Candidate:
    rows = " \\\\ ".join(f"{c.text} & {c.condition}" for c in lines)
    first = lines[0]
    quote = " ; ".join(c.statement.quote for c in lines)
    statement = replace(first.statement, quote=quote)
    return Candidate(first.key, statement, f"\\begin{{cases}} {rows} \\end{{cases}}", None,
                     tuple(n for c in lines for n in c.notes),
                     tuple(r for c in lines for r in c.review))


def _mislabelled(target: Target, candidates: dict[str, list[Candidate]]
                 ) -> tuple[Candidate, str, str] | None:
    """A second, different line under one key standing where the one missing key belongs."""
    if not target.keyed:
        return None
    empty = [k for k in target.keys if not candidates[k]]
    if len(empty) != 1:
        return None
    missing = empty[0]
    rank = {k: n for n, k in enumerate(target.keys)}
    ordered = sorted((c for g in candidates.values() for c in g),
                     key=lambda c: c.statement.position)
    for n, candidate in enumerate(ordered):
        group = candidates[candidate.key]
        if len({_plain(c.text) for c in group}) < 2:
            continue
        previous = ordered[n - 1].key if n else None
        following = ordered[n + 1].key if n + 1 < len(ordered) else None
        copied_down = (previous == candidate.key and rank[candidate.key] + 1 == rank[missing]
                       and (following is None or rank[following] > rank[missing]))
        copied_up = (following == candidate.key and rank[candidate.key] - 1 == rank[missing]
                     and (previous is None or rank[previous] < rank[missing]))
        if copied_down or copied_up:
            group.remove(candidate)
            return candidate, missing, candidate.key
    return None


def _mislabel_note(target: Target, candidate: Candidate, new: str, old: str) -> str:
    return (f"The line in cell {candidate.statement.cell} ({candidate.statement.quote}) is "
            f"labelled {old}, like another line, but stands where {new} belongs and {new} has "
            f"no line of its own: it was read as {new}.")


def _value(target: Target, texts: dict[str, str]) -> Any:
    if target.keyed:
        return {k: texts.get(k, "") for k in target.keys}
    return texts.get(SINGLE)


def _rival_values(target: Target, chosen: dict[str, Candidate],
                  rivals: dict[str, list[str]]) -> tuple[Any, ...]:
    base = {k: c.text for k, c in chosen.items()}
    values: list[Any] = []
    for key, texts in rivals.items():
        for text in texts[:MAX_RIVALS]:
            values.append(_value(target, {**base, key: text}))
    return tuple(values[:MAX_RIVALS])


def _plain(text: str) -> str:
    return "".join(text.split())
