"""Serves the built PWA (pwa/dist): the app at /, the customer form at /c/<token>."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, send_from_directory
from werkzeug.routing import PathConverter

from server.errors import ApiError

blp = Blueprint("web", __name__)


class PagePath(PathConverter):
    """A path that is not under /api/, so API paths get their own 404/405."""

    regex = r"(?!api/)[^/].*?"


blp.record_once(lambda state: state.app.url_map.converters.setdefault("page", PagePath))

NO_CACHE = ("sw.js", "index.html", "customer.html", "manifest.webmanifest", "registerSW.js")


def _dist() -> Path:
    return Path(current_app.config["PWA_DIST"])


def _send(name: str) -> Response:
    dist = _dist()
    if not (dist / name).is_file():
        if not (dist / "index.html").is_file():
            raise ApiError(
                503, "pwa_not_built", "The web app is not built; run `make pwa` (see README)."
            )
        raise ApiError(404, "not_found", "No such file.")
    resp = send_from_directory(dist, name)
    if name in NO_CACHE or name.endswith(".html"):
        resp.headers["Cache-Control"] = "no-cache"
    elif name.startswith("assets/"):
        resp.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return resp


@blp.get("/")
def index() -> Response:
    """Serve the app shell."""
    return _send("index.html")


@blp.get("/c/<token>")
def customer(token: str) -> Response:
    """Serve the customer form page (the token is read by the page itself)."""
    return _send("customer.html")


@blp.get("/<page:name>")
def static_or_shell(name: str) -> Response:
    """Serve a built file, or the app shell for client-side routes."""
    if (_dist() / name).is_file():
        return _send(name)
    if "." in name.rsplit("/", 1)[-1]:
        raise ApiError(404, "not_found", "No such file.")
    return _send("index.html")
