"""Deadline-bounded, length-prefixed JSON exchanges with the child process.

The grader never blocks on the child: every read and write waits in
poll(2) with a deadline, and student output is drained in the same loop so
a child that floods stdout cannot stall behind a full pipe.
"""

from __future__ import annotations

import contextlib
import math
import os
import select
import time
from typing import Any

from grader.sandbox import plain

HEADER = 4
MAX_FRAME = plain.MAX_REPLY_BYTES
_CHUNK = 1 << 16


class ChildTimeout(Exception):
    """The child did not answer before the deadline."""


class ChildGone(Exception):
    """The child closed its end of the channel, usually because it died."""


class ProtocolError(Exception):
    """The child sent something that is not a well-formed answer."""


class OutputSink:
    """Keeps the first ``limit`` bytes of student output and counts the rest."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()
        self.dropped = 0

    def feed(self, chunk: bytes) -> None:
        room = self.limit - len(self.data)
        if room > 0:
            self.data += chunk[:room]
        self.dropped += max(0, len(chunk) - max(room, 0))

    def note(self, text: str) -> None:
        """Add a grader remark (e.g. a restart) if there is still room."""
        self.feed(f"\n[{text}]\n".encode())

    def text(self) -> str:
        out = self.data.decode("utf-8", errors="replace")
        if self.dropped:
            out += f"\n[... {self.dropped} more bytes of output dropped]"
        return out


class Channel:
    """The grader's ends of the three pipes to one child."""

    def __init__(self, req_w: int, resp_r: int, out_r: int, sink: OutputSink) -> None:
        for fd in (req_w, resp_r, out_r):
            os.set_blocking(fd, False)
        self.req_w, self.resp_r, self.out_r = req_w, resp_r, out_r
        self.sink = sink
        self.out_open = True
        self.next_id = 1
        self.received = bytearray()
        """Bytes read past the last frame: a streamed request's next answers."""

    def close(self) -> None:
        for fd in (self.req_w, self.resp_r, self.out_r):
            with contextlib.suppress(OSError):
                os.close(fd)

    def exchange(self, message: dict[str, Any] | str | None, deadline: float, *,
                 more: bool = False) -> dict[str, Any]:
        """Send ``message`` (None: just wait for the greeting) and return the reply body;
        ``more``: the request is answered in several frames, read the rest with
        ``receive``. A message given as text is a JSON object already encoded by
        ``plain`` (the request id is put in front of its members)."""
        if message is None:
            request_id, pending = 0, b""
        else:
            request_id = self.next_id
            self.next_id += 1
            if isinstance(message, str):
                text = '{"id":' + str(request_id) + "," + message.removeprefix("{")
            else:
                text = plain.dumps({**message, "id": request_id})
            data = text.encode("utf-8")
            pending = len(data).to_bytes(HEADER, "big") + data
        return self._reply(self._pump(pending, deadline), request_id, more)

    def receive(self, deadline: float, *, more: bool = False) -> dict[str, Any]:
        """The next frame of the streamed request sent last."""
        return self._reply(self._pump(b"", deadline), self.next_id - 1, more)

    def _reply(self, frame: bytes, request_id: int, more: bool) -> dict[str, Any]:
        if self.received and not more:
            raise ProtocolError("unexpected data after the reply")
        self.drain_output()
        return self._parse(frame, request_id)

    def _pump(self, pending: bytes, deadline: float) -> bytes:
        frame = _take_frame(self.received)
        if frame is not None and not pending:
            return frame
        # poll, not a selector: registering costs no system call, and a channel is
        # pumped once per answer
        poller = select.poll()
        poller.register(self.resp_r, select.POLLIN)
        if self.out_open:
            poller.register(self.out_r, select.POLLIN)
        if pending:
            poller.register(self.req_w, select.POLLOUT)
        while True:
            if frame is None:
                frame = _take_frame(self.received)
            if frame is not None and not pending:
                return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ChildTimeout()
            for fd, _ in poller.poll(math.ceil(remaining * 1000)):
                if fd == self.req_w:
                    pending = self._write_some(pending)
                    if not pending:
                        poller.unregister(self.req_w)
                elif fd == self.out_r:
                    if not self._read_output():
                        poller.unregister(self.out_r)
                else:
                    self._take_available()

    def _take_available(self) -> None:
        """Add what the child has written, if anything, to the bytes received."""
        chunk = _read(self.resp_r)
        if chunk == b"":
            raise ChildGone()
        self.received += chunk or b""
        if len(self.received) > HEADER + MAX_FRAME + _CHUNK:
            # an honest child waits for each request; this one talks on
            raise ProtocolError("more reply data than one answer may hold")

    def _write_some(self, pending: bytes) -> bytes:
        try:
            written = os.write(self.req_w, pending)
        except BlockingIOError:
            return pending
        except OSError as exc:  # EPIPE: the child is gone
            raise ChildGone() from exc
        return pending[written:]

    def _read_output(self) -> bool:
        """Move available output into the sink; False once the pipe is closed."""
        chunk = _read(self.out_r)
        if chunk == b"":
            self.out_open = False
            return False
        if chunk:
            self.sink.feed(chunk)
        return True

    def drain_output(self) -> None:
        """Collect output already in the pipe without waiting for more."""
        while self.out_open:
            try:
                chunk = os.read(self.out_r, _CHUNK)
            except BlockingIOError:
                return
            if not chunk:
                self.out_open = False
                return
            self.sink.feed(chunk)

    def _parse(self, frame: bytes, request_id: int) -> dict[str, Any]:
        try:
            reply = plain.loads(frame.decode("utf-8"))
        except (UnicodeDecodeError, plain.PlainError) as exc:
            raise ProtocolError(str(exc)) from None
        if type(reply) is not dict or reply.get("id") != request_id:
            raise ProtocolError("reply does not match the request")
        body = reply.get("body")
        if type(body) is not dict or "failure" in body:
            raise ProtocolError(str(body.get("failure")) if type(body) is dict else "no body")
        return body


def _read(fd: int) -> bytes | None:
    """One non-blocking read: bytes, ``b""`` at end of file, None if nothing yet."""
    try:
        return os.read(fd, _CHUNK)
    except BlockingIOError:
        return None


def _frame_end(buffer: bytearray) -> int | None:
    """Where the first frame of ``buffer`` ends, once all of it has arrived."""
    if len(buffer) < HEADER:
        return None
    size = int.from_bytes(buffer[:HEADER], "big")
    if size > MAX_FRAME:
        raise ProtocolError(f"reply of {size} bytes is too large")
    return HEADER + size if len(buffer) >= HEADER + size else None


def _take_frame(buffer: bytearray) -> bytes | None:
    """Remove and return the first complete frame of ``buffer``, if there is one."""
    end = _frame_end(buffer)
    if end is None:
        return None
    frame = bytes(buffer[HEADER:end])
    del buffer[:end]
    return frame
