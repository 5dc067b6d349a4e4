"""The Gradescope autograder: a zip Gradescope installs once, and the run it does per upload.

`build.build_zip` (for `grade export gradescope`) packs `setup.sh` and `run_autograder` at
the zip's root, with this package and the course (grader.toml, exercises/, solutions/)
inside. On Gradescope, `run_autograder` runs `python -m grader.autograder`, which grades
the notebook in `/autograder/submission/` and writes `/autograder/results/results.json`
(`run.py`). The environment variable GRADER_AUTOGRADER_ROOT moves `/autograder`, so tests
run the same script against a fake tree.
"""
