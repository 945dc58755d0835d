"""LanguageTool through language-tool-python, without downloads and within a time bound.

polish talks to LanguageTool in one of two ways the user sets up:
a running server (``languagetool_url`` / ``POLISH_LANGUAGETOOL_URL``), or a
local install under ``LTP_PATH`` (a ``LanguageTool-<version>`` folder with
its server jar). language-tool-python downloads LanguageTool whenever it
cannot find one; polish only builds a client when the jar is already there,
so that download can never start.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config

#: A request carries at most this many UTF-8 bytes of text (LanguageTool's
#: default server limit is far above it; small requests keep a slow check bounded).
CHUNK_BYTES = 20_000
#: Ports tried when starting a local server (another program may hold the first).
LOCAL_START_ATTEMPTS = 2
_JARS = ("languagetool-server.jar", "languagetool.jar")
_VERSION = re.compile(r"^LanguageTool-(\d+\.\d+)$")

HOW_TO_ENABLE = (
    "grammar checks need LanguageTool: pass --languagetool-url URL (or set POLISH_LANGUAGETOOL_URL) "
    "for a running server, or set LTP_PATH to a folder holding LanguageTool-<version>/languagetool-server.jar"
)


class GrammarUnavailable(RuntimeError):
    """LanguageTool cannot be used for this run; the message says why in one line."""


@dataclass(frozen=True)
class Server:
    """Where LanguageTool is: a URL, or a local install (folder, version)."""

    url: str | None = None
    ltp_path: str | None = None
    version: str | None = None

    def describe(self) -> str:
        """One-line description for messages."""
        return self.url or f"local LanguageTool {self.version} in {self.ltp_path}"


@dataclass(frozen=True)
class GrammarMatch:
    """One LanguageTool match, located in the checked text (Python str offsets)."""

    start: int
    end: int
    message: str
    replacements: tuple[str, ...]
    rule_id: str
    category: str
    issue_type: str
    sentence: str = ""

    @property
    def is_spelling(self) -> bool:
        """True for spell-checker matches (MORFOLOGIK_* rules, TYPOS category, misspelling type)."""
        return self.issue_type == "misspelling" or self.category == "TYPOS" or self.rule_id.startswith("MORFOLOGIK")


def find_local_install(ltp_path: str) -> tuple[str, Path]:
    """The newest ``LanguageTool-<version>`` folder under ``ltp_path`` that has a server jar."""
    root = Path(ltp_path)
    found: list[tuple[str, Path]] = []
    if root.is_dir():
        for d in root.iterdir():
            m = _VERSION.match(d.name)
            if m and d.is_dir() and any((d / j).is_file() for j in _JARS):
                found.append((m.group(1), d))
    if not found:
        raise GrammarUnavailable(
            f"LTP_PATH={ltp_path} holds no LanguageTool-<version>/languagetool-server.jar "
            "(polish never downloads LanguageTool)"
        )

    return max(found, key=lambda item: tuple(int(x) for x in item[0].split(".")))


def server_base(url: str) -> str:
    """The base URL the client expects: it appends ``v2/`` itself, relative to a trailing slash."""
    url = re.sub(r"/v2/?$", "", url.strip().rstrip("/"))
    return url + "/"


def locate_server(config: "Config", environ: dict[str, str] | None = None) -> Server | None:
    """The LanguageTool the user configured, or None; raises GrammarUnavailable for a broken set-up."""
    env = os.environ if environ is None else environ
    url = config.languagetool_url or env.get("POLISH_LANGUAGETOOL_URL")
    if url:
        return Server(url=server_base(url))
    ltp = env.get("LTP_PATH")
    if ltp:
        version, _ = find_local_install(ltp)
        if not shutil.which("java"):
            raise GrammarUnavailable(f"LTP_PATH={ltp} holds LanguageTool {version}, but no java is on PATH")
        return Server(ltp_path=ltp, version=version)
    return None


def _client_class() -> type:
    from language_tool_python import LanguageTool
    from language_tool_python.exceptions import ServerError

    class BoundedLanguageTool(LanguageTool):  # type: ignore[misc, valid-type]
        """language-tool-python's client with one try per request and polish's timeout.

        The library reads ``self._TIMEOUT`` (300 s by default) for every
        request and tries a check twice; both are bounded here so a hanging
        server costs at most the configured timeout.
        """

        def __init__(self, *args: Any, timeout: float, **kwargs: Any) -> None:
            # (connect, read) for requests; set before __init__, which already queries /v2/languages.
            self._TIMEOUT = (min(timeout, 5.0), timeout)  # type: ignore[assignment]
            super().__init__(*args, **kwargs)

        def _query_server(self, url: str, params: Any = None, num_tries: int = 2, method: str = "get") -> Any:
            return super()._query_server(url, params, num_tries=1, method=method)

        def _start_server_on_free_port(self) -> None:
            # The library walks some 900 ports when a local server fails to
            # start (up to 15 s each); a broken install must fail in seconds.
            for attempt in range(LOCAL_START_ATTEMPTS):
                try:
                    self._start_local_server()
                    return
                except ServerError:
                    self._terminate_server()
                    if attempt + 1 == LOCAL_START_ATTEMPTS or not self._available_ports:
                        raise
                    self._port = self._available_ports.pop()

    return BoundedLanguageTool


_clients: dict[tuple[Any, ...], Any] = {}
_clients_lock = threading.Lock()


def _client(server: Server, config: "Config") -> Any:
    """A client for ``server``, kept for the process: a local server starts once, not per document."""
    key = (server, config.grammar_language, config.grammar_timeout)
    with _clients_lock:
        client = _clients.get(key)
        if client is not None:
            return client
        cls = _client_class()
        try:
            if server.url:
                client = cls(config.grammar_language, remote_server=server.url, timeout=config.grammar_timeout)
            else:
                # The version is one already on disk under LTP_PATH (checked by
                # locate_server), so the library's "download unless installed"
                # step finds it and stops.
                client = cls(
                    config.grammar_language,
                    language_tool_download_version=server.version,
                    timeout=config.grammar_timeout,
                )
        except ValueError as exc:  # language not offered by the server
            raise GrammarUnavailable(f"LanguageTool at {server.describe()}: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - any client failure means "no grammar this run"
            raise GrammarUnavailable(f"LanguageTool at {server.describe()} did not answer: {_one_line(exc)}") from None
        _clients[key] = client
        return client


def forget_clients() -> None:
    """Drop cached clients (closing local servers); tests call this between servers."""
    with _clients_lock:
        for c in _clients.values():
            try:
                c.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
        _clients.clear()


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:200] + "…") if len(text) > 200 else text or type(exc).__name__


def chunks(text: str, limit: int = CHUNK_BYTES) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most ``limit`` UTF-8 bytes, cut after a newline where possible."""
    start = 0
    n = len(text)
    while start < n:
        end = start
        size = 0
        cut = -1
        while end < n:
            size += len(text[end].encode("utf-8"))
            if size > limit:
                break
            end += 1
            if text[end - 1] == "\n":
                cut = end
        if end < n:
            if cut <= start:
                # One paragraph above the limit: cut after a sentence end, else at a space.
                window = text[start:end]
                m = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
                sp = window.rfind(" ")
                cut = start + (m + 2 if m > 0 else sp + 1 if sp > 0 else len(window))
            end = cut
        yield start, text[start:end]
        start = end


def check(text: str, config: "Config", server: Server) -> list[GrammarMatch]:
    """All matches LanguageTool reports for ``text``, one request per chunk."""
    client = _client(server, config)
    client.disabled_rules = set(config.grammar_disabled_rules)
    client.enabled_rules = set(config.grammar_enabled_rules)
    out: list[GrammarMatch] = []
    for offset, piece in chunks(text):
        if not piece.strip():
            continue
        try:
            matches = client.check(piece)
        except Exception as exc:  # noqa: BLE001 - a down or slow server is reported, not fatal
            with _clients_lock:
                for k, v in list(_clients.items()):
                    if v is client:
                        del _clients[k]
            raise GrammarUnavailable(
                f"LanguageTool at {server.describe()} failed within {config.grammar_timeout:g} s: {_one_line(exc)}"
            ) from None
        for m in matches:
            start = offset + int(m.offset)
            out.append(
                GrammarMatch(
                    start=start,
                    end=start + int(m.error_length),
                    message=str(m.message),
                    replacements=tuple(m.replacements),
                    rule_id=str(m.rule_id),
                    category=str(m.category),
                    issue_type=str(m.rule_issue_type),
                    sentence=str(getattr(m, "sentence", "") or ""),
                )
            )
    return out
