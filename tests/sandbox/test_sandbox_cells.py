"""IPython syntax is neutralised before a cell reaches the child."""

from grader.sandbox.cells import prepare_cell


def test_line_magics_and_shell_escapes_become_pass() -> None:
    cell = prepare_cell(3, "%matplotlib inline\n!ls -la\nif True:\n    %time f()\nx = 1")
    assert cell.source == "pass\npass\nif True:\n    pass\nx = 1"
    assert cell.index == 3 and cell.skip_reason is None


def test_assigned_magics_and_continuations() -> None:
    cell = prepare_cell(0, "files = !ls\n%pip install a \\\n  b\ny = 2 % 3\nz = x != 1")
    assert cell.source == "files = None\npass\n\ny = 2 % 3\nz = x != 1"


def test_help_syntax() -> None:
    assert prepare_cell(0, "np.linspace?\n??len").source == "pass\npass"


def test_cell_magics() -> None:
    skipped = prepare_cell(1, "%%writefile helper.py\nprint(1)")
    assert skipped.source is None and "writefile" in (skipped.skip_reason or "")
    assert prepare_cell(2, "\n%%time\nx = 1").source == "\n\nx = 1"
