"""Markdown headings are read in one pass, as the old heading regex read them; markdown
answers are the text under a part's heading, in its own cell too."""

from __future__ import annotations

import random
import re
import time

import pytest

from grader.notebook.reader import Notebook, heading_of, markdown_answers

OLD = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
"""The heading regex before: cubic in a heading's padding; kept as the specification."""


def old_heading(source: str) -> tuple[int, str] | None:
    first = next((line for line in source.splitlines() if line.strip()), "")
    match = OLD.match(first)
    if match is None:
        return None
    return len(match.group(1)), match.group(2).strip().strip("`").strip()


@pytest.mark.parametrize("seed", range(4))
def test_headings_read_as_before(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["#", "##", " ", "\t", "a", "`", "x y", "\n", "#######"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        assert heading_of(text) == old_heading(text), repr(text)


def test_a_heading_padded_with_thousands_of_spaces_is_read_at_once() -> None:
    started = time.monotonic()
    for _ in range(100):
        assert heading_of("# a" + " " * 6000 + "b") == (1, "a" + " " * 6000 + "b")
    assert time.monotonic() - started < 1.0


def test_an_answer_typed_into_the_heading_cell_is_read() -> None:
    template = "## collapse_proof\n\n*6 points.* Write the proof below."
    notebook = Notebook(code_cells=(), markdown_cells=(
        (1, template + "\n\nTwo layers: W2(W1 x + b1) + b2."), (2, "The rest of it."),
        (3, "## puppy_or_bagel\n\n*15 points.*"), (4, "# Next exercise")))
    found = markdown_answers(notebook, ["collapse_proof", "puppy_or_bagel"],
                             {"collapse_proof": template, "puppy_or_bagel": "## puppy_or_bagel"
                              "\n\n*15 points.*"})
    assert found["collapse_proof"].text == "Two layers: W2(W1 x + b1) + b2.\n\nThe rest of it."
    assert found["collapse_proof"].cells == (1, 2)
    assert found["puppy_or_bagel"].text == ""


def test_a_code_cell_s_text_outputs_are_kept_and_bounded(tmp_path) -> None:
    import nbformat

    from grader.notebook.reader import MAX_OUTPUT, read_notebook

    nb = nbformat.v4.new_notebook()
    printed = nbformat.v4.new_code_cell("print('dz/dx1 = 1')")
    printed.outputs = [nbformat.v4.new_output("stream", name="stdout", text="dz/dx1 = 1\n"),
                       nbformat.v4.new_output("execute_result", data={"text/plain": "5"}),
                       nbformat.v4.new_output("display_data", data={"image/png": "AAAA"})]
    flood = nbformat.v4.new_code_cell("print('x' * 10**6)")
    flood.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 10**5)]
    nb.cells = [nbformat.v4.new_markdown_cell("# Q"), printed, flood,
                nbformat.v4.new_code_cell("pass")]
    path = tmp_path / "nb.ipynb"
    path.write_text(nbformat.writes(nb))
    notebook = read_notebook(path)
    assert notebook.outputs == ((1, "dz/dx1 = 1\n\n5"), (2, "x" * MAX_OUTPUT))
    # what the student wrote, not what it printed, identifies a notebook
    nb.cells[1].outputs = []
    path.write_text(nbformat.writes(nb))
    assert read_notebook(path).fingerprint() == notebook.fingerprint()
