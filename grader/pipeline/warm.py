"""Imported once by the fork server that local workers are forked from (workers.py).

Importing what grading needs here, then freezing it out of the garbage collector's sight,
lets every worker share these pages with the server instead of holding a copy: a
collection in a worker would otherwise write to every object it walks and so copy them.
"""

import gc

import grader.pipeline.executors  # noqa: F401 - the whole grading stack, sympy and numpy

gc.freeze()
