"""How student code was kept apart, in words for the instructor: one place for the line
that `grade` prints and the Gradescope autograder shows, so the two never disagree.

Anything less than namespaces comes with a warning that says what was protected and what
was not, built from what the sandboxes reported (results.json's `isolation`, `network`
and `writes`), never from what the grader meant them to do.
"""

from __future__ import annotations


def describe_isolation(isolation: str | None, network: str | None, writes: str | None) -> str:
    """`unprivileged-uid (network cut, writes only in its own folder)`, or the like."""
    if isolation is None:
        return "none (no student code ran)"
    details = [f"network {network}" if network else "",
               {"own-folder": "writes only in its own folder",
                "unconfined": "writes unconfined"}.get(writes or "", "")]
    shown = ", ".join(d for d in details if d)
    return f"{isolation} ({shown})" if shown else isolation


def warning(isolation: str | None, network: str | None, writes: str | None) -> str | None:
    """One line on what a mode other than namespaces protects and what it does not; None
    for namespaces (or when no student code ran)."""
    if isolation in (None, "namespaces"):
        return None
    cut, confined = network == "cut", writes == "own-folder"
    if isolation == "unprivileged-uid":
        what = ("no namespaces: student code ran as nobody, with no groups and no "
                "capabilities")
        safe = ["files only root may read (the course, once setup.sh made it root's alone)"]
        open_ = ["world-readable files", "the machine's other processes (it can list them)",
                 "submissions graded at the same time (nobody too)"]
    else:
        what = "student code ran with resource limits only, without namespaces"
        safe = []
        open_ = ["every file the grader's user may read (the course and its solutions too)"]
    (safe if cut else open_).append("the network")
    (safe if confined else open_).append(
        "every folder but its own, from writes" if confined
        else "writes to any folder its user may write (/tmp too)")
    protected = "; protected: " + ", ".join(safe) if safe else ""
    return f"warning: {what}{protected}; not protected: {', '.join(open_)}"
