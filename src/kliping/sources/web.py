"""Fetching one page safely: http/https only, no private addresses, timeouts, a size cap, few redirects.

This is the single-page fetcher behind ``kliping extract URL``. The polite crawler of the collection
(robots.txt, rate limits, conditional requests) builds on the same checks.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import __version__
from ..errors import FetchError, UnsafeURL
from .files import MAX_BYTES, gunzip

USER_AGENT = f"Kliping/{__version__} (+https://github.com/kliping/kliping)"
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str            # the URL asked for
    final_url: str      # after redirects
    content: bytes
    content_type: str


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise UnsafeURL unless the URL is http(s) to a public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(f"{url}: only http and https URLs are fetched")
    if not parts.hostname:
        raise UnsafeURL(f"{url}: no host in URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"{url}: cannot resolve host {parts.hostname} ({exc.strerror})") from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if not ip.is_global or ip.is_multicast:
            raise UnsafeURL(
                f"{url}: {parts.hostname} resolves to a non-public address ({ip}); use --allow-private to permit"
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401 - urllib hook
        check_url(newurl, allow_private=self.allow_private)  # every hop is checked, not just the first
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, timeout: float = 20.0, max_bytes: int = MAX_BYTES, allow_private: bool = False) -> Fetched:
    """Fetch one page; raise FetchError (one clear line) for anything that is not a usable HTML/text response."""
    check_url(url, allow_private=allow_private)
    opener = urllib.request.build_opener(_CheckedRedirects(allow_private))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"})
    try:
        with opener.open(request, timeout=timeout) as resp:
            ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(HTML_TYPES):
                raise FetchError(f"{url}: not an HTML page (Content-Type {ctype})")
            data = resp.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchError(f"{url}: response larger than {max_bytes // (1024 * 1024)} MB")
            if resp.headers.get("Content-Encoding", "").lower() == "gzip":
                data = gunzip(data, max_bytes=max_bytes, name=url)
            return Fetched(url, resp.geturl(), data, ctype or "text/html")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, UnsafeURL | FetchError):
            raise reason from None
        raise FetchError(f"{url}: unreachable ({reason})") from None
    except TimeoutError:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from None
    except OSError as exc:
        raise FetchError(f"{url}: connection failed ({exc})") from None
