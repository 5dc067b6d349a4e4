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
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from grader.mathexpr.latex import equals_positions
from grader.notebook.freeform.affine import affine
from grader.notebook.freeform.candidate import Candidate, candidate
from grader.notebook.freeform.denote import (
    SINGLE,
    WHOLE,
    Math,
    Target,
    allowed,
    key_of,
    target_of,
)
from grader.notebook.freeform.found import NOTHING, Found, Quote, where
from grader.notebook.freeform.labels import Derivative, Name, label
from grader.notebook.freeform.latex import components
from grader.notebook.freeform.layers import (
    as_layers,
    layers_used,
    own_letters,
    renamed,
    shift_for,
)
from grader.notebook.freeform.matrixform import entrywise, written_out
from grader.notebook.freeform.restated import own_block
from grader.notebook.freeform.rewrite import to_family
from grader.notebook.freeform.statements import POINT_CONDITION, Statement

if TYPE_CHECKING:
    from grader.course import Part

_HEARSAY = re.compile(r"\b(book|says?|claims?|according|wrong|not|incorrect|mistaken|instead|"
                      r"rather|they|wikipedia|online)\b", re.I)
"""Words that make a formula someone else's, or a rejected one, rather than the answer."""
_INTRO = re.compile(r"\b(derivative|gradient|jacobian)\b[^.$]*(\b(is|are|equals|becomes)\b"
                    r"(\s+(given\s+by|simply|just))?|:|=)\s*$"
                    r"|\b(answer|final answer|result|respuesta|resultado)\s*+[:*]*+\s*$", re.I)
"""Words that say the formula after them is the derivative asked for ("**Answer:**")."""
MAX_RIVALS = 6
_LAYER_OUTPUT = re.compile(r"^[ \t]*+\\?[A-Za-z]++[ \t]*+\^[ \t]*+\{[ \t]*+[\[(][ \t]*+\d"
                           r"[ \t]*+[\])][ \t]*+\}[ \t]*+$")
"""`a^{(2)}`, `h^{[2]}`: a layer's output, numbered above (below, it is a plain name)."""
_ROW_VECTORS = re.compile(r"(?<![A-Za-z\\])(?:x|h(?:\^\{?[\[(]?\d[\])]?\}?|_\{?\d\}?)?)[ \t]*+"
                          r"(?:\\cdot[ \t]*+)?W")
"""`xW + b`, `h^{[1]}W^{[2]}`: a layer written for row vectors, where W_1 W_2 is right."""
_GENERAL_LAYERS = re.compile(r"\\c?dots|\\ldots|\\prod|\\sum|\.\.\.|[WwBb]_\{?[NnkKLlij]\b")
"""A weight or bias written for N layers, not for the two the part asks about."""


VECTOR_READ = "Read the vector"
"""How the note on a vector read as a part's partials begins (a caller that builds the
vector itself from the student's lines says so in its own words instead)."""


