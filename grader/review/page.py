"""The review page: an HTML shell, its style and its script, all served by the app.

The page loads nothing from elsewhere (a Content-Security-Policy says so) and draws math as
MathML the server rendered, so it works on a laptop with no network. Every control has a
label, the order of the page is the order of the work (answer, rubric, save), and the
keyboard does everything the mouse does.
"""

from __future__ import annotations

from html import escape
from importlib import resources

ASSETS = {"review.js": "text/javascript", "review.css": "text/css"}
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

KEYS = (("j / k", "next / previous answer"), ("1 - 9", "apply or remove a rubric item"),
        ("Enter", "save and go to the next answer"), ("Ctrl+Enter", "save from the comment"),
        ("/", "choose another part"))


def index(course: str) -> str:
    title = f"Review: {course}"
    keys = "".join(f"<dt><kbd>{escape(k)}</kbd></dt><dd>{escape(v)}</dd>" for k, v in KEYS)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/review.css">
<script src="/assets/review.js" defer></script>
</head>
<body>
<header>
  <h1>{escape(title)}</h1>
  <div class="bar">
    <label for="part">Part</label>
    <select id="part"></select>
    <p id="progress" aria-live="polite">loading</p>
    <label for="grader">Your name</label>
    <input id="grader" autocomplete="name" placeholder="who is grading">
    <a href="/report">Class report</a>
  </div>
</header>
<main>
  <section id="answer" aria-labelledby="answer-title">
    <h2 id="answer-title">Answer</h2>
    <p id="position"></p>
    <ul id="members" aria-label="Students who gave this answer"></ul>
    <div id="answer-body" class="rendered"></div>
    <div id="note" class="note" hidden></div>
    <details id="context">
      <summary>Question and reference answer</summary>
      <h3>Question</h3><div id="question" class="rendered"></div>
      <h3>Reference</h3><div id="reference" class="rendered"></div>
    </details>
  </section>
  <section id="grading" aria-labelledby="grading-title">
    <h2 id="grading-title">Rubric</h2>
    <ol id="items"></ol>
    <details id="new-item">
      <summary>Add a rubric item</summary>
      <label for="new-points">Points</label>
      <input id="new-points" type="number" step="0.5" value="1">
      <label for="new-text">Text the student reads</label>
      <input id="new-text">
      <button type="button" id="add-item">Add item</button>
    </details>
    <details id="teach" hidden>
      <summary>Teach the course this answer</summary>
      <p>Written into the part's spec (and checked as <code>grade validate</code> checks
      it), so the next batch decides this answer alone.</p>
      <label for="lesson">Save it as</label>
      <select id="lesson">
        <option value="accepted">an accepted form: full credit</option>
        <option value="mistake">a named mistake</option>
      </select>
      <label for="mistake-name">Mistake's name</label>
      <input id="mistake-name">
      <label for="mistake-feedback">What the student reads</label>
      <input id="mistake-feedback">
      <button type="button" id="teach-save">Write into the course</button>
    </details>
    <label for="adjustment">Adjustment (points)</label>
    <input id="adjustment" type="number" step="0.5" value="0">
    <label for="comment">Comment for the student</label>
    <textarea id="comment" rows="3"></textarea>
    <p id="score" aria-live="polite"></p>
    <div class="actions">
      <button type="button" id="previous">Previous (k)</button>
      <button type="button" id="save" class="primary">Save and next (Enter)</button>
      <button type="button" id="next">Next (j)</button>
    </div>
    <p id="status" role="status"></p>
  </section>
</main>
<footer>
  <h2>Keys</h2>
  <dl class="keys">{keys}</dl>
</footer>
</body>
</html>
"""


def asset(name: str) -> bytes:
    return resources.files("grader.review").joinpath("assets").joinpath(name).read_bytes()
