"""The review's web app: one page, its assets, and a small JSON API over `Review`.

It listens on the loopback interface unless told otherwise, and defends the two ways a web
page elsewhere could reach a local server: a request naming another host (DNS rebinding)
is refused, and every change must be a JSON request, which a page of another origin cannot
send without the browser asking first (and this server never says yes).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from grader.reports import feedback, html
from grader.review import page
from grader.review.service import Review
from grader.review.store import Conflict, Decision

Endpoint = Callable[[Request], Awaitable[Response]]


def create_app(review: Review, hosts: list[str]) -> Starlette:
    async def index(request: Request) -> Response:
        return HTMLResponse(page.index(review.batch.course), headers=page.HEADERS)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in page.ASSETS:
            return JSONResponse({"error": "not found"}, status_code=404)
        return Response(page.asset(name), media_type=page.ASSETS[name],
                        headers=page.HEADERS)

    async def parts(request: Request) -> Response:
        return JSONResponse({"course": review.batch.course, "parts": review.parts()})

    async def part(request: Request) -> Response:
        return JSONResponse(review.part(request.path_params["part"]))

    async def decide(request: Request) -> Response:
        body = await _json(request)
        saved = review.decide(
            request.path_params["part"], {str(k): int(v) for k, v in body["versions"].items()},
            [int(i) for i in body.get("items", [])], float(body.get("adjustment") or 0),
            str(body.get("comment", "")), str(body.get("grader", "")))
        return JSONResponse({"saved": len(saved)})

    async def edit_item(request: Request) -> Response:
        body = await _json(request)
        item = review.edit_item(int(request.path_params["item"]), int(body["version"]),
                                float(body["points"]), _text(body))
        return JSONResponse({"id": item.id, "version": item.version})

    async def add_item(request: Request) -> Response:
        body = await _json(request)
        item = review.add_item(request.path_params["part"], float(body["points"]), _text(body))
        return JSONResponse({"id": item.id, "version": item.version})

    async def teach(request: Request) -> Response:
        body = await _json(request)
        written = review.teach(request.path_params["part"], str(body.get("group", "")),
                               str(body.get("lesson", "")), str(body.get("name", "")),
                               str(body.get("feedback", "")))
        return JSONResponse({"written": written})

    async def report(request: Request) -> Response:
        batch = review.current()
        links = {index: f"/feedback/{index}" for index in range(len(batch.submissions))}
        return HTMLResponse(html.render(batch, links, review_link="/#part="))

    async def student(request: Request) -> Response:
        batch = review.current()
        index = request.path_params["index"]
        if not 0 <= index < len(batch.submissions):
            return JSONResponse({"error": "not found"}, status_code=404)
        result = batch.submissions[index]
        return HTMLResponse(html.feedback_page(result, feedback.markdown(result)))

    routes = [
        Route("/", index), Route("/report", report),
        Route("/feedback/{index:int}", student),
        Route("/assets/{name}", asset),
        Route("/api/parts", _guarded(parts)),
        Route("/api/parts/{part}", _guarded(part)),
        Route("/api/parts/{part}/decisions", _guarded(decide), methods=["POST"]),
        Route("/api/parts/{part}/items", _guarded(add_item), methods=["POST"]),
        Route("/api/parts/{part}/teach", _guarded(teach), methods=["POST"]),
        Route("/api/items/{item:int}", _guarded(edit_item), methods=["POST"]),
    ]
    return Starlette(routes=routes, middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=hosts)])


def _guarded(endpoint: Endpoint) -> Endpoint:
    """Turns what the review refuses into a JSON answer the page shows as it is."""

    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Conflict as conflict:
            return JSONResponse({"error": conflict_message(conflict),
                                 "conflict": True}, status_code=409)
        except KeyError as missing:
            return JSONResponse({"error": f"not found: {missing}"}, status_code=404)
        except (ValueError, TypeError) as bad:
            return JSONResponse({"error": str(bad)}, status_code=400)

    return guarded


async def _json(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ValueError("expected a JSON request")
    try:
        body = json.loads(await request.body())
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error}") from None
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object")
    return body


def _text(body: dict[str, Any]) -> str:
    text = str(body.get("text", "")).strip()
    if not text:
        raise ValueError("a rubric item needs a text the student reads")
    return text


def conflict_message(conflict: Conflict) -> str:
    """The one sentence a person reads when their save was refused."""
    if conflict.items:
        item = conflict.items[0]
        return (f"Not saved: this item was changed meanwhile to {item.points:g} points, "
                f"\u201c{item.text}\u201d. The page now shows it; edit it again if needed.")
    saved = "; ".join(_saved_by(d, conflict.scores.get(d.student))
                      for d in conflict.decisions[:3])
    more = len(conflict.decisions) - 3
    return (f"Not saved: {saved}{f' (and {more} more)' if more > 0 else ''}. The page now "
            "shows what was saved; change it again if needed.")


def _saved_by(decision: Decision, points: float | None) -> str:
    comment = f", \u201c{decision.comment}\u201d" if decision.comment else ""
    score = f"{points:g} points" if points is not None else "a score"
    return (f"{decision.grader} gave {decision.student} {score}{comment} meanwhile "
            f"({decision.saved_at})")