def extract(part: Part, found: Sequence[Statement], math: Math,
            restated_only: bool = False, own: bool = False) -> Found:
    """The part's answer: a string, or a dict keyed like the part, with notes and doubts.
    With `restated_only`, only lines under a restatement of the part's own formula count
    (restated.py): text found among other questions' answers. With `own`, the lines can
    answer this part only (written under its empty template variable): a formula without
    a label is its answer, as a formula after "the derivative is" is elsewhere."""
    target = target_of(part)
    blocks = own_block(target, found, math)
    if restated_only and blocks.header is None:
        return NOTHING
    found = blocks.lines
    letters = own_letters([s.rhs for s in found], target.matrices) if target.named else {}
    if letters:  # `A_1 x + c_1`: the student's own letters for the weight and the bias
        found = [replace(s, lhs=renamed(s.lhs, letters), rhs=renamed(s.rhs, letters))
                 for s in found]
    live = [s for s in found if not s.struck]
    candidates: dict[str, list[Candidate]] = {key: [] for key in (*target.keys, WHOLE)}
    notes: list[str] = [] if blocks.header is None or not blocks.others else [
        f"Read the lines under your restatement of this formula, {blocks.header.quote} "
        f"(cell {blocks.header.cell})."]
    if letters:
        notes.append(f"Read your layers' letters {' and '.join(letters)} as "
                     f"{' and '.join(letters.values())}.")
    related: list[Statement] = []
    shift = _shift(target, live, math)
    for statement in found:
        key = key_of(target, statement.lhs, math)
        if key is not None and not _in_layers(target, statement):
            if _GENERAL_LAYERS.search(statement.rhs) and not statement.struck:
                related.append(statement)  # b = \sum_k W_N \cdots W_{k+1} b_k: for N layers
            key = None
        if key is None:
            if _about(target, statement):
                related.append(statement)
            continue
        if statement.struck:
            notes.append(f"Ignored the crossed-out line in cell {statement.cell}: "
                         f"{statement.quote}")
            continue
        candidates[key].append(candidate(target, key, statement, live, math, shift))
    for key, group in candidates.items():
        if any(not c.statement.worded for c in group):
            candidates[key] = [c for c in group if not c.statement.worded]
    whole = candidates.pop(WHOLE)
    if not any(candidates.values()) and not whole and not target.named:
        introduced = [s for s in live if s.bare and (own or _INTRO.search(s.intro))
                      and not _HEARSAY.search(s.intro)]
        key = WHOLE if target.keyed else SINGLE
        lines = [candidate(target, key, s, live, math) for s in introduced]
        whole, candidates[SINGLE] = (lines, []) if target.keyed else (whole, lines)
        if introduced and not own:
            notes.append(f"No line is labelled as this answer; the formula after "
                         f"\"{introduced[-1].intro}\" in cell {introduced[-1].cell} was read "
                         "as the answer.")
    if not any(candidates.values()) and not whole and target.indexed:
        candidates[SINGLE] = [c for s in live if (c := _entries(target, s, live, math))]
    if not any(candidates.values()) and not whole and target.named and target.matrices:
        candidates[SINGLE] = [c for s in live if (c := _output(target, s, live, math, shift))]
    if not any(candidates.values()) and whole:
        return _whole(target, whole, math, notes)
    if not any(candidates.values()):
        return _unmatched(target, related, live)
    found_ = _chosen(target, candidates, math, notes)
    if target.named and target.matrices and any(_ROW_VECTORS.search(s.rhs) for s in live):
        return replace(found_, review=(*found_.review, "your layers multiply the input from the "
                                       "left (x W), so the order of the product follows your "
                                       "convention; a person should confirm it"))
    return found_


def _output(target: Target, statement: Statement, live: list[Statement], math: Math,
            shift: int) -> Candidate | None:
    """The weight or bias read off the network's output written as an affine map of its
    input (affine.py): `h_2 = W_2(W_1x+b_1)+b_2 = W_2W_1x + W_2b_1 + b_2`. Only a line whose
    left side names an output (a plain name, not a layer's matrix) and whose last member
    holds both layers; the part's `aliases:` say whether it is the weight or the bias."""
    role = next((r for r in ("weight", "bias") if allowed(target, Name(r))), None)
    found = label(statement.lhs)
    named = isinstance(found, Name) or _LAYER_OUTPUT.match(statement.lhs) is not None
    if (role is None or not named or statement.struck
            or layers_used([statement.lhs], target.matrices)
            or key_of(target, statement.lhs, math) is not None):
        return None
    cuts = [-1, *equals_positions(statement.rhs), len(statement.rhs)]
    members = [statement.rhs[a + 1 : b] for a, b in zip(cuts, cuts[1:], strict=False)]
    for member in reversed(members):  # `= (W_2W_1)x + ... = \tilde W x + \tilde b`: the
        line = candidate(target, SINGLE, replace(statement, rhs=member), live, math, shift)
        form = affine(line.text)  # last member that holds both layers
        if form is not None and layers_used([line.text], target.matrices) == {1, 2} and (
                role == "weight" or form.constant.strip() not in ("", "0")):
            break  # a bias is read only from an output that has one
    else:
        return None
    what = "the coefficient of x" if role == "weight" else "the constant term"
    note = (f"Read the {role} as {what} in your output {statement.quote} (cell "
            f"{statement.cell}).")
    return replace(line, text=form.coefficient if role == "weight" else form.constant,
                   notes=(*line.notes, note))


