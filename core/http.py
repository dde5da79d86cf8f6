"""The one HTTP client lexgap talks to SPARQL stores with (`lexgap push` and every query command
given `--endpoint`).

Why its own client instead of `urllib.request.urlopen`: urllib follows a redirect to any host and
sends the `Authorization` header there again, waits `timeout` seconds *per read* (a server that
drips one byte every few seconds never times out) and reads a body of any size into memory.
Here:

- **Redirects** are followed only to the same origin (scheme, host and port), at most
  `MAX_REDIRECTS` times, with the same method and body. A redirect to another origin is an error
  and nothing is sent there: credentials never leave the origin the user named.
- **Time**: one deadline for the whole exchange (connect, send, headers, body, redirects). A
  watchdog shuts the socket down at the deadline, so no read can outlast it.
- **Size**: a body larger than `LEXGAP_MAX_RESPONSE_MB` (default 512) is refused while it is
  read, before it fills the memory.
- **Secrets**: credentials come from the environment only (`credentials_header`), are checked
  before use (a stray control character is an error that does not show the value), and every
  error message has them blanked, even when a hostile server echoes them back. A URL carrying
  `user:password@` is refused with a hint; the URL is never printed with its userinfo.

Imported lazily: `http.client` costs a cold `lexgap ask` tens of milliseconds.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import math
import os
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from lexgap.core.errors import RemoteStoreError, UsageError
from lexgap.core.options import check_timeout

MAX_REDIRECTS = 5
DEFAULT_MAX_RESPONSE_MB = 512.0
MAX_RESPONSE_ENV = "LEXGAP_MAX_RESPONSE_MB"
_CHUNK = 64 * 1024
_HINT_CREDENTIALS = (
    "remove user:password@ and set LEXGAP_SPARQL_USER and LEXGAP_SPARQL_PASSWORD "
    "(or LEXGAP_SPARQL_TOKEN) instead"
)


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes
    url: str  # the URL that answered (after same-origin redirects)


def check_url(url: str) -> urllib.parse.SplitResult:
    """An http(s) URL with a host, no credentials, no whitespace or control characters."""
    if not isinstance(url, str) or any(ord(c) < 0x21 or ord(c) == 0x7F for c in url):
        raise UsageError(
            f"not an http(s) endpoint URL: {url!r} (it holds a space or control character)"
        )
    try:
        parsed = urllib.parse.urlsplit(url)
        port = parsed.port
    except ValueError as exc:
        raise UsageError(f"not an http(s) endpoint URL: {url!r} ({exc})") from None
    if parsed.username is not None or parsed.password is not None or "@" in parsed.netloc:
        raise UsageError("the endpoint URL carries credentials", hint=_HINT_CREDENTIALS)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UsageError(f"not an http(s) endpoint URL: {url!r}")
    del port
    return parsed


def _origin(parsed: urllib.parse.SplitResult) -> tuple[str, str, int]:
    default = 443 if parsed.scheme == "https" else 80
    return parsed.scheme, (parsed.hostname or "").lower(), parsed.port or default


def credentials_header() -> dict[str, str]:
    """HTTP auth from the environment, never from the command line: LEXGAP_SPARQL_TOKEN
    (bearer) or LEXGAP_SPARQL_USER + LEXGAP_SPARQL_PASSWORD (basic). A value with a control
    character or a non-ASCII token is refused without being shown."""
    token = os.environ.get("LEXGAP_SPARQL_TOKEN")
    if token:
        if any(ord(c) <= 0x20 or ord(c) > 0x7E for c in token):
            raise UsageError(
                "LEXGAP_SPARQL_TOKEN holds a control character, space or non-ASCII character",
                hint="set it to the token alone, without a newline or carriage return",
            )
        return {"Authorization": f"Bearer {token}"}
    user = os.environ.get("LEXGAP_SPARQL_USER")
    if user is not None:
        password = os.environ.get("LEXGAP_SPARQL_PASSWORD", "")
        for name, value in (("LEXGAP_SPARQL_USER", user), ("LEXGAP_SPARQL_PASSWORD", password)):
            if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
                raise UsageError(
                    f"{name} holds a control character",
                    hint="set it without a newline or carriage return",
                )
        if ":" in user:
            raise UsageError("LEXGAP_SPARQL_USER holds a colon, which basic login cannot carry")
        secret = f"{user}:{password}".encode()
        return {"Authorization": "Basic " + base64.b64encode(secret).decode("ascii")}
    return {}


def secrets() -> list[str]:
    """Every credential value of the environment, in every form it is sent in."""
    found: list[str] = []
    token = os.environ.get("LEXGAP_SPARQL_TOKEN")
    if token:
        found.append(token.strip())
    password = os.environ.get("LEXGAP_SPARQL_PASSWORD")
    if password:
        found.append(password.strip())
    user = os.environ.get("LEXGAP_SPARQL_USER")
    if user is not None:
        pair = f"{user}:{password or ''}".encode()
        found.append(base64.b64encode(pair).decode("ascii"))
    return [s for s in found if len(s) >= 3]


def redact(text: str) -> str:
    """`text` with every credential of the environment blanked."""
    for secret in sorted(secrets(), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def max_response_bytes() -> int:
    """The body size cap: LEXGAP_MAX_RESPONSE_MB megabytes (default 512)."""
    raw = os.environ.get(MAX_RESPONSE_ENV)
    if raw is None or not raw.strip():
        return int(DEFAULT_MAX_RESPONSE_MB * 1024 * 1024)
    try:
        mb = float(raw)
    except ValueError:
        mb = math.nan
    if not math.isfinite(mb) or mb <= 0 or mb > 1024 * 1024:
        raise UsageError(
            f"{MAX_RESPONSE_ENV} must be a positive number of megabytes (at most 1048576), "
            f"not {raw[:40]!r}"
        )
    return int(mb * 1024 * 1024)


class _Watchdog:
    """Shuts the connection's socket down at the deadline: a blocked read then returns."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.fired = False
        self._conn: http.client.HTTPConnection | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            self._conn = conn
            if self.fired:
                self._shut()

    def _shut(self) -> None:
        sock = self._conn.sock if self._conn is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._shut()

    def cancel(self) -> None:
        self._timer.cancel()


