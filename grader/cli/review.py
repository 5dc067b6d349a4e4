"""`grade review OUT`: the review web app for everything a person grades, on localhost."""

from __future__ import annotations

import argparse

from grader.cli.common import EXIT_OK, course_from, positive_int
from grader.cli.outdir import add_out_argument, results_in
from grader.errors import UsageError

SUMMARY = "grade by hand in the browser: rubric items, groups of equal answers"
LOCAL = ("127.0.0.1", "localhost", "::1")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_out_argument(parser)
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=positive_int, default=8000,
                        help="port to listen on (default 8000; 0 is not allowed)")


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn  # the review extra: keeps `grade --help` light

        from grader.review.app import create_app  # starlette, numpy: keeps `grade --help` light
        from grader.review.service import Review  # numpy: keeps `grade --help` light
    except ImportError as missing:
        raise UsageError("grade review", f"needs {missing.name}: pip install "
                         "'grader[review]'") from None
    review = Review(args.out, results_in(args.out), course_from(args))
    review.sync()  # decisions saved before a crash reach results.json now
    hosts = sorted({args.host, *LOCAL})
    url_host = f"[{args.host}]" if ":" in args.host else args.host
    answers = sum(q.size for q in review.queues.values())
    print(f"grade review: http://{url_host}:{args.port}/ ({answers} answers in "
          f"{len(review.queues)} parts; Ctrl+C stops)", flush=True)
    uvicorn.run(create_app(review, hosts), host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
