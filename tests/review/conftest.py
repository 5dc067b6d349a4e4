"""The review app served for real (uvicorn in a thread), and pages to drive it with."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader.reports import results_json
from grader.review.app import create_app
from grader.review.service import Review
from tests.review.classroom import make_out


@dataclass
class Served:
    url: str
    out: Path
    review: Review


def serve(review: Review) -> Iterator[str]:
    """The app on a free loopback port for as long as the generator is open."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(review, ["127.0.0.1"]),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def served(tmp_path, course) -> Iterator[Served]:
    out = make_out(tmp_path)
    review = Review(out, results_json.read(out / "results.json"), course)
    for url in serve(review):
        yield Served(url, out, review)
