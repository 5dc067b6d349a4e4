"""A text part's kernels, prepared once: their facts and the judgement of one description.

The course declares the kernels (`kernels:` in the spec, a dict in the solution module)
and which readings of the operation it accepts (`conventions:`, both by default, as
`apply_kernel` accepts both); everything else is computed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from grader.checks.prose.claims import read
from grader.checks.prose.facts import Convention, KernelFacts, facts
from grader.checks.prose.summary import summary
from grader.checks.prose.truth import Judgement, judge


@dataclass(frozen=True)
class Kernels:
    keys: tuple[str, ...]
    facts: Mapping[Convention, Mapping[str, KernelFacts]]

    def judge(self, key: str, text: str) -> Judgement:
        spellings = frozenset({key.lower(), key.lower().replace("_", "")})
        return judge(read(text, spellings), key, self.facts)

    def summary(self, key: str) -> str:
        return summary({c: by_key[key] for c, by_key in self.facts.items()})


def prepare_kernels(arrays: Mapping[str, np.ndarray],
                    conventions: tuple[Convention, ...]) -> Kernels:
    keys = tuple(arrays)
    table = {c: {k: facts(np.asarray(arrays[k], dtype=float), c) for k in keys}
             for c in conventions}
    return Kernels(keys, table)
