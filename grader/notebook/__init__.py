"""Reading student notebooks and building the course's template notebooks."""

from grader.notebook.reader import Notebook, NotebookError, markdown_answers, read_notebook

__all__ = ["Notebook", "NotebookError", "markdown_answers", "read_notebook"]
