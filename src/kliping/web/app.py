"""The application: the JSON API under ``/api``, the dashboard pages, local static assets, security headers.

Errors under ``/api`` are JSON, ``{"error": code, "message": text}``:

=====  =========================================================================================
400    ``bad_query`` (a search query that cannot be read), ``bad_request`` (a bad parameter, including
       what FastAPI would answer with 422: a missing ``q``, ``limit=0``, a bad date), ``unsafe_url``
401    ``unauthorized``: missing or wrong bearer token on a write
403    ``writes_disabled``: the server was started without ``KLIPING_TOKEN``
404    ``not_found``: unknown article, cluster, entity, or route
405    ``method_not_allowed``
413    ``too_large``: a request body over 5 MB, or a page over the reader's size limit
415    ``unsupported_media_type``: a write that is not ``application/json``
422    ``not_an_article`` (nothing to read in the page), ``fetch_failed`` (the URL could not be read)
=====  =========================================================================================
"""

from __future__ import annotations

import html
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kliping import __version__
from kliping.errors import FetchError, InputTooLarge, KlipingError, NotAnArticle, UnsafeURL
from kliping.store.base import QuerySyntaxError

from .api import ApiError, SafeJSONResponse

STATIC = Path(__file__).resolve().parent / "static"
# Every asset is ours and local: scripts and styles from this origin only, nothing inline, no frames.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY"))
# Status -> error code for the HTTP errors FastAPI and Starlette raise themselves.
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type"}
# Library errors -> (status, code); the first match in this order wins (subclasses first).
KLIPING_ERRORS: tuple[tuple[type[KlipingError], int, str], ...] = (
    (QuerySyntaxError, 400, "bad_query"),
    (UnsafeURL, 400, "unsafe_url"),
    (FetchError, 422, "fetch_failed"),
    (InputTooLarge, 413, "too_large"),
    (NotAnArticle, 422, "not_an_article"),
    (KlipingError, 400, "bad_request"),
)


def create_app(db: str, *, token: str | None = None, allow_private: bool = False,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The Kliping web application over the store at ``db``; ``token`` allows writes (POST /api/articles).

    ``allow_private`` lets ``POST /api/articles {"url": …}`` fetch private addresses (tests only);
    ``allowed_hosts`` refuses requests for other Host names (``kliping serve`` on loopback: DNS rebinding).
    """
    app = FastAPI(title="Kliping", version=__version__, description="News intelligence for Indonesian media.",
                  docs_url=None, redoc_url=None)
    app.state.db = str(db)
    app.state.token = token or None
    from kliping.ingest.fetch import Fetcher

    app.state.fetcher = Fetcher(allow_private=allow_private)

    from kliping.web import api

    app.include_router(api.router, prefix="/api")
    try:
        from kliping.web import pages
    except ImportError:  # pragma: no cover - the dashboard module is optional while it is being built
        pages = None
    if pages is not None:
        app.include_router(pages.router)
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_docs(app)
    _add_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app


class SecurityHeaders:
    """Adds the CSP (unless a response set its own) and the anti-sniffing, referrer and framing headers.

    Plain ASGI rather than ``@app.middleware``: no extra task per request on the hot search path.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = CSP
                for name, value in HEADERS:
                    headers[name.decode()] = value.decode()
            await send(message)

        await self.app(scope, receive, send_with_headers)


# -- errors -------------------------------------------------------------------------------------------

def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return SafeJSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error(exc.status, exc.error, exc.message, exc.headers)

    @app.exception_handler(KlipingError)
    async def kliping_error(request: Request, exc: KlipingError) -> Response:
        status, code = next((s, c) for kind, s, c in KLIPING_ERRORS if isinstance(exc, kind))
        return _error(status, code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        # 400 rather than FastAPI's 422: a wrong parameter is a bad request; 422 is kept for pages
        # that are well-formed requests but hold no article.
        problems = []
        for e in exc.errors()[:5]:
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
            problems.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")))
        return _error(400, "bad_request", "; ".join(problems) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not _is_api(request):
            return await http_exception_handler(request, exc)  # the dashboard answers its own way
        code = HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such endpoint: {request.method} {request.url.path[:200]}"
        return _error(exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        # A bug, not the client's fault: say so without leaking internals.
        if _is_api(request):
            return _error(500, "internal", "internal error; the server log has the details")
        return PlainTextResponse("internal error", status_code=500)


# -- /docs: Swagger UI from the swagger-ui-bundle-v2 package, never from a CDN ------------------------

SWAGGER_INIT = """window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
    validatorUrl: null, presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout"});
});
"""
SWAGGER_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Kliping API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>
"""


def _swagger_path() -> Path | None:
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    path = Path(swagger_ui_path)
    return path if (path / "swagger-ui-bundle.js").is_file() else None


def _add_docs(app: FastAPI) -> None:
    assets = _swagger_path()
    if assets is not None:
        app.mount("/docs/assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(SWAGGER_PAGE if assets is not None else _plain_docs(app))

    @app.get("/docs/init.js", include_in_schema=False)
    async def docs_init() -> Response:
        return Response(SWAGGER_INIT, media_type="text/javascript")


def _plain_docs(app: FastAPI) -> str:
    """Without the Swagger UI assets: a plain list of the endpoints, and the OpenAPI document."""
    rows = []
    for path, methods in app.openapi().get("paths", {}).items():
        for method, op in methods.items():
            rows.append(f"<li><code>{html.escape(method.upper())} {html.escape(path)}</code> "
                        f"{html.escape(op.get('summary', ''))}</li>")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Kliping API</title></head>"
            f"<body><h1>Kliping API</h1><p><a href=\"/openapi.json\">OpenAPI document</a></p>"
            f"<ul>{''.join(rows)}</ul></body></html>")
