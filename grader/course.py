"""Load a course: its config, its exercise specs (validated) and its reference solutions.

A course is data: `grader.toml`, `exercises/*.yaml` and `solutions/*.py` under one folder.
Everything the grader expects comes from here, so a bad spec is caught before any notebook
is graded, with one line naming the file, the key path and what was expected.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import yaml

from grader.checks.registry import BUILT_IN, kind_of, names
from grader.config import Config, load_config
from grader.errors import ReferenceError_, SpecError
from grader.rubric import Rubric, rubric_of


@dataclass(frozen=True)
class Part:
    id: str
    kind: str
    points: float
    prompt: str
    entry: Mapping[str, Any] = field(repr=False)
    """The part's spec entry as written (with the schema's defaults), for code that ships
    or searches it whole (the student bundle); checks read `spec`."""
    spec: Any = field(repr=False)
    """The kind's own typed spec (`kind.spec_type`), parsed from the entry once, as the
    course loads."""
    exercise: str = ""
    spec_file: Path = Path()
    index: int = 0
    hidden: bool = False
    """`hidden: true`: graded only after the hand-in; a student bundle holds its name only."""
    question: tuple[str, ...] = ()
    """`question:`, the wordings of the course notebook's question (one per course
    version); empty when the part gives none."""
    aliases: tuple[str, ...] = ()
    """`aliases:`, other names a free-form notebook may give the answer."""
    keys: tuple[str, ...] = ()
    """`keys:`, the items of an answer given as a dict; empty for a single answer."""
    rubric: Rubric = Rubric("")
    """`rubric:`, for the person grading (empty when the part has none)."""

    @property
    def where(self) -> str:
        return f"parts[{self.index}] ({self.id})"


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    prompt: str
    parts: tuple[Part, ...]
    spec_file: Path
    solution_file: Path
    other_prompts: tuple[str, ...] = ()
    """Ungraded prompts of the course notebook after this exercise's questions (the
    free-form reader ends an answer at them)."""
    labels: tuple[str, ...] = ()
    """Other words students title this exercise's answers with ("backprop", "filtros"),
    besides the words of its title."""

    @property
    def max_score(self) -> float:
        return sum(p.points for p in self.parts)


@dataclass(frozen=True)
class Course:
    root: Path
    title: str
    exercises: tuple[Exercise, ...]
    config: Config

    @property
    def limits(self) -> Mapping[str, float]:
        return self.config.limits

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(p for e in self.exercises for p in e.parts)

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)


@cache
def spec_schema() -> dict[str, Any]:
    return json.loads(resources.files("grader").joinpath("schemas/spec.schema.json").read_text())


def _validator() -> jsonschema.Draft202012Validator:
    """The spec schema, with every registered check kind a part may name: the built-in
    ones the schema file describes, and each other kind with the schema it brings."""
    schema = copy.deepcopy(spec_schema())
    part = schema["$defs"]["part"]
    part["properties"]["kind"]["enum"] = list(names())
    for name in names()[len(BUILT_IN):]:
        extra = kind_of(name).schema
        if extra is not None:
            part["allOf"].append({"if": {"properties": {"kind": {"const": name}}},
                                  "then": dict(extra)})
    return jsonschema.Draft202012Validator(schema)


def load_course(root: Path) -> Course:
    """Read and validate a whole course; raises SpecError on the first problem found."""
    root = root.resolve()
    config = load_config(root)
    exercise_dir = root / "exercises"
    if not exercise_dir.is_dir():
        raise SpecError(root, "", "expected an exercises/ folder with one YAML spec per exercise")
    files = {p.stem: p for p in sorted(exercise_dir.glob("*.yaml"))}
    if not files:
        raise SpecError(exercise_dir, "", "expected at least one exercise spec (*.yaml)")
    order = config.exercises or sorted(files)
    for name in order:
        if name not in files:
            raise SpecError(config.file, "course.exercises", f"no spec exercises/{name}.yaml")
    unlisted = sorted(set(files) - set(order))
    if unlisted:
        raise SpecError(
            config.file, "course.exercises", f"exercises/{unlisted[0]}.yaml is not listed"
        )
    # A student bundle has no solutions/: its checks come precomputed (config.checks).
    exercises = tuple(load_exercise(files[name], root, solutions=not config.is_bundle)
                      for name in order)
    _check_unique_parts(exercises)
    return Course(root=root, title=config.title, exercises=exercises, config=config)


def load_exercise(path: Path, root: Path, *, solutions: bool = True) -> Exercise:
    data = read_spec(path)
    if data["id"] != path.stem:
        raise SpecError(path, "id", f"expected '{path.stem}', the file's name")
    solution_file = (root / data["solution"]).resolve()
    if solutions and not solution_file.is_file():
        raise SpecError(path, "solution", f"no file {data['solution']} in the course")
    entries = [_with_defaults(p) for p in data["parts"]]
    parts = tuple(
        Part(
            id=p["id"],
            kind=p["kind"],
            points=float(p["points"]),
            prompt=p.get("prompt", "").strip(),
            entry=p,
            spec=kind_of(p["kind"]).parse(p),
            exercise=data["id"],
            spec_file=path,
            index=i,
            hidden=is_hidden(p),
            question=_wordings(p.get("question")),
            aliases=tuple(str(a) for a in p.get("aliases", ())),
            keys=tuple(str(k) for k in p.get("keys", ())),
            rubric=rubric_of(p.get("rubric")),
        )
        for i, p in enumerate(entries)
    )
    return Exercise(
        id=data["id"],
        title=data["title"],
        prompt=data.get("prompt", "").strip(),
        parts=parts,
        spec_file=path,
        solution_file=solution_file,
        other_prompts=tuple(data.get("other_prompts", ())),
        labels=tuple(data.get("labels", ())),
    )


def _with_defaults(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A part's spec entry with the defaults its kind's schema gives for keys left out
    (`rtol` and `atol` of a numeric part): defaults live in the schema, not in code."""
    kind = entry["kind"]
    schema = (spec_schema()["$defs"].get(kind) if kind in BUILT_IN
              else kind_of(kind).schema) or {}
    return with_defaults(entry, schema)


