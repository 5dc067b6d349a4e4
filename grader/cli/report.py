"""`grade report OUT`: the class report, OUT/report.html, one self-contained page."""

from __future__ import annotations

import argparse

from grader.cli.common import EXIT_OK
from grader.cli.outdir import add_out_argument, results_in
from grader.reports import feedback

SUMMARY = "write OUT/report.html: score histogram, pass rates, mistakes, review queue"
REPORT_FILE = "report.html"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_out_argument(parser)


def run(args: argparse.Namespace) -> int:
    from grader.reports import html  # markdown-it, latex2mathml: keeps `grade --help` light


    batch = results_in(args.out)
    folder = args.out / feedback.FOLDER
    links = {}
    for index, name in enumerate(feedback.file_names(batch)):
        source = folder / name
        if source.is_file():  # the student's feedback as a page, its math drawn
            page = source.with_suffix(".html")
            result = batch.submissions[index]
            page.write_text(html.feedback_page(result, source.read_text(encoding="utf-8")),
                            encoding="utf-8")
            links[index] = f"{feedback.FOLDER}/{page.name}"
    path = args.out / REPORT_FILE
    path.write_text(html.render(batch, links), encoding="utf-8")
    print(f"wrote {path}" + (f" and {len(links)} feedback pages in {folder}" if links else ""))
    return EXIT_OK
