"""The grader's end of the private channel refuses replies too large to hold, before
reading them in full or decoding them."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import pytest

from grader.sandbox import plain
from grader.sandbox.channel import HEADER, MAX_FRAME, Channel, OutputSink, ProtocolError


@pytest.fixture
def pipes() -> Iterator[tuple[Channel, int]]:
    """A channel, and the write end of its reply pipe (the child's side)."""
    req_r, req_w = os.pipe()
    resp_r, resp_w = os.pipe()
    out_r, out_w = os.pipe()
    channel = Channel(req_w, resp_r, out_r, OutputSink(1024))
    yield channel, resp_w
    channel.close()
    for fd in (req_r, resp_w, out_w):
        os.close(fd)


def frame(body: str, size: int | None = None) -> bytes:
    data = ('{"id":0,"body":' + body + "}").encode()
    return (len(data) if size is None else size).to_bytes(HEADER, "big") + data


EMPTIES = '{"x":[' + ",".join(["[]"] * plain.MAX_OBJECTS) + "]}"
DEEP = '{"x":' + "[" * 300 + "]" * 300 + "}"


@pytest.mark.parametrize(("data", "words"), [
    (frame("{}", size=40 * 2**20), "reply of 41943040 bytes is too large"),
    (frame(EMPTIES), "too many values"),
    (frame(DEEP), "nested 302 deep"),
    (frame('{"ok":true}') * 2, "unexpected data after the reply"),
])
def test_replies_beyond_the_limits_are_refused(pipes: tuple[Channel, int], data: bytes,
                                               words: str) -> None:
    channel, resp_w = pipes
    writer = threading.Thread(target=_write_all, args=(resp_w, data), daemon=True)
    writer.start()
    with pytest.raises(ProtocolError, match=words):
        channel.receive(time.monotonic() + 30)


def test_a_child_that_talks_on_is_cut_off(pipes: tuple[Channel, int]) -> None:
    """Frames sent while the grader is still writing its request pile up unread; the
    channel stops reading once they exceed one reply."""
    channel, resp_w = pipes
    small = frame('{"ok":true}')
    flood = small * ((MAX_FRAME + 2**17) // len(small) + 1)
    writer = threading.Thread(target=_write_all, args=(resp_w, flood), daemon=True)
    writer.start()
    request = {"op": "exec", "source": "x" * 2**20}  # more than the request pipe holds
    with pytest.raises(ProtocolError, match="more reply data than one answer may hold"):
        channel.exchange(request, time.monotonic() + 30)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view):]
    except OSError:  # the test closed the pipe
        pass
