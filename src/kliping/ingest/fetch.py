"""The polite fetcher of an ingest run: robots.txt, a per-host pace, conditional requests, retries.

Safety (http/https only, public addresses, checked redirects, deadlines, size caps) comes from
``kliping.sources.web.request``; this module adds the manners a crawler owes the sites it reads.
One ``Fetcher`` serves one ingest run and is thread-safe: the per-host state sits behind locks, and threads
asking for the same host are spaced out by reserving their turns in advance.
"""

from __future__ import annotations

import random
import threading
import time
import urllib.robotparser
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from ..errors import FetchError, UnsafeURL
from ..sources.web import USER_AGENT, ConnectionFailed, Response, check_scheme, request

MAX_BYTES = 10 * 1024 * 1024        # a news page is far smaller; a bigger answer is refused
ROBOTS_MAX_BYTES = 512 * 1024       # what Google reads of a robots.txt; the rest is ignored
MAX_TRIES = 3
MAX_CRAWL_DELAY = 60.0              # a robots.txt asking for hours per page would stall the run: capped
ROBOTS_RETRY_AFTER = 600.0          # a robots.txt that failed with 5xx/timeout is asked again after this
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one polite GET returned."""

    url: str                    # the URL asked for
    final_url: str              # after redirects
    status: int
    content_type: str           # media type, lower-cased, no parameters ("" when the server sent none)
    body: bytes                 # decoded, at most max_bytes; empty when not_modified
    fetched_at: str             # ISO 8601 UTC, seconds
    not_modified: bool = False  # a 304 to our If-None-Match / If-Modified-Since
    truncated: bool = False     # only when asked with partial=True: the body was cut at max_bytes


@dataclass(slots=True)
class _Host:
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_error: str | None = None     # why robots.txt could not be read (the host is off limits meanwhile)
    robots_until: float = 0.0           # when to ask for robots.txt again after a failure
    next_slot: float = 0.0              # monotonic time of the next allowed request
    interval: float = 1.0


class Fetcher:
    """A polite, safe HTTP client for one ingest run (thread-safe)."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        min_interval: float = 1.0,
        timeout: float = 20.0,
        connect_timeout: float = 10.0,
        max_bytes: int = MAX_BYTES,
        max_tries: int = MAX_TRIES,
        backoff: float = 1.0,
        max_retry_after: float = 30.0,
        validators: MutableMapping[str, dict[str, str]] | None = None,
        user_agent: str = USER_AGENT,
        respect_robots: bool = True,
    ) -> None:
        self.allow_private = allow_private
        self.min_interval = min_interval
        self.timeout, self.connect_timeout = timeout, connect_timeout
        self.max_bytes, self.max_tries = max_bytes, max_tries
        self.backoff, self.max_retry_after = backoff, max_retry_after
        # url -> {"etag": ..., "last-modified": ...}: plain JSON, so the runner can persist it between runs
        self.validators: MutableMapping[str, dict[str, str]] = {} if validators is None else validators
        self.user_agent = user_agent
        self.respect_robots = respect_robots
        self.stats = {"requests": 0, "fetched": 0, "not_modified": 0, "retries": 0, "robots_denied": 0}
        self._hosts: dict[str, _Host] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def fetch(self, url: str, *, partial: bool = False, conditional: bool = True) -> FetchResult:
        """GET a URL politely; raise FetchError/UnsafeURL (one line) for anything but a 2xx or a 304.

        ``partial``: return the first ``max_bytes`` of a larger body (``truncated`` set) instead of failing.
        ``conditional``: send the remembered ETag / Last-Modified, so an unchanged page answers 304.
        """
        check_scheme(url)
        origin = _origin(url)
        self._check_robots(url, origin)
        headers = self._conditional_headers(url) if conditional else {}
        resp = self._get_with_retries(url, origin, headers, partial)
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        if resp.status == 304:
            self._count("not_modified")
            return FetchResult(url, resp.url, 304, resp.content_type, b"", fetched_at, not_modified=True)
        if not 200 <= resp.status < 300:
            raise FetchError(f"{url}: HTTP {resp.status} {resp.reason}")
        self._remember_validators(url, resp)
        self._count("fetched")
        return FetchResult(url, resp.url, resp.status, resp.content_type, resp.body, fetched_at,
                           truncated=resp.truncated)

    # -- robots.txt ------------------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch the URL (loads robots.txt on first use of a host)."""
        try:
            check_scheme(url)
            self._check_robots(url, _origin(url))
        except FetchError:
            return False
        return True

    def _check_robots(self, url: str, origin: str) -> None:
        if not self.respect_robots:
            return
        host = self._host(origin)
        with self._host_lock(origin):  # one robots.txt request per host, even with many threads
            if host.robots is None and time.monotonic() >= host.robots_until:
                self._load_robots(origin, host)
        if host.robots is None:
            self._count("robots_denied")
            raise FetchError(f"{url}: robots.txt of {origin} unavailable ({host.robots_error}); not fetching")
        if not host.robots.can_fetch(self.user_agent, url):
            self._count("robots_denied")
            raise FetchError(f"{url}: robots.txt forbids it")

    def _load_robots(self, origin: str, host: _Host) -> None:
        try:
            resp = self._get(f"{origin}/robots.txt", origin, {}, partial=True, max_bytes=ROBOTS_MAX_BYTES)
        except UnsafeURL:
            raise  # the host itself is refused: say so, not "robots.txt unavailable"
        except FetchError as exc:  # unreachable or too slow: RFC 9309 says assume a full disallow
            self._robots_failed(host, str(exc).rsplit(": ", 1)[-1])
            return
        parser = urllib.robotparser.RobotFileParser()
        if 400 <= resp.status < 500:
            parser.parse([])  # no robots.txt (or not for us to read): everything is allowed
        elif 200 <= resp.status < 300:
            parser.parse(resp.body.decode("utf-8", "replace").splitlines())
        else:
            self._robots_failed(host, f"HTTP {resp.status}")
            return
        host.robots, host.robots_error = parser, None
        delay = parser.crawl_delay(self.user_agent)
        if delay:
            host.interval = max(self.min_interval, min(float(delay), MAX_CRAWL_DELAY))
            with self._lock:  # the robots.txt request itself was paced with the old interval
                host.next_slot = max(host.next_slot, time.monotonic() + host.interval)

    def _robots_failed(self, host: _Host, why: str) -> None:
        host.robots, host.robots_error = None, why
        host.robots_until = time.monotonic() + ROBOTS_RETRY_AFTER

    # -- requests --------------------------------------------------------------------------------------

    def _get_with_retries(self, url: str, origin: str, headers: dict[str, str], partial: bool) -> Response:
        for attempt in range(1, self.max_tries + 1):
            last = attempt == self.max_tries
            try:
                resp = self._get(url, origin, headers, partial=partial, max_bytes=self.max_bytes)
            except ConnectionFailed as exc:
                if last:
                    raise FetchError(f"{exc} after {attempt} tries") from None
                self._wait_before_retry(attempt, None)
                continue
            if resp.status not in RETRY_STATUSES or last:
                if resp.status in RETRY_STATUSES:
                    raise FetchError(f"{url}: HTTP {resp.status} {resp.reason} after {attempt} tries")
                return resp
            self._wait_before_retry(attempt, resp.headers.get("retry-after"))
        raise AssertionError("unreachable")  # the loop always returns or raises

    def _wait_before_retry(self, attempt: int, retry_after: str | None) -> None:
        self._count("retries")
        wait = self.backoff * 2 ** (attempt - 1) + random.uniform(0, self.backoff)  # noqa: S311 - jitter only
        asked = _retry_after_seconds(retry_after)
        if asked is not None:
            wait = max(wait, asked)
        time.sleep(min(wait, self.max_retry_after))

    def _get(self, url: str, origin: str, headers: dict[str, str], *, partial: bool, max_bytes: int) -> Response:
        self._wait_turn(origin)
        self._count("requests")
        return request(url, headers={"User-Agent": self.user_agent, **headers}, timeout=self.timeout,
                       connect_timeout=self.connect_timeout, max_bytes=max_bytes,
                       allow_private=self.allow_private, partial=partial)

    def _wait_turn(self, origin: str) -> None:
        """Sleep until this host may be asked again; the turn is reserved first so threads queue fairly."""
        host = self._host(origin)
        with self._lock:
            now = time.monotonic()
            slot = max(now, host.next_slot)
            host.next_slot = slot + host.interval
        if slot > now:
            time.sleep(slot - now)

    # -- conditional requests --------------------------------------------------------------------------

    def _conditional_headers(self, url: str) -> dict[str, str]:
        known = self.validators.get(url) or {}
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last-modified"):
            headers["If-Modified-Since"] = known["last-modified"]
        return headers

    def _remember_validators(self, url: str, resp: Response) -> None:
        found = {k: resp.headers[k][:200] for k in ("etag", "last-modified") if resp.headers.get(k)}
        if found:
            self.validators[url] = found
        elif url in self.validators:
            del self.validators[url]  # the page no longer offers validators: stale ones would only mislead

    # -- bookkeeping -----------------------------------------------------------------------------------

    def __getstate__(self) -> dict:
        """Picklable for worker processes: settings, validators and robots rules go; locks are made anew.
        Each process then paces hosts on its own (the pace is per process, not shared)."""
        state = {k: v for k, v in self.__dict__.items() if k not in ("_lock", "_host_locks")}
        state["_hosts"] = {o: _Host(robots=h.robots, interval=h.interval) for o, h in self._hosts.items() if h.robots}
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()
        self._host_locks = {}

    def _host(self, origin: str) -> _Host:
        with self._lock:
            host = self._hosts.get(origin)
            if host is None:
                host = self._hosts[origin] = _Host(interval=self.min_interval)
            return host

    def _host_lock(self, origin: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(origin, threading.Lock())

    def _count(self, name: str) -> None:
        with self._lock:
            self.stats[name] += 1


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()[:64]
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


__all__ = ["Fetcher", "FetchResult", "MAX_BYTES"]
