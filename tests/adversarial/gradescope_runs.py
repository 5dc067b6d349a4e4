"""Gradescope's run for several uploads in one process, as the tests need it cheaply.

`python gradescope_runs.py SOURCE ROOT...`: for each ROOT (an /autograder of its own whose
`source` is SOURCE, the zip's unpacked files), what `run_autograder` does: the zip's grader
imported from SOURCE, the working folder `ROOT/source`, then the autograder's `main()`,
which writes `ROOT/results/results.json`; what it prints goes to `ROOT/stdout.txt`. One
interpreter start and one zygote serve every upload, instead of one of each per upload.
"""

from __future__ import annotations

import contextlib
import os
import sys


def main(argv: list[str]) -> None:
    source, roots = argv[0], argv[1:]
    sys.path.insert(0, source)
    from grader.autograder import run

    for root in roots:
        os.environ[run.ROOT_VARIABLE] = root
        os.chdir(os.path.join(root, "source"))
        with open(os.path.join(root, "stdout.txt"), "w", encoding="utf-8") as out, \
                contextlib.redirect_stdout(out):
            run.main()


if __name__ == "__main__":
    main(sys.argv[1:])
