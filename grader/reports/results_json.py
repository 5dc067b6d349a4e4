"""results.json: the machine-readable record every other report and LMS export starts from."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from grader.results import BatchResult, from_dict, submission_dict, to_dict

FILE = "results.json"
"""Its name in the output folder."""


def dumps(batch: BatchResult) -> str:
    return json.dumps(to_dict(batch), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write(batch: BatchResult, path: Path) -> None:
    """The same bytes as `dumps`, written one submission at a time: a class of thousands
    never exists as one dict and one string in memory at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    head, tail = dumps(dataclasses.replace(batch, submissions=())).split(_EMPTY, 1)
    with tmp.open("w", encoding="utf-8") as file:
        file.write(head + '"submissions": [')
        for index, submission in enumerate(batch.submissions):
            item = json.dumps(submission_dict(submission), indent=2, ensure_ascii=False,
                              allow_nan=False)
            file.write(("," if index else "") + "\n    " + item.replace("\n", "\n    "))
        file.write("\n  ]" if batch.submissions else "]")
        file.write(tail)
    tmp.replace(path)


_EMPTY = '"submissions": []'


def read(path: Path) -> BatchResult:
    return from_dict(json.loads(path.read_text(encoding="utf-8")))
