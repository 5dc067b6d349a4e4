"""The course's environment: are the packages its notebooks import there where grading runs?

Student code runs in a sandbox built from this interpreter and its sys.path, so a package
installed here is importable there, and one that is not makes a student's import fail
although it ran on their machine. `grade validate` asks before anyone is graded.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

from packaging.requirements import Requirement

from grader.config import Config


@dataclass(frozen=True)
class MissingPackage:
    index: int
    """Its place in grader.toml's `environment.packages`."""
    requirement: str
    problem: str


def missing_packages(config: Config) -> list[MissingPackage]:
    """Each declared package that is not installed here, or not in a wanted version."""
    missing = []
    for index, text in enumerate(config.packages):
        requirement = Requirement(text)
        try:
            version = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            missing.append(MissingPackage(index, text, f"{requirement.name} is not installed "
                                          f"where grading runs (pip install '{text}')"))
            continue
        if requirement.specifier and not requirement.specifier.contains(version,
                                                                         prereleases=True):
            missing.append(MissingPackage(index, text, f"{requirement.name} {version} is "
                                          f"installed, {requirement.specifier} is wanted "
                                          f"(pip install '{text}')"))
    return missing
