"""Fetching one page safely: http/https only, no private addresses, timeouts, a size cap, few redirects.

``request`` is the one place that talks HTTP: every redirect hop is checked, the connection goes to the very
address that was checked (no second DNS answer can swap in a private one), a total deadline cuts servers that
trickle bytes forever, and bodies are decoded with a size cap. ``fetch`` (behind ``kliping extract URL``) and
the polite collection fetcher (``kliping.ingest.fetch``: robots.txt, rate limits, retries) are built on it.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from .. import __version__
from ..errors import FetchError, KlipingError, UnsafeURL
from .files import MAX_BYTES, Inflater

USER_AGENT = f"Kliping/{__version__} (+https://github.com/kliping/kliping)"
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024
# Characters left as they are when a URL's path is re-quoted: the reserved set and '%' (already escaped).
_PATH_SAFE = "!#$%&'()*+,/:;=?@[]~"
_DEFAULT_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate",
    "Connection": "close",
}


class ConnectionFailed(FetchError):
    """The server could not be reached or dropped the connection: worth another try later."""

    code = "E202"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str            # the URL asked for
    final_url: str      # after redirects
    content: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class Response:
    """One HTTP answer after redirects; any status (the caller decides what a 404 or a 304 means)."""

    url: str                    # the final URL, after redirects
    status: int
    reason: str
    headers: dict[str, str]     # lower-cased names; a repeated header keeps its last value
    body: bytes                 # decoded (gzip/deflate), at most max_bytes
    truncated: bool = False     # only with partial=True: the body was cut at max_bytes

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased ("" when absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise UnsafeURL unless the URL is http(s) to a public address."""
    parts = check_scheme(url)
    if allow_private:
        return
    for info in _resolve(url, parts.hostname or "", parts.port):
        _check_address(url, parts.hostname or "", info[4][0])


def check_scheme(url: str) -> SplitResult:
    """The URL's parts; raise UnsafeURL unless it is http(s) with a host and a valid port."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(f"{url}: only http and https URLs are fetched")
    if not parts.hostname:
        raise UnsafeURL(f"{url}: no host in URL")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise UnsafeURL(f"{url}: invalid port") from None
    return parts


def _resolve(url: str, host: str, port: int | None) -> list:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve host {host} ({getattr(exc, 'strerror', None) or exc})") from None


def _check_address(url: str, host: str, address: str) -> None:
    ip = ipaddress.ip_address(address.split("%")[0])
    if not ip.is_global or ip.is_multicast:
        raise UnsafeURL(f"{url}: {host} resolves to a non-public address ({ip}); use --allow-private to permit")


def _connector(url: str, allow_private: bool):
    """A replacement for socket.create_connection that connects only to addresses it has checked."""

    def connect(address, timeout=None, source_address=None):
        host, port = address
        infos = _resolve(url, host, port)
        if not allow_private:
            for info in infos:  # one private answer refuses the host: it may be a rebinding trick
                _check_address(url, host, info[4][0])
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                error = exc
        raise error or OSError(f"no address for {host}")

    return connect


def request(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    connect_timeout: float = 10.0,
    timeout: float = 20.0,
    max_bytes: int = MAX_BYTES,
    allow_private: bool = False,
    max_redirects: int = MAX_REDIRECTS,
    partial: bool = False,
) -> Response:
    """GET a URL following checked redirects; ``timeout`` is the total deadline for all hops and the body."""
    deadline = time.monotonic() + timeout
    seen = {url}
    current = url
    for _ in range(max_redirects + 1):
        resp = _request_once(current, headers or {}, connect_timeout, deadline, timeout, max_bytes,
                             allow_private, partial)
        location = resp.headers.get("location")
        if resp.status not in REDIRECTS or not location:
            return resp
        try:
            nxt = urljoin(current, location.strip()).split("#")[0]
        except ValueError:
            raise FetchError(f"{url}: redirect to a malformed URL ({location.strip()[:200]!r})") from None
        if nxt in seen:
            raise FetchError(f"{url}: redirect loop ({current} -> {nxt})")
        seen.add(nxt)
        current = nxt
    raise FetchError(f"{url}: more than {max_redirects} redirects")


def _request_once(url, headers, connect_timeout, deadline, timeout, max_bytes, allow_private, partial) -> Response:
    parts = check_scheme(url)
    conn = _connection(parts, connect_timeout)
    conn._create_connection = _connector(url, allow_private)  # type: ignore[attr-defined]
    target = quote(parts.path or "/", safe=_PATH_SAFE) + (f"?{quote(parts.query, safe=_PATH_SAFE)}"
                                                           if parts.query else "")
    watchdog = _Watchdog(conn, deadline)
    try:
        watchdog.start()  # before connecting: a TLS handshake can be trickled too
        conn.connect()
        if watchdog.fired:
            raise TimeoutError
        conn.sock.settimeout(max(0.01, deadline - time.monotonic()))
        conn.request("GET", target, headers={**_DEFAULT_HEADERS, **headers})
        resp = conn.getresponse()
        return _read_response(url, resp, max_bytes, partial, watchdog)
    except KlipingError:
        raise
    except Exception as exc:  # noqa: BLE001 - every network failure becomes one clear line
        raise _failure(url, exc, watchdog.fired, timeout, connect_timeout, conn.sock is None) from None
    finally:
        watchdog.cancel()
        conn.close()


def _connection(parts, connect_timeout: float) -> http.client.HTTPConnection:
    if parts.scheme == "https":
        return http.client.HTTPSConnection(parts.hostname, parts.port or 443, timeout=connect_timeout,
                                           context=_tls_context())
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=connect_timeout)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for the process (loading the CA store per request is slow)."""
    return ssl.create_default_context()