def _fail(url: str, message: str, hint: str | None = None) -> RemoteStoreError:
    return RemoteStoreError(redact(message), file=url, hint=hint)


def request(
    url: str,
    *,
    method: str = "GET",
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    timeout: float,
    max_bytes: int | None = None,
    credentials: bool = True,
) -> Response:
    """One HTTP exchange with the store at `url`, with credentials from the environment.
    Returns any final response (the caller judges its status); raises RemoteStoreError (exit
    code 3) when the store cannot be reached, answers too slowly or too much, or redirects to
    another origin, and UsageError for a bad URL, timeout or credential."""
    timeout = check_timeout(timeout)
    parsed = check_url(url)
    origin = _origin(parsed)
    limit = max_response_bytes() if max_bytes is None else max_bytes
    sent_headers = {"User-Agent": "lexgap", **(headers or {})}
    if credentials:
        sent_headers.update(credentials_header())
    deadline = time.monotonic() + timeout
    watchdog = _Watchdog(deadline)
    shown = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            response, location = _exchange(
                parsed, method, body, sent_headers, deadline, watchdog, limit, shown, timeout
            )
            if location is None:
                return response
            target = urllib.parse.urlsplit(urllib.parse.urljoin(shown, location))
            try:
                same = target.username is None and _origin(target) == origin
            except ValueError:
                same = False
            if not same:
                where = f"{target.scheme}://{target.hostname or '?'}" + (
                    f":{target.port}" if _safe_port(target) else ""
                )
                raise _fail(
                    url,
                    f"HTTP {response.status}: the store redirects to another origin ({where}); "
                    "nothing was sent there",
                    hint="if you trust it, use that URL as the endpoint",
                )
            parsed = target
            shown = urllib.parse.urlunsplit(target)
        raise _fail(url, f"more than {MAX_REDIRECTS} redirects", hint="check the endpoint URL")
    finally:
        watchdog.cancel()


def _safe_port(target: urllib.parse.SplitResult) -> int | None:
    try:
        return target.port
    except ValueError:
        return None


def _exchange(
    parsed: urllib.parse.SplitResult,
    method: str,
    body: bytes,
    headers: Mapping[str, str],
    deadline: float,
    watchdog: _Watchdog,
    limit: int,
    url: str,
    timeout: float,
) -> tuple[Response, str | None]:
    """One request and its response; the Location of a redirect, if it is one."""
    host = parsed.hostname or ""
    remaining = max(0.001, deadline - time.monotonic())
    conn: http.client.HTTPConnection
    if parsed.scheme == "https":
        conn = http.client.HTTPSConnection(
            host, parsed.port, timeout=remaining, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(host, parsed.port, timeout=remaining)
    path = parsed.path or "/"
    if parsed.query:
        path += "?" + parsed.query
    too_slow = _fail(
        url,
        f"the store did not answer within {timeout:g}s",
        hint="raise --timeout; an update may still be applied, all or nothing: push again to "
        "be sure",
    )
    try:
        conn.connect()
        watchdog.watch(conn)
        conn.request(method, path, body=body or None, headers=dict(headers))
        raw = conn.getresponse()
        status, reason = raw.status, raw.reason
        response_headers = {k.lower(): v for k, v in raw.getheaders()}
        if status in (301, 302, 303, 307, 308) and "location" in response_headers:
            return Response(status, reason, response_headers, b"", url), response_headers[
                "location"
            ]
        declared = response_headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _too_big(url, limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() >= deadline:
                raise too_slow
            chunk = raw.read1(_CHUNK) if hasattr(raw, "read1") else raw.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise _too_big(url, limit)
            chunks.append(chunk)
        if watchdog.fired:
            raise too_slow
        return Response(status, reason, response_headers, b"".join(chunks), url), None
    except RemoteStoreError:
        raise
    except TimeoutError:
        raise too_slow from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if watchdog.fired or time.monotonic() >= deadline:
            raise too_slow from None
        reason_text = (
            getattr(exc, "strerror", None) or " ".join(str(exc).split()) or type(exc).__name__
        )
        raise _fail(
            url, f"cannot reach the store: {reason_text}", hint="is the server running?"
        ) from None
    finally:
        conn.close()


def _too_big(url: str, limit: int) -> RemoteStoreError:
    return _fail(
        url,
        f"the store's answer is larger than {limit / 1024 / 1024:g} MB",
        hint=f"raise {MAX_RESPONSE_ENV} if it is expected",
    )


_HINTS = {
    401: "set LEXGAP_SPARQL_TOKEN or LEXGAP_SPARQL_USER/LEXGAP_SPARQL_PASSWORD",
    403: "the credentials are not allowed to do this",
    404: "check the endpoint URL",
}


def status_error(response: Response) -> RemoteStoreError:
    """One line for an HTTP error answer: status, reason and the start of the body."""
    detail = " ".join(response.body[:400].decode("utf-8", "replace").split())[:200]
    message = f"HTTP {response.status} {response.reason}" + (f": {detail}" if detail else "")
    return _fail(response.url, message, hint=_HINTS.get(response.status))