def _entries(target: Target, statement: Statement, live: list[Statement],
             math: Math) -> Candidate | None:
    """A Jacobian written as a matrix of the output vector (`J = \\text{diag}(s) - ss^T`),
    read entry by entry (matrixform.py)."""
    if statement.struck or not (_whole_object(target, statement) or _about(target, statement)):
        return None
    members = equals_positions(statement.rhs)
    last = statement.rhs[members[-1] + 1 :] if members else statement.rhs
    i, j = target.indices[0], target.indices[1]

    def ours(name: str) -> bool:
        return allowed(target, Name(name))

    entry = entrywise(last, ours)
    if entry is None:
        entries = written_out(last, ours)
        if entries is None:
            return None
        family = target.family or "s"  # in the part's own letter, which the proofs know
        aliases = {family, *(n.name for n in target.functions)}
        diagonal, rest = ([to_family(t, aliases, family) for t in group] for group in entries)
        if not all(math.same(a, group[0]) for group in (diagonal, rest) for a in group[1:]):
            return None
        entry = (rf"\begin{{cases}} {diagonal[0]} & {i} = {j} \\ {rest[0]} & "
                 r"\text{otherwise} \end{cases}")
    line = candidate(target, SINGLE, replace(statement, lhs=f"J_{{{i}{j}}}", rhs=entry), live,
                     math)
    note = (f"Read your matrix {statement.quote} (cell {statement.cell}) entry by entry: "
            f"${entry}$.")
    return replace(line, notes=(note, *line.notes))


def _chosen(target: Target, candidates: dict[str, list[Candidate]], math: Math,
            notes: list[str]) -> Found:
    moved = _mislabelled(target, candidates)
    chosen: dict[str, Candidate] = {}
    rivals: dict[str, list[str]] = {}
    review: list[str] = []
    for key, group in candidates.items():
        if not group:
            continue
        pick, others, why, doubts = _choose(group, math)
        chosen[key] = pick
        rivals[key] = others
        notes += [*pick.notes, *why]
        review += [*pick.review, *doubts]
    guessed = frozenset(k for k, c in chosen.items() if c.review)
    if moved is not None:
        moved_line, missing_key, old_key = moved
        chosen[missing_key] = moved_line
        notes.append(_mislabel_note(moved_line, missing_key, old_key))
        review.append(f"a line in cell {moved_line.statement.cell} was read as the answer for "
                      f"{missing_key}; a person should confirm it")
        guessed = guessed | {missing_key}
    value = _value(target, {k: c.text for k, c in chosen.items()})
    quotes = tuple(Quote(chosen[k].statement.cell, chosen[k].statement.quote, k)
                   for k in target.keys if k in chosen)
    return Found(value, quotes, tuple(dict.fromkeys(notes)), tuple(dict.fromkeys(review)),
                 guessed, _rival_values(target, chosen, rivals))


def _whole(target: Target, lines: list[Candidate], math: Math, notes: list[str]) -> Found:
    """One line for the whole gradient: a vector gives each partial in the order of the
    keys; a single expression is read as the answer for every partial derivative (one
    that reads can be right for them all only if they are all equal: `whole`)."""
    pick, _, why, doubts = _choose(lines, math)
    quote = Quote(pick.statement.cell, pick.statement.quote)
    items = components(pick.text)
    notes = [*notes, *pick.notes, *why]
    if items is not None and len(items) == len(target.keys):
        notes.append(f"{VECTOR_READ} {pick.statement.quote} in cell {pick.statement.cell} "
                     f"as the partial derivatives by {', '.join(target.keys)}, in order.")
        value = dict(zip(target.keys, items, strict=True))
        return Found(value, (quote,), tuple(notes), tuple([*pick.review, *doubts]))
    notes.append(f"You wrote one derivative, {pick.statement.quote} (cell "
                 f"{pick.statement.cell}), for the whole function instead of one per variable: "
                 "it was graded as your answer for each partial derivative.")
    return Found({k: pick.text for k in target.keys}, (quote,), tuple(notes),
                 tuple([*pick.review, *doubts]), whole=math.readable(pick.text))


