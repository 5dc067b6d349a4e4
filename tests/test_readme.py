"""The README is the contract for set-up and the CLI: CI runs its test command verbatim."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def fenced_commands() -> list[str]:
    return re.findall(r"```\n(python3 -m venv[^\n]*)\n```", README)


def test_readme_has_exactly_three_setup_commands():
    commands = fenced_commands()
    assert len(commands) == 3
    assert "grade examples/submissions --out out" in commands[0]
    assert "pytest" in commands[1]
    assert "grade examples/submissions --out out" in commands[2]
    assert commands[2].endswith("grade review out; }")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert fenced_commands()[1] in ci


def test_every_command_and_option_is_documented():
    from grader.cli import COMMANDS, parser_for

    for command in (None, *COMMANDS):
        if command is not None:
            assert f"grade {command}" in README
        for parser in _with_subcommands(parser_for(command)):
            for action in parser._actions:
                for flag in action.option_strings:
                    if flag not in ("-h", "--help", "--version"):
                        assert flag in README, f"{flag} of {parser.prog} not in README"


def _with_subcommands(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """A command's parser and those of its own subcommands (`grade export canvas`)."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                assert sub.prog in README, f"{sub.prog} not in README"
                yield from _with_subcommands(sub)
