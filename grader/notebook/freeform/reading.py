"""One notebook read as a teaching assistant reads it: questions found, answers under them.

Built once per submission from the notebook's text and the course specs (each part's
`question:` wording, inherited by the parts after it, and its `aliases:`); nothing here runs
student code. The pipeline asks it for each part's answer by kind.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from grader.answers import Markdown
from grader.checks.registry import kind_of
from grader.course import Course, Part
from grader.notebook.freeform import assigned, expressions, prose, segments
from grader.notebook.freeform.cells import (
    Cell,
    Definition,
    cells_of,
    comment_prose,
    definitions,
    function_names,
    prose_in_code,
)
from grader.notebook.freeform.denote import Math, Target, target_of
from grader.notebook.freeform.found import NOTHING, Found, Quote, where
from grader.notebook.freeform.functions import FunctionCandidate, candidates, unnamed
from grader.notebook.freeform.labels import Derivative, is_prose, label
from grader.notebook.freeform.latex import is_constant
from grader.notebook.freeform.locate import Located, Question, locate, prompt_cells
from grader.notebook.freeform.sections import Names, owner, sequence_key
from grader.notebook.freeform.statements import Statement, statements
from grader.notebook.reader import Notebook, heading_of, markdown_answers

_VALUE = re.compile(
    r"(?<![A-Za-z0-9_])([A-Za-z])_?\{?(\d)\}?[ \t]*+=[ \t]*+(-?\d+(?:\.\d+)?)(?![\d.])")
"""`x1 = 1`, `x_2 = -2` in a question's plain text."""
_MATH = re.compile(r"\$\$[^$]*+\$\$|\$[^$]*+\$")

NOT_FOUND = ("the question was not found in the notebook, so the whole notebook was "
             "searched; a person should check that this answer belongs to this question")


def questions_of(course: Course) -> list[Question]:
    """One Question per distinct wording; a part without one shares the previous part's.
    A `question:` that lists several wordings (course versions) is one question."""
    grouped: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for exercise in course.exercises:
        wordings: tuple[str, ...] = ()
        for part in exercise.parts:
            if part.question:
                wordings = part.question
            wordings = wordings or (part.prompt or exercise.prompt,)
            grouped.setdefault((exercise.id, wordings), []).append(part.id)
    return [Question(wordings[0], tuple(ids), tuple(ids), wordings)
            for (_, wordings), ids in grouped.items()]


def other_prompts(course: Course) -> list[str]:
    return [text for exercise in course.exercises for text in exercise.other_prompts]


def is_template(notebook: Notebook, course: Course) -> bool:
    """The course's template (a `## part_id` heading per part), filled in by a student."""
    ids = {p.id for p in course.parts}
    for _, source in notebook.markdown_cells:
        heading = heading_of(source)
        if heading is not None and heading[1] in ids:
            return True
    return False