def with_defaults(entry: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    """An entry with the `default`s its schema node gives for keys left out."""
    defaults = {key: value["default"] for key, value in schema.get("properties", {}).items()
                if isinstance(value, Mapping) and "default" in value}
    return {**defaults, **entry}


def schema_node(*path: str) -> Mapping[str, Any]:
    """The spec schema's node at `path` (`"$defs", "test_group"`), a `$ref` followed, for
    a kind filling in the defaults of the entries nested in its spec."""
    node: Any = spec_schema()
    for step in path:
        node = node[step]
        while isinstance(node, Mapping) and "$ref" in node:
            node = spec_schema()["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def is_hidden(entry: object) -> bool:
    """Whether a part's spec entry says `hidden: true` (and nothing else counts)."""
    return isinstance(entry, Mapping) and entry.get("hidden") is True


def _wordings(question: Any) -> tuple[str, ...]:
    if not question:
        return ()
    return tuple(str(w) for w in ([question] if isinstance(question, str) else question))


def read_spec(path: Path) -> dict[str, Any]:
    """Parse one YAML spec and validate it against the versioned JSON Schema."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise SpecError(path, where, f"not valid YAML: {problem}") from None
    except UnicodeDecodeError:
        raise SpecError(path, "", "expected UTF-8 text") from None
    if not isinstance(data, dict):
        raise SpecError(path, "", "expected a mapping with spec_version, id, title, parts")
    version = data.get("spec_version")
    if version != 1:
        raise SpecError(
            path, "spec_version", f"expected 1 (the supported version), got {version!r}"
        )
    invalid = jsonschema.exceptions.best_match(
        _validator().iter_errors(data)
    )
    if invalid is not None:
        raise SpecError(path, key_path(invalid.absolute_path, data), explain(invalid))
    return data


def key_path(path: Any, data: Any) -> str:
    """`parts[2] (softmax).tests[0].cases`: list positions plus the part's id, for humans."""
    out = ""
    node = data
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += f".{step}" if out else str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return out


def explain(error: jsonschema.ValidationError) -> str:
    """What the schema expected, in words rather than schema keywords."""
    validator, instance = error.validator, error.instance
    value: Any = error.validator_value
    if validator == "required":
        missing = [k for k in value if isinstance(instance, dict) and k not in instance]
        return f"missing required key '{missing[0]}'" if missing else error.message
    if validator == "additionalProperties":
        schema: Any = error.schema
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(instance) - set(allowed)) if isinstance(instance, dict) else []
        name = extra[0] if extra else "?"
        return f"unknown key '{name}'; expected one of: {', '.join(allowed)}"
    if validator == "enum":
        return f"expected one of {', '.join(map(str, value))}, got {instance!r}"
    if validator == "const":
        return f"expected {value!r}, got {instance!r}"
    if validator == "type":
        return f"expected {_type_words(value)}, got {instance!r}"
    if validator == "pattern":
        return f"{instance!r} does not match the expected form {value}"
    if validator in ("minimum", "exclusiveMinimum", "maximum", "minItems", "minLength"):
        return f"{error.message}"
    if validator == "anyOf" and isinstance(instance, dict):
        options = [" or ".join(s.get("required", [])) for s in value]
        return f"expected one of the keys: {', '.join(options)}"
    if validator == "uniqueItems":
        return f"expected no repeated items, got {instance!r}"
    return error.message


def _type_words(value: Any) -> str:
    names = {"object": "a mapping", "array": "a list", "string": "a string",
             "number": "a number", "integer": "an integer", "boolean": "true or false",
             "null": "nothing"}
    kinds = value if isinstance(value, list) else [value]
    return " or ".join(names.get(str(k), str(k)) for k in kinds)


def _check_unique_parts(exercises: tuple[Exercise, ...]) -> None:
    seen: dict[str, Path] = {}
    for exercise in exercises:
        for part in exercise.parts:
            if part.id in seen:
                raise SpecError(
                    exercise.spec_file,
                    part.where,
                    f"part id '{part.id}' is already used in {seen[part.id].name}; "
                    "students define each part's name once",
                )
            seen[part.id] = exercise.spec_file


@dataclass(frozen=True)
class Solution:
    """A reference module from solutions/, loaded in the grader's process (trusted code)."""

    module: ModuleType
    file: Path
    spec_file: Path

    def get(self, name: str, where: str) -> Any:
        if not hasattr(self.module, name):
            raise ReferenceError_(
                self.spec_file, where, f"{self.file.name} defines no '{name}'"
            )
        return getattr(self.module, name)


def load_solution(exercise: Exercise) -> Solution:
    name = f"grader_solution_{exercise.id}"
    spec = importlib.util.spec_from_file_location(name, exercise.solution_file)
    if spec is None or spec.loader is None:
        raise ReferenceError_(exercise.spec_file, "solution", "cannot load the solution module")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # the instructor's module is broken: say where, not a traceback
        raise ReferenceError_(
            exercise.spec_file, "solution",
            f"{exercise.solution_file.name} fails to import: {type(error).__name__}: {error}",
        ) from None
    return Solution(module=module, file=exercise.solution_file, spec_file=exercise.spec_file)
