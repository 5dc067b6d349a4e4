"""Auto-grading for math-heavy Jupyter homework."""

__version__ = "0.1.0"
