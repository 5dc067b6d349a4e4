"""`grade review OUT`: grading by hand in the browser, one part across the class at a time.

    tasks.py   what waits for a person, per part, in groups of equal answers (plain data)
    store.py   the decisions and rubric items, in SQLite inside OUT (one transaction each)
    sync.py    decisions into results.json, as `grade manual import` merges a sheet
    app.py     the local web app (Starlette): the page and a small JSON API
    page.py    the page's HTML, style and script (no network; math as MathML)

The store is the source of truth: results.json and OUT/manual_scores.json are written
from it after every decision, and again when the app starts, so a server killed at any
moment loses nothing that was saved.
"""
