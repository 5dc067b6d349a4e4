#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image: a Python 3.11 or newer
# in its own virtualenv (/autograder/venv), with the grader and its dependencies installed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
if python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    apt-get install -y -q python3-venv
    python=python3
else
    apt-get install -y -q python3.11 python3.11-venv
    python=python3.11
fi
"$python" -m venv /autograder/venv
/autograder/venv/bin/pip install -q /autograder/source
# Student code runs as nobody where the container forbids namespaces (Gradescope's does):
# the course's specs and reference solutions are root's alone.
chmod -R go-rwx /autograder/source/course