def _unmatched(target: Target, related: list[Statement], live: list[Statement]) -> Found:
    """Nothing labelled as this part, but formulas under its question: for a person,
    quoted. `missing` is for a region with nothing in it; a student who wrote a formula
    the grader could not place (a whole Jacobian as a matrix, `J = ...`) gets a person."""
    empty: Any = {k: "" for k in target.keys} if target.keyed else ""
    if related:
        quotes = tuple(Quote(s.cell, s.quote) for s in related[:MAX_RIVALS])
        lines = "; ".join(s.quote for s in related[:3])
        why = (f"has this answer for N layers ({lines}), not for the two the question asks "
               "about" if target.named else f"has lines about this function ({lines}), but "
               "none says which of its derivatives it is")
        return Found(empty, quotes, review=(f"{where([s.cell for s in related])} {why}",))
    whole = [s for s in live if _whole_object(target, s)]
    if not whole:
        return NOTHING
    quotes = tuple(Quote(s.cell, s.quote) for s in whole[:MAX_RIVALS])
    return Found(empty, quotes, review=(
        f"{where([s.cell for s in whole])} gives a whole matrix or vector under this question "
        f"({'; '.join(s.quote for s in whole[:3])}); a person will compare it with the "
        "answer",))


_MATRIX = re.compile(r"\\begin\{[pbvBV]?matrix\}")
_WHOLE_NAMES = re.compile(r"^\s*(?:J|\\nabla|D|\\mathbf\{J\}|\\text\{J\})(?![A-Za-z])")


def _whole_object(target: Target, statement: Statement) -> bool:
    """A matrix written out (`J = \\begin{pmatrix}...`) or a Jacobian named as a whole:
    an answer in a form the reader does not take apart, not nothing."""
    return not target.named and (bool(_MATRIX.search(statement.rhs))
                                 or bool(_WHOLE_NAMES.match(statement.lhs)))


def _about(target: Target, statement: Statement) -> bool:
    """A derivative of the part's own function that names no key of the part."""
    found = label(statement.lhs)
    return (isinstance(found, Derivative) and not found.written and not statement.struck
            and not target.named and allowed(target, Name(found.function)))


def _in_layers(target: Target, statement: Statement) -> bool:
    """A weight or bias part's line is written in the layers' matrices (`b = W_2 b_1 + b_2`,
    not the helper `b = 5x_2` of another question)."""
    return not (target.named and target.matrices) or bool(
        layers_used([as_layers(statement.rhs, target.matrices, 0)[0]], target.matrices))


def _shift(target: Target, live: Sequence[Statement], math: Math) -> int:
    """1 when a weight or bias part's lines count the layers from 0."""
    if not (target.named and target.matrices):
        return 0
    texts = [s.rhs for s in live if key_of(target, s.lhs, math) is not None]
    return shift_for(layers_used(texts, target.matrices))


_ALL_BUT_A_POINT = re.compile(r"\\neq?(?![A-Za-z])|!=|≠")