@dataclass(frozen=True)
class FreeformReading:
    notebook: Notebook
    course: Course

    @cached_property
    def cells(self) -> tuple[Cell, ...]:
        return cells_of(self.notebook)

    @cached_property
    def definitions(self) -> tuple[Definition, ...]:
        return definitions(self.cells)

    @cached_property
    def located(self) -> dict[str, Located]:
        return locate(self.cells, questions_of(self.course), other_prompts(self.course))

    @cached_property
    def template(self) -> bool:
        return is_template(self.notebook, self.course)

    def names(self) -> list[str]:
        """Every function the code defines, for the sandbox to hand back."""
        return function_names(self.cells)

    def question_cell(self, part: Part) -> int | None:
        located = self.located.get(part.id)
        return located.cell if located is not None else None

    def region(self, part: Part) -> tuple[tuple[Cell, ...], tuple[str, ...]]:
        """The part's answer cells (without text labelled for another question of its
        exercise), and a doubt when its question could not be found."""
        located = self.located.get(part.id)
        if located is not None and located.found:
            return self._listed(part) or segments.own(located.chunks, located.question,
                                                      self._names), ()
        return self.cells, (NOT_FOUND,)

    @cached_property
    def _names(self) -> Names:
        """The names of every question, each from its exercise's (segments.py); the
        exercises in the order this notebook asks them, for labels that number them."""
        exercises = [(" ".join((exercise.title, *exercise.labels)),
                      self._questions(exercise.id)) for exercise in self.course.exercises]
        asked = sorted((e for e in exercises if e[1]), key=lambda e: min(
            self._cell_of(q) for q in e[1]))
        return segments.course_names(asked + [e for e in exercises if not e[1]])

    def _cell_of(self, question: Question) -> float:
        cells = [f.cell for f in self.located.values()
                 if f.question is question and f.cell is not None]
        return min(cells) if cells else float("inf")

    def _questions(self, exercise: str) -> list[Question]:
        ids = [p.id for p in self.course.parts if p.exercise == exercise]
        return list(dict.fromkeys(self.located[i].question for i in ids if i in self.located))

    @cached_property
    def _found_elsewhere(self) -> dict[tuple[str, str], tuple[Cell, ...]]:
        """`gathered` and `later` of each part, once: several readers of a part ask."""
        return {}

    def gathered(self, part: Part) -> tuple[Cell, ...]:
        """Text labelled for the part's question in its exercise's other answers; or,
        without any label, its item of a list numbered like the exercise's questions
        ("Answers: 1. … 2. … 3. …" after the three)."""
        key = ("gathered", part.id)
        if key not in self._found_elsewhere:
            self._found_elsewhere[key] = self._gathered(part)
        return self._found_elsewhere[key]

    def _gathered(self, part: Part) -> tuple[Cell, ...]:
        located = self.located.get(part.id)
        if located is None:
            return ()
        siblings = self._questions(part.exercise)
        regions = sorted({(found.cell, found.chunks) for found in self.located.values()
                          if found.cell is not None and found.question in siblings
                          and found.question is not located.question}, key=lambda r: r[0])
        labelled = tuple(cell for _, chunks in regions
                         for cell in segments.labelled(chunks, located.question, self._names))
        return labelled or self._listed(part)

    def _listed(self, part: Part) -> tuple[Cell, ...]:
        """The part's item of a list numbered 1 to n under the last of its exercise's n
        questions, when nothing is written under the others: the answers after the
        questions, in their order (segments.numbered_item)."""
        located = self.located.get(part.id)
        siblings = self._questions(part.exercise)
        if located is None or len(siblings) < 2 or located.question not in siblings:
            return ()
        regions = {f.question: f.chunks for f in self.located.values()}
        asked = {f.cell for f in self.located.values() if f.cell is not None}
        if any(c.kind == "markdown" and c.text.strip() and c.index not in asked
               for q in siblings[:-1] for c in regions.get(q, ())):
            return ()  # the rest of a question's own cell is the course's, not an answer
        return segments.numbered_item(regions.get(siblings[-1], ()),
                                      siblings.index(located.question), len(siblings))

    def later(self, part: Part) -> tuple[Cell, ...]:
        """Text labelled for the part's question among the answers to later exercises, or
        in cells after it that answer no question: all the answers written in one cell at
        the end, each under its name ("Sigmoid: ...")."""
        located = self.located.get(part.id)
        if located is None:
            return ()
        key = ("later", part.id)
        if key not in self._found_elsewhere:
            self._found_elsewhere[key] = self._labelled_later(part, located.question)
        return self._found_elsewhere[key]

    def _labelled_later(self, part: Part, owner: Question | None) -> tuple[Cell, ...]:
        """Text labelled for `owner` after the part's question, outside its exercise."""
        located = self.located.get(part.id)
        if located is None or located.cell is None or owner is None:
            return ()
        siblings = self._questions(part.exercise)
        after = [found for found in self.located.values() if found.cell is not None
                 and found.cell > located.cell and found.question not in siblings]
        regions = {(found.chunks[0].index, found.chunks) for found in after if found.chunks}
        regions |= {(found.further[0].index, found.further) for found in after if found.further}
        regions |= {(run[0].index, run) for run in self._unclaimed
                    if run[0].index > located.cell}
        return tuple(cell for _, chunks in sorted(regions, key=lambda r: r[0])
                     for cell in segments.labelled(chunks, owner, self._names))

    @cached_property
    def _unclaimed(self) -> tuple[tuple[Cell, ...], ...]:
        """Runs of cells that are no question's, answer or prompt: answers gathered under a
        heading of their own after the course's last question."""
        claimed = set(prompt_cells(self.cells, other_prompts(self.course)))
        for found in self.located.values():
            if found.cell is not None:
                start = found.start if found.start is not None else found.cell
                claimed |= set(range(start, found.cell + 1))
            claimed |= {c.index for c in (*found.chunks, *found.further)}
        runs: list[list[Cell]] = []
        for cell in self.cells:
            if cell.index in claimed:
                continue
            if runs and runs[-1][-1].index == cell.index - 1:
                runs[-1].append(cell)
            else:
                runs.append([cell])
        return tuple(tuple(run) for run in runs)

    def point(self, part: Part, found: Found) -> dict[str, str] | None:
        """The values the course notebook gives the part's variables ("Use these values -
        x1 = 1, x2 = 3, ..."), in its exercise's question cells, when every answer read is
        a number: the question then asks for the derivatives' values there."""
        variables = [str(v) for v in kind_of(part.kind).notation(part).variables]
        values = found.value.values() if isinstance(found.value, dict) else ()
        texts = [str(v) for v in values if str(v).strip()]
        if not variables or not texts or not all(is_constant(t) for t in texts):
            return None
        given: dict[str, str] = {}
        for text in self._question_texts(part.exercise):
            for match in _VALUE.finditer(_MATH.sub(" ", text)):
                given.setdefault(f"{match.group(1)}{match.group(2)}", match.group(3))
        point = {v: given[v] for v in variables if v in given}
        return point if len(point) == len(variables) else None

    def _question_texts(self, exercise: str) -> list[str]:
        ids = {p.id for p in self.course.parts if p.exercise == exercise}
        spans = {(found.start, found.cell) for part_id, found in self.located.items()
                 if part_id in ids and found.cell is not None and found.start is not None}
        return [c.text for c in self.cells if c.kind == "markdown"
                and any(start <= c.index <= end for start, end in spans)]

    def further(self, part: Part) -> tuple[Cell, ...]:
        """Cells under the ungraded prompts after the part's question, up to the next."""
        located = self.located.get(part.id)
        return located.further if located is not None else ()

    def expression(self, part: Part, math: Math) -> Found:
        chunks, doubts = self.region(part)

        def read(cells: tuple[Cell, ...]) -> Found:
            return expressions.extract(part, statements(cells), math)

        found = read(chunks)
        if found.empty and not self.template:
            found = self._assigned(part, chunks, math, found)
        found = self._wider(part, found, read)
        if found.empty and not found.review:
            found = self._written_out(part, math, found)
        if found.empty and not found.review and not doubts:
            found = self._restated(part, math, found)
        if found.empty and not found.review and not doubts:
            found = self._bare(part, self._unlabelled(chunks), math, found)
        if found.empty and not found.review and not doubts:
            labelled = self.gathered(part) or self.later(part)
            found = self._bare(part, self._unlabelled(labelled), math, found, labelled=True)
        return _doubted(found, doubts)

    def _unlabelled(self, cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
        """Labelled answers without their labels (`Sigmoid: $...$`, `| ReLU | $...$ |`,
        `**(b)**`): what is left is the formula the label names."""
        out: list[Cell] = []
        for cell in cells:
            first, _, rest = cell.text.partition("\n")
            if cell.kind == "markdown" and (owner(first, self._names) is not None
                                            or sequence_key(first) is not None):
                if first.lstrip().startswith("|"):  # a table row: its first cell is the label
                    first = " ".join(first.strip().strip("|").split("|")[1:])
                else:
                    first = _LABEL_PART.sub("", first, count=1)
                cell = Cell(cell.index, cell.kind, f"{first}\n{rest}".strip())
            out.append(cell)
        return tuple(out)

    def _bare(self, part: Part, chunks: tuple[Cell, ...], math: Math, found: Found,
              labelled: bool = False) -> Found:
        """A formula with no name before it, alone under a question that only this part
        answers in math (`1, 5, -6x3` under the first formula; `0 (x<0), 1 (x>0)` under
        ReLU), or alone after the question's label among answers gathered elsewhere: the
        answer, as a teaching assistant reads it, when no words are around it."""
        located, target = self.located.get(part.id), target_of(part)
        if located is None or target.named:
            return found
        sharing = [p for p in self.course.parts if kind_of(p.kind).reads == "expression"
                   and (other := self.located.get(p.id)) is not None
                   and other.question is located.question]
        written = [c for c in chunks if c.kind == "markdown" and c.text.strip()]
        if len(sharing) != 1 or not written or any(
                is_prose(_MATH.sub(" ", c.text)) for c in written):
            return found
        lines = statements(tuple(written), own=True)
        if target.keyed and len(lines) > 1 and not any(s.lhs or s.condition for s in lines):
            if len(lines) == len(target.keys):
                return self._in_order(part, target, lines, math, found)
            quotes = tuple(Quote(s.cell, s.quote) for s in lines)
            return dataclasses.replace(found, quotes=quotes, review=(
                f"{len(lines)} formulas with no names in "
                f"{where(sorted({s.cell for s in lines}))} for {len(target.keys)} partial "
                "derivatives: which answers which is not clear",))
        more = expressions.extract(part, lines, math, own=True)
        named = _named_for(target)
        if more.empty and named is not None and len(written) == 1:
            text = written[0].text.strip()
            cell = Cell(written[0].index, "markdown", named.format(text))
            more = expressions.extract(part, statements((cell,)), math)
            more = dataclasses.replace(more, quotes=(Quote(cell.index, text),))
        if more.empty:
            return found
        cells = where([q.cell for q in more.quotes])
        note = (f"Read the formula after this question's label in {cells} as your answer."
                if labelled else f"Read the formula in {cells}, written under the question "
                "with no name before it, as your answer.")
        return dataclasses.replace(more, notes=(note, *more.notes))

    def _in_order(self, part: Part, target: Target, lines: tuple[Statement, ...], math: Math,
                  found: Found) -> Found:
        """As many formulas as the part has partials, none named: the partials in the
        order of the variables, as a teaching assistant reads `$1$ $5$ $-6x_3$`."""
        letter = _function_letter(target)
        if letter is None:
            return found
        cell = min(s.cell for s in lines)
        text = (rf"$\nabla {letter} = \left({', '.join(s.rhs for s in lines)}\right)$")
        more = expressions.extract(part, statements((Cell(cell, "markdown", text),)), math)
        if more.empty:
            return found
        order = ", ".join(target.keys)
        note = (f"Read the {len(lines)} formulas in {where(sorted({s.cell for s in lines}))}, "
                f"written with no names, as the partial derivatives by {order}, in order.")
        quotes = tuple(Quote(s.cell, s.quote) for s in lines)
        own = tuple(n for n in more.notes if not n.startswith(expressions.VECTOR_READ))
        return dataclasses.replace(more, quotes=quotes, notes=(note, *own))

    def _restated(self, part: Part, math: Math, found: Found) -> Found:
        """The part's formula restated, with its answers, among the answers to its
        exercise's other questions (restated.py)."""
        located = self.located.get(part.id)
        siblings = self._questions(part.exercise)
        cells = sorted({cell for other in self.located.values()
                        if other.found and other.question in siblings and located is not None
                        and other.question is not located.question for cell in other.chunks},
                       key=lambda c: c.index)
        if located is not None:  # and the text titled for the whole exercise, further on
            cells += self._labelled_later(part, self._names.whole_of(located.question))
        more = expressions.extract(part, statements(tuple(cells)), math,
                                   restated_only=True) if cells else NOTHING
        if more.empty:
            return found
        note = (f"Nothing was found right under the question; the answer was read from "
                f"{where([q.cell for q in more.quotes])}, under your restatement of this "
                "formula among the answers to this exercise's other questions.")
        return dataclasses.replace(more, notes=(note, *more.notes))

    def _written_out(self, part: Part, math: Math, found: Found) -> Found:
        """Lines under the exercise's other questions whose label writes this part's
        function out (a table of every function, one a row): they can be no other part's."""
        located = self.located.get(part.id)
        if located is None:
            return found
        cells = tuple(cell for found_ in sorted(self.located.values(), key=_first_cell)
                      if found_.question in self._questions(part.exercise)
                      and found_.question is not located.question for cell in found_.chunks)
        lines = [s for s in statements(tuple(dict.fromkeys(cells)))
                 if isinstance(d := label(s.lhs), Derivative) and d.written]
        more = expressions.extract(part, lines, math) if lines else NOTHING
        if more.empty:
            return self._unplaced(part, lines, math, found)
        note = (f"Nothing was found under this question; {where([q.cell for q in more.quotes])} "
                "gives the derivatives of this function, written out, under another question.")
        return dataclasses.replace(more, notes=(note, *more.notes))

    def _assigned(self, part: Part, chunks: tuple[Cell, ...], math: Math,
                  found: Found) -> Found:
        """No equation answers the part: a value its code assigns under a telling name
        (assigned.py) does, when there is one; else what the equations gave."""
        wanted = assigned.Wanted(part.id, tuple(map(str, part.aliases)),
                                 tuple(p.id for p in self.course.parts if p.id != part.id))
        values = assigned.expression(target_of(part), wanted, chunks, math)
        return found if values.empty and not values.review else values

    def written_below(self, part: Part, math: Math) -> Found:
        """In the template, the equations a student wrote in Markdown cells added under the
        part's heading (`**Answer:** $\\sigma'(x) = ...$`), for a variable left empty."""
        answer = self._headed.get(part.id)
        if answer is None:
            return NOTHING
        wanted = set(answer.cells)
        cells = tuple(c for c in self.cells if c.index in wanted and c.kind == "markdown"
                      and heading_of(c.text) is None)
        return expressions.extract(part, statements(cells, own=True), math, own=True)

    @cached_property
    def _headed(self) -> dict[str, Markdown]:
        return markdown_answers(self.notebook, [p.id for p in self.course.parts])

    def prose(self, part: Part) -> Found:
        chunks, doubts = self.region(part)
        keys = list(part.keys)

        def read(cells: tuple[Cell, ...]) -> Found:
            return prose.extract(cells, keys, labelled_only=True)

        return _doubted(self._wider(part, prose.extract(chunks, keys), read), doubts)

    def _wider(self, part: Part, found: Found, read: Callable[[tuple[Cell, ...]], Found],
               labelled_only: bool = False) -> Found:
        """When the part's own cells hold nothing for it: its answer after the course's
        next prompts (unless `labelled_only`: any text there reads as a manual answer),
        or under its label among its exercise's other answers, said so."""
        if not found.empty or found.review:
            return found
        further = () if labelled_only else self.further(part)
        for cells, where_ in ((further, "under the course's next instructions"),
                              (self.gathered(part), "where it is labelled among the answers "
                                                    "to this exercise's other questions"),
                              (self.later(part), "where it is labelled among your answers "
                                                 "to a later exercise")):
            more = read(cells) if cells else NOTHING
            if not more.empty:
                note = (f"Nothing was found right under the question; the answer was read "
                        f"from {where([q.cell for q in more.quotes])}, {where_}.")
                return dataclasses.replace(more, notes=(note, *more.notes))
        return found

    def manual(self, part: Part) -> Found:
        """The markdown under the question, plus prose a student typed into code cells; or,
        with nothing there, the text labelled for the question elsewhere (`_wider`)."""
        located = self.located.get(part.id)
        if located is None or not located.found:
            return NOTHING
        return self._wider(part, _manual_text(located.chunks), _manual_text, labelled_only=True)

    def functions(self, part: Part) -> list[FunctionCandidate]:
        others = [p.id for p in self.course.parts if p.id != part.id]
        aliases = list(part.aliases)
        return candidates(part.id, aliases, others, self.definitions)

    def nearby_functions(self, part: Part) -> list[FunctionCandidate]:
        """Functions defined under the part's question (and the course's next prompts),
        whatever their names (functions.unnamed)."""
        located = self.located.get(part.id)
        if located is None or not located.found:
            return []
        cells = {cell.index for cell in (*located.chunks, *located.further)}
        nearby = [d for d in self.definitions if d.cell in cells]
        others = [p.id for p in self.course.parts if p.id != part.id]
        return unnamed(part.id, list(part.aliases), others, nearby)

    def defined(self, name: str) -> Definition | None:
        """Where a name is (last) defined, for telling the student which cell was graded."""
        matches = [d for d in self.definitions if d.name == name]
        return matches[-1] if matches else None

    def _unplaced(self, part: Part, lines: list[Statement], math: Math, found: Found) -> Found:
        """Derivatives of a function written out that is none of the exercise's (a table row
        about z read another way): a person says which question they answer."""
        functions = [of for p in self.course.parts if p.exercise == part.exercise
                     for of in target_of(p).readings]
        unplaced = [s for s in lines if not any(
            math.same(d.written, f) for f in functions
            if isinstance(d := label(s.lhs), Derivative))]
        if not unplaced:
            return found
        quotes = tuple(Quote(s.cell, s.quote) for s in unplaced[:3])
        target = target_of(part)
        empty = {k: "" for k in target.keys} if target.keyed else ""
        return Found(empty, quotes, review=(
            f"{where([s.cell for s in unplaced])} gives the derivatives of a function written "
            "out that matches none of this exercise's questions; a person should say which "
            "one it answers",))


_LABEL_PART = re.compile(r"^[^$:]*+(?::|(?=\$))|^[ \t]*+(?:#++|\*\*|__)[^$]*+$")
"""A label line's label: what stands before its colon or its first formula, or all of a
heading or bold line."""


def _named_for(target: Target) -> str | None:
    """A typed left-hand side that names the part, to read a bare typed answer with: the
    derivative of its first one-letter function by its variable (`f'(x) = {}`), or the
    gradient of a keyed part's function (`dz/dx = ({})`, a vector of its partials)."""
    letter = _function_letter(target)
    if letter is None or target.indexed or len(target.variables) == 0:
        return None
    if target.keyed:
        return f"d{letter}/d{target.variables[0].rstrip('0123456789')} = ({{}})"
    return f"{letter}'({target.variables[0]}) = {{}}"


def _function_letter(target: Target) -> str | None:
    """The first one-letter name the part's function goes by (`f`, `z`)."""
    return next((f.name for f in target.functions if len(f.name) == 1 and f.name.isalpha()),
                None)


def _manual_text(cells: tuple[Cell, ...]) -> Found:
    texts: list[str] = []
    quotes: list[Quote] = []
    notes: list[str] = []
    for chunk in cells:
        text = chunk.text.strip() if chunk.kind == "markdown" else "\n\n".join(
            t for t in (prose_in_code(chunk), comment_prose(chunk)) if t)
        if not text:
            continue
        if chunk.kind == "code":
            notes.append(f"Part of this answer is text written in code cell {chunk.index}.")
        texts.append(text)
        quotes.append(Quote(chunk.index, text))
    if not texts:
        return NOTHING
    return Found("\n\n".join(texts), tuple(quotes), tuple(notes))


def _first_cell(found: Located) -> int:
    return found.cell if found.cell is not None else -1


def _doubted(found: Found, doubts: tuple[str, ...]) -> Found:
    if not doubts or found.empty:
        return found
    keys = frozenset(found.value) if isinstance(found.value, dict) else frozenset({""})
    return Found(found.value, found.quotes, found.notes, found.review + doubts, keys,
                 found.rivals, found.whole)


__all__ = ["FreeformReading", "is_template", "other_prompts", "questions_of", "where"]
