"""Every regular expression applied to student text runs in time linear in the text.

Student text reaches regular expressions in the grader's own process: notebook cells
(headings, free-form answers, equations in markdown), code cells before they reach the
sandbox, answer texts, file names. A pattern with nested or adjacent overlapping
quantifiers backtracks exponentially or polynomially on the right input (40 dashes, a
heading padded with spaces), so each pattern is timed on adversarial strings of growing
length and must scale like a single pass (tests/text_patterns.py has how).
"""

from __future__ import annotations

import re

import pytest

from grader.checks.text import TextCheck
from grader.notebook.freeform import prose
from grader.notebook.freeform.rewrite import (
    bare_pattern,
    family_pattern,
    mention_pattern,
    opening_pattern,
)
from grader.pipeline import Gradebook
from tests.text_patterns import Site, compiled_globals, growth, source_literals

BUILDERS = {
    ("grader.notebook.freeform.prose", "_patterns"),
    ("grader.notebook.freeform.prose", "_numbered"),
    ("grader.notebook.freeform.rewrite", "family_pattern"),
    ("grader.notebook.freeform.rewrite", "bare_pattern"),
    ("grader.notebook.freeform.rewrite", "opening_pattern"),
    ("grader.notebook.freeform.rewrite", "mention_pattern"),
    ("grader.checks.text", "_compile"),
}
"""Functions that build patterns from a course; course_patterns builds them all."""
ESCAPED = {("grader.notebook.freeform.delimited", "fixed"),
           ("grader.checks.prose.translations", "_chinese")}
"""Functions that compile escaped literals (one, or alternatives of them): one scan,
whatever the text."""


def course_patterns(gradebook: Gradebook) -> list[Site]:
    found: list[Site] = []
    for part in gradebook.course.parts:
        keys = list(part.keys)
        for builder in (prose._patterns, prose._numbered):
            for key, patterns in builder(keys).items():
                found += [Site(f"{builder.__name__}({part.id}, {key})", p) for p in patterns]
        for alias in (part.id, *part.aliases):
            found.append(Site(f"family_pattern({alias!r})", family_pattern(alias)))
            found.append(Site(f"bare_pattern({alias!r})", bare_pattern(alias)))
            found.append(Site(f"opening_pattern({alias!r})", opening_pattern(alias)))
            found.append(Site(f"mention_pattern({alias!r})", mention_pattern(alias)))
        check = gradebook.checks[part.id]
        if isinstance(check, TextCheck):
            found += [Site(f"{part.id}.accept[{key}]", p)
                      for key, patterns in check.accept.items() for p in patterns]
            found += [Site(f"{part.id}.misconception {m.name}", m.pattern)
                      for m in check.mistakes]
    return found


def all_patterns(gradebook: Gradebook) -> list[Site]:
    literals, _ = source_literals()
    unique: dict[tuple[str, int], Site] = {}
    for site in [*compiled_globals(), *literals, *course_patterns(gradebook)]:
        unique.setdefault((site.pattern.pattern, site.pattern.flags), site)
    return list(unique.values())


def test_every_pattern_is_found() -> None:
    """A pattern compiled from something other than a literal or a module constant must be
    built by a function listed in BUILDERS, or the growth test would not see it."""
    _, dynamic = source_literals()
    unknown = [where for module, function, where in dynamic
               if function is not None and (module, function) not in BUILDERS | ESCAPED]
    assert unknown == []
    assert len(list(compiled_globals())) >= 40


def test_every_pattern_on_student_text_scales_linearly(gradebook: Gradebook) -> None:
    slow = {}
    for site in all_patterns(gradebook):
        why = growth(site.pattern)
        if why is not None:
            slow[site.where] = f"{site.pattern.pattern[:60]!r}: {why}"
    assert slow == {}


@pytest.mark.parametrize("pattern", [
    r"^[ \t]*(?:[-*+>]+[ \t]*)*k1",  # the free-form item label before: 40 dashes, exponential
    r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$",  # the heading before: cubic in its padding
    r"\\\[(.+?)\\\]",  # lazy to a closer that never comes: quadratic in the openers
    r"[A-Za-z]{2,}\s+[A-Za-z]",  # a search restarting inside a run of letters: quadratic
])
def test_the_probe_catches_super_linear_patterns(pattern: str) -> None:
    assert growth(re.compile(pattern)) is not None