def _choose(group: list[Candidate], math: Math
            ) -> tuple[Candidate, list[str], list[str], list[str]]:
    """(the line graded, rival texts, notes, doubts) for one key's lines."""
    last = group[-1]
    distinct = {_plain(c.text) for c in group}
    if (last.statement.cue or last.statement.correction) and last.condition is None:
        word = "a correction" if last.statement.correction else "the conclusion"
        why = [f"Graded the last line in cell {last.statement.cell}, which you marked as "
               f"{word}."] if len(distinct) > 1 else []
        return last, [], why, []
    steady = [c for c in group if c.condition is None and math.readable(c.text)]
    special = [c for c in group if c.condition and POINT_CONDITION.match(c.condition)
               and math.readable(c.text)]
    if steady and special and len(special) == len(group) - len(steady):
        def elsewhere(line: Candidate) -> Candidate:
            return _combined([*special, replace(line, condition="otherwise")])

        general = steady[-1]
        others = list(dict.fromkeys(elsewhere(c).text for c in steady
                                    if not math.same(c.text, general.text)))
        why = [f"Read {general.statement.quote} (cell {general.statement.cell}) as the value "
               f"where {' and '.join(c.condition or '' for c in special)} does not hold, "
               "beside your line for that case."]
        if others:
            why.append(f"Found {len(others) + 1} different lines for the rest in "
                       f"{where([c.statement.cell for c in steady])}; graded the last one.")
        return elsewhere(general), others, why, []
    if not steady:
        conditional = [c for c in group if c.condition and math.readable(c.text)]
        if len(conditional) >= 2:
            return _combined(conditional), [], [
                f"Combined the lines in {where([c.statement.cell for c in conditional])} "
                "into one answer by their conditions."], []
        if (len(conditional) == 1 and last is conditional[0]
                and not POINT_CONDITION.match(last.condition or "")
                and not _ALL_BUT_A_POINT.search(last.condition or "")):
            # one side of a split domain ("1 for x > 0"): the other side may be written in
            # words the reader missed; a lone point case (the diagonal, i = j) is an
            # answer, and so is a value for every input but one (x \neq 0)
            return last, [], [], [f"only the value for {last.condition} was read, and nothing "
                                  "for the other inputs"]
        return last, [], [], []
    pick = steady[-1]
    rivals = [c for c in steady if _plain(c.text) != _plain(pick.text)][-MAX_RIVALS:]
    rivals = [c for c in rivals if not math.same(c.text, pick.text)]
    others = list(dict.fromkeys(c.text for c in rivals))
    why = []
    if others:
        label = f" for {pick.key}" if pick.key else ""
        lines = "; ".join(dict.fromkeys(c.statement.quote for c in [*rivals, pick]))
        why = [f"Found {len(others) + 1} different lines{label} in "
               f"{where([c.statement.cell for c in steady])} ({lines}); graded the last one."]
    return pick, others, why, []


def _as_latex(condition: str | None) -> str:
    """A condition typed in plain text, for the cases it joins: `i != j` is `i \\neq j`."""
    text = condition or ""
    for typed, latex in (("!=", " \\neq "), ("<=", " \\leq "), (">=", " \\geq ")):
        text = text.replace(typed, latex)
    return text


def _combined(lines: list[Candidate]) -> Candidate:
    rows = " \\\\ ".join(f"{c.text} & {_as_latex(c.condition)}" for c in lines)
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
    for n, line in enumerate(ordered):
        group = candidates[line.key]
        if len({_plain(c.text) for c in group}) < 2:
            continue
        previous = ordered[n - 1].key if n else None
        following = ordered[n + 1].key if n + 1 < len(ordered) else None
        copied_down = (previous == line.key and rank[line.key] + 1 == rank[missing]
                       and (following is None or rank[following] > rank[missing]))
        copied_up = (following == line.key and rank[line.key] - 1 == rank[missing]
                     and (previous is None or rank[previous] < rank[missing]))
        if copied_down or copied_up:
            group.remove(line)
            return line, missing, line.key
    return None


def _mislabel_note(line: Candidate, new: str, old: str) -> str:
    return (f"The line in cell {line.statement.cell} ({line.statement.quote}) is labelled "
            f"{old}, like another line, but stands where {new} belongs and {new} has no line "
            f"of its own: it was read as {new}.")


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