def _read_response(url: str, resp, max_bytes: int, partial: bool, watchdog: _Watchdog) -> Response:
    headers = {k.lower(): v for k, v in resp.getheaders()}
    if resp.status in REDIRECTS and "location" in headers:
        return Response(url, resp.status, resp.reason, headers, b"")
    try:
        inflater = Inflater(headers.get("content-encoding", ""), max_bytes=max_bytes)
    except KlipingError as exc:
        raise FetchError(f"{url}: {exc}") from None
    parts: list[bytes] = []
    received = 0
    while not inflater.over:
        chunk = resp.read1(_CHUNK)
        if watchdog.fired:
            raise TimeoutError
        if not chunk:
            # http.client's read1 ends quietly when the peer closes early; what Content-Length promised
            # and never came is left in resp.length: half a page must not pass for a whole one.
            if resp.length:
                raise ConnectionFailed(f"{url}: connection closed after {received:,} of "
                                       f"{received + resp.length:,} bytes (incomplete response)")
            break
        received += len(chunk)
        parts.append(inflater.feed(chunk))
        if received > max_bytes:  # compressed bytes count too: a cap on what crosses the wire
            inflater.over = True
    parts.append(inflater.finish())
    if inflater.over and not partial:
        mb = max_bytes // (1024 * 1024)
        raise FetchError(f"{url}: response larger than {mb} MB" if received > max_bytes
                         else f"{url}: decompressed size over {mb} MB (a gzip bomb?)")
    return Response(url, resp.status, resp.reason, headers, b"".join(parts), truncated=inflater.over)


def _failure(url, exc, fired, timeout, connect_timeout, not_connected) -> FetchError:
    """One clear line for a network failure; connection troubles come back as ConnectionFailed (retryable)."""
    if fired or (isinstance(exc, TimeoutError) and not not_connected):
        return FetchError(f"{url}: timed out after {timeout:g} s")
    if isinstance(exc, TimeoutError):
        return ConnectionFailed(f"{url}: unreachable (connect timed out after {connect_timeout:g} s)")
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return FetchError(f"{url}: TLS error ({exc})")
    if isinstance(exc, ConnectionError | http.client.RemoteDisconnected) or not_connected:
        return ConnectionFailed(f"{url}: unreachable ({exc})")
    if isinstance(exc, http.client.HTTPException | ValueError):
        return FetchError(f"{url}: bad HTTP response ({type(exc).__name__}: {str(exc)[:120]})")
    return ConnectionFailed(f"{url}: connection failed ({exc})")


class _Watchdog:
    """Shuts the socket down at the deadline: per-read timeouts alone never stop a server that trickles."""

    def __init__(self, conn: http.client.HTTPConnection, deadline: float) -> None:
        self.conn, self.deadline, self.fired = conn, deadline, False
        self._timer: threading.Timer | None = None

    def start(self) -> None:
        self._timer = threading.Timer(max(0.0, self.deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        try:
            if self.conn.sock is not None:
                self.conn.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed: nothing left to stop

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def fetch(url: str, *, timeout: float = 20.0, max_bytes: int = MAX_BYTES, allow_private: bool = False) -> Fetched:
    """Fetch one page; raise FetchError (one clear line) for anything that is not a usable HTML/text response."""
    resp = request(url, timeout=timeout, connect_timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
    if not 200 <= resp.status < 300:
        raise FetchError(f"{url}: HTTP {resp.status} {resp.reason}")
    ctype = resp.content_type
    if ctype and not ctype.startswith(HTML_TYPES):
        raise FetchError(f"{url}: not an HTML page (Content-Type {ctype})")
    return Fetched(url, resp.url, resp.body, ctype or "text/html")
