"""What a check kind is: one object that answers everything the program asks of a YAML
`kind:`.

A kind lives in one module, `grader/checks/<kind>.py`, as a `CheckKind` subclass registered
under its name (grader.checks.registry). The grader asks it, and nothing else, how to

- read a part's spec entry into the kind's own typed spec (`parse`), once, as the course
  loads, so no other code reads the entry by its keys;
- prepare a part's check from its spec and reference (`prepare`), once per batch;
- self-test that check on answers built from the reference (`probes`, `grade validate`);
- ship the check in a student bundle without solutions/ and load it back (`compile`, `load`);
- write the part's cells in the template and the solved notebook (`stub`, `solved`);
- find the answer in a free-form notebook (`reads`, `notation`), and whether a person
  grades it (`by_person`).

The defaults suit a kind whose answer is a value the student assigns to the part's name
and whose check reads the named values of the solution module.
"""

from __future__ import annotations

import pprint
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:
    from grader.answers import Answer
    from grader.checks.base import PreparedCheck
    from grader.course import Part, Solution
    from grader.mathexpr import SymbolContext

Reads = Literal["function", "expression", "prose", "markdown"]
"""Where a free-form notebook holds a kind's answer: a function the student defines, a
formula or values under the question, prose under it, or the markdown under it (which is
also where a template notebook's heading holds it)."""


@runtime_checkable
class Referenced(Protocol):
    """A spec that names its model answer in the solution module (`reference:`)."""

    @property
    def reference(self) -> str: ...


@dataclass(frozen=True)
class Notation:
    """The names a part's answers are written in, for the free-form reader telling the
    part's lines of math from others (none for a kind whose spec declares none)."""

    variables: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    matrices: tuple[str, ...] = ()
    indices: tuple[str, ...] = ()
    indexed: tuple[str, ...] = ()
    derivative_of: str | None = None
    """The function the part's derivatives are of, as written (`\\sigma(x)`)."""
    also_of: tuple[str, ...] = ()
    """Other readings of that function the part accepts (the printed formula read as
    Python reads it), for recognising it restated."""


@dataclass(frozen=True)
class Probe:
    """A known answer the self-test grades: the reference must earn full credit, a known
    mistake must not."""

    where: str
    """The place in the spec the answer comes from (`parts[2] (softmax).reference`)."""
    answer: Answer
    must_pass: bool


@dataclass(frozen=True)
class Cell:
    """A cell of the template or the solved notebook: its type and its source."""

    type: Literal["code", "markdown"]
    source: str


class CheckKind:
    """Everything one `kind:` means. Subclass it, name it, and register an instance."""

    name: ClassVar[str]
    """The YAML `kind:` value."""
    reads: ClassVar[Reads] = "expression"
    by_person: ClassVar[bool] = False
    """Whether a person grades the part (its score waits for them, `pending_manual`)."""
    schema: ClassVar[Mapping[str, Any] | None] = None
    """JSON Schema for the part's spec entry beyond the keys every part has; None for the
    built-in kinds, whose entries the course's spec schema describes."""
    spec_type: ClassVar[type[Any]]
    """The frozen dataclass of the kind's spec fields, stored on the part as `part.spec`."""

    def parse(self, entry: Mapping[str, Any]) -> Any:
        """The part's typed spec from its entry, already valid against the schema and with
        the schema's defaults filled in. By default each field of `spec_type` takes the
        entry's key of the same name (a list becomes a tuple); a field the entry leaves out
        keeps its own default."""
        return from_entry(self.spec_type, entry)

    def prepare(self, part: Part, solution: Solution) -> PreparedCheck:
        raise NotImplementedError

    def probes(self, part: Part, solution: Solution,
               check: PreparedCheck) -> Iterator[Probe]:
        """The answers `grade validate` tries on the prepared check (none by default)."""
        return iter(())

    # ------------------------------------------------------------ student bundle

    def compile(self, part: Part, solution: Solution) -> dict[str, Any]:
        """The part's check as JSON, so a bundle grades it without solutions/."""
        from grader.values import encode  # numpy: keeps `import grader.checks` light

        where = f"{part.where}.reference"
        values = {name: solution.get(name, where) for name in self.recorded(part)}
        return {"kind": self.name, "solution": {k: encode(v) for k, v in values.items()}}

    def load(self, part: Part, data: Mapping[str, Any], file: Any) -> PreparedCheck:
        """The check back from `compile`'s JSON (`file` is where it was read from)."""
        from grader.course import Solution  # cycle: grader.course imports the registry
        from grader.values import decode  # numpy: keeps `import grader.checks` light

        values = {k: decode(v) for k, v in data["solution"].items()}
        values.update({name: None for name in self.presence_only(part)})
        module = types.ModuleType("public_checks")
        module.__dict__.update(values)
        return self.prepare(part, Solution(module=module, file=file, spec_file=part.spec_file))

    def recorded(self, part: Part) -> tuple[str, ...]:
        """The solution-module names whose values the check reads: a student bundle ships
        their values (the spec's `reference` by default)."""
        return (reference(part),)

    def presence_only(self, part: Part) -> tuple[str, ...]:
        """The names of model answers the check only requires to exist: shipped as None."""
        return ()

    # ----------------------------------------------------------- free-form reading

    def sample_calls(self, check: PreparedCheck) -> Iterator[tuple[tuple[Any, ...], Any]]:
        """For a kind that reads a function: inputs with the reference's output on them,
        to tell a look-alike function that behaves like the part's from one that does not
        (none by default)."""
        return iter(())

    def notation(self, part: Part) -> Notation:
        """The names the part's answers are written in (none by default)."""
        return Notation()

    def symbols(self, check: PreparedCheck) -> SymbolContext | None:
        """The names an answer may use, for the reader choosing among lines of math (None:
        every line reads)."""
        return None

    def at(self, check: PreparedCheck, point: Mapping[str, str]) -> PreparedCheck | None:
        """The check with its references evaluated at `point`, for a question that asks for
        values there (None: the kind has no such form)."""
        return None

    # ----------------------------------------------------------------- notebooks

    def stub(self, part: Part) -> Cell:
        """The template's answer cell: the name to assign, left empty."""
        if part.keys:
            return Cell("code", f"{part.id} = {literal({k: '' for k in part.keys})}")
        return Cell("code", f'{part.id} = ""  # Write your answer here')

    def solved(self, part: Part, solution: Solution) -> Cell:
        """The solved notebook's answer cell: the reference, assigned to the part's name."""
        return Cell("code", f"{part.id} = {literal(solution.get(reference(part), ''))}")


def reference(part: Part) -> str:
    """The solution-module name of the part's model answer (its spec's `reference`)."""
    spec = part.spec
    if not isinstance(spec, Referenced):
        raise TypeError(f"a {part.kind} part's spec names no reference")
    return spec.reference


def from_entry(spec_type: type[Any], entry: Mapping[str, Any]) -> Any:
    """A spec dataclass from the entry's keys of its fields' names, lists as tuples."""
    if not is_dataclass(spec_type):
        raise TypeError(f"{spec_type.__name__} is not a dataclass")
    return spec_type(**{f.name: _frozen(entry[f.name]) for f in fields(spec_type)
                        if f.name in entry})


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def literal(value: Any) -> str:
    """A value as Python source, as an instructor would lay it out."""
    return pprint.pformat(value, width=88, sort_dicts=False)
