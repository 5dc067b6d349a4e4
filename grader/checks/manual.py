"""Parts a person grades (proofs, open questions): recorded, never scored automatically."""

from __future__ import annotations

from dataclasses import dataclass

from grader.answers import MARKDOWN_PLACEHOLDER, Answer, Function, Markdown, Missing, Value
from grader.checks.base import Outcome, assert_never, missing
from grader.checks.found import described
from grader.checks.kind import Cell, CheckKind, reference
from grader.checks.registry import register
from grader.course import Part, Solution

NOTICE = "This part is graded by a person; its score is 0 until then."


@dataclass(frozen=True)
class ManualSpec:
    """A manual part's spec fields (its rubric is the part's own, `Part.rubric`)."""

    reference: str
    """The model answer's name in the solution module, shown to the person grading."""


@dataclass(frozen=True)
class ManualCheck:
    part_id: str

    def grade(self, answer: Answer) -> Outcome:
        text = _text_of(answer)
        if text is None and not isinstance(answer, Missing):
            return missing(f"`{self.part_id}`: expected a written answer (markdown under the "
                           f"heading '## {self.part_id}', or a string); found "
                           f"{described(answer)}.")
        if text is None or not text.strip() or text.strip() == MARKDOWN_PLACEHOLDER:
            return missing(f"No answer found under the heading '## {self.part_id}'.")
        return Outcome(
            credit=0.0,
            verdict="pending_manual",
            feedback=(NOTICE,),
            answer=text.strip(),
        )


def _text_of(answer: Answer) -> str | None:
    match answer:
        case Markdown(text=text):
            return text
        case Value(value=str() as text):
            return text
        case Value() | Function() | Missing():
            return None
        case _:
            assert_never(answer)


def prepare(part: Part, solution: Solution) -> ManualCheck:
    solution.get(reference(part), f"{part.where}.reference")
    return ManualCheck(part_id=part.id)


class ManualKind(CheckKind):
    """`kind: manual`: proofs and open questions, answered in markdown, graded by a person."""

    name = "manual"
    reads = "markdown"
    by_person = True
    spec_type = ManualSpec

    def recorded(self, part: Part) -> tuple[str, ...]:
        return ()

    def presence_only(self, part: Part) -> tuple[str, ...]:
        return (reference(part),)

    def prepare(self, part: Part, solution: Solution) -> ManualCheck:
        return prepare(part, solution)

    def stub(self, part: Part) -> Cell:
        return Cell("markdown", MARKDOWN_PLACEHOLDER)

    def solved(self, part: Part, solution: Solution) -> Cell:
        return Cell("markdown", str(solution.get(reference(part), "")).strip())


register(ManualKind())
