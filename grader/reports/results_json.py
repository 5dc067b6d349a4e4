"""results.json: the machine-readable record every other report and LMS export starts from."""

from __future__ import annotations

import json
from pathlib import Path

from grader.results import BatchResult, from_dict, to_dict


def dumps(batch: BatchResult) -> str:
    return json.dumps(to_dict(batch), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write(batch: BatchResult, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(dumps(batch), encoding="utf-8")
    tmp.replace(path)


def read(path: Path) -> BatchResult:
    return from_dict(json.loads(path.read_text(encoding="utf-8")))
