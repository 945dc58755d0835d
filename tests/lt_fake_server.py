"""A stand-in LanguageTool HTTP server for tests (LanguageTool itself is Java and not installed here).

It speaks the documented v2 protocol language-tool-python uses:
``GET /v2/languages`` → ``[{name, code, longCode}]`` and ``POST /v2/check``
(form fields ``language``, ``text``, ``disabledRules``, ``enabledRules``...)
→ ``{software, language, matches: [...]}`` where each match has
``message, shortMessage, offset, length, replacements[].value,
context.{text, offset, length}, sentence, rule.{id, description, issueType,
category.{id, name}}``. Matches come from canned rules: every occurrence of
a rule's ``find`` string in the submitted text is reported, so offsets are
real offsets of the text the client sent.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "Russian", "code": "ru", "longCode": "ru-RU"},
]


@dataclass
class CannedRule:
    """Report every occurrence of ``find`` (optionally only a sub-span of it) as a match."""

    find: str
    rule_id: str
    category_id: str
    message: str
    replacements: tuple[str, ...] = ()
    issue_type: str = "grammar"
    category_name: str = ""
    #: (start, end) inside ``find`` that the match covers; default the whole of it
    span: tuple[int, int] | None = None


@dataclass
class FakeLanguageTool:
    """Threaded server on 127.0.0.1 with a random free port; use as a context manager."""

    rules: list[CannedRule] = field(default_factory=list)
    #: seconds /v2/check sleeps before answering (to test timeouts)
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to hand the client (it appends ``v2/``)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> "FakeLanguageTool":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # wakes a handler sleeping in ``delay``
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def matches_for(self, text: str) -> list[dict[str, Any]]:
        """The JSON matches the canned rules produce for ``text``."""
        out = []
        for r in self.rules:
            pos = text.find(r.find)
            while pos >= 0:
                a, b = r.span or (0, len(r.find))
                off, length = pos + a, b - a
                ctx_start = max(0, off - 40)
                out.append(
                    {
                        "message": r.message,
                        "shortMessage": "",
                        "replacements": [{"value": v} for v in r.replacements],
                        "offset": off,
                        "length": length,
                        "context": {"text": text[ctx_start:off + length + 40], "offset": off - ctx_start, "length": length},
                        "sentence": text[max(0, text.rfind(".", 0, off) + 1):off + length].strip(),
                        "type": {"typeName": "Other"},
                        "rule": {
                            "id": r.rule_id,
                            "description": r.message,
                            "issueType": r.issue_type,
                            "category": {"id": r.category_id, "name": r.category_name or r.category_id.title()},
                        },
                        "ignoreForIncompleteSentence": False,
                        "contextForSureMatch": 0,
                    }
                )
                pos = text.find(r.find, pos + 1)
        return sorted(out, key=lambda m: (m["offset"], m["length"]))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _json(self, payload: Any, status: int = 200) -> None:
                body = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                path = urlparse(self.path).path
                if path == "/v2/languages":
                    self._json(LANGUAGES)
                elif path == "/v2/healthcheck":
                    self._json({"status": "ok"})
                else:
                    self._json({"error": "not found"}, 404)

            def do_POST(self) -> None:  # noqa: N802
                if urlparse(self.path).path != "/v2/check":
                    self._json({"error": "not found"}, 404)
                    return
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True).items()}
                fake.requests.append(form)
                if fake.delay and fake._stop.wait(fake.delay):
                    return
                codes = {l["longCode"] for l in LANGUAGES} | {l["code"] for l in LANGUAGES}
                if form.get("language") not in codes:
                    self._json({"error": f"unsupported language {form.get('language')}"}, 400)
                    return
                text = form.get("text", "")
                disabled = set(filter(None, form.get("disabledRules", "").split(",")))
                matches = [m for m in fake.matches_for(text) if m["rule"]["id"] not in disabled]
                self._json(
                    {
                        "software": {"name": "LanguageTool", "version": "6.8-fake", "buildDate": "", "apiVersion": 1},
                        "language": {"name": "English (US)", "code": form.get("language"),
                                     "detectedLanguage": {"name": "English (US)", "code": "en-US"}},
                        "matches": matches,
                    }
                )

        return Handler


# --------------------------------------------------------------------------
# A local "install": what LTP_PATH points at, for language-tool-python to start
# --------------------------------------------------------------------------

#: The class language-tool-python launches (``java -cp <jar> org.languagetool.server.HTTPServer -p PORT``),
#: answering the same three endpoints with a/an matches found in the submitted text.
JAVA_SERVER = r"""
package org.languagetool.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

public class HTTPServer {
    static void send(HttpExchange ex, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream os = ex.getResponseBody()) { os.write(b); }
    }

    static String field(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    public static void main(String[] args) throws Exception {
        int port = 8081;
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("-p")) port = Integer.parseInt(args[i + 1]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v2/healthcheck", ex -> send(ex, "{\"status\":\"ok\"}"));
        server.createContext("/v2/languages", ex -> send(ex,
            "[{\"name\":\"English (US)\",\"code\":\"en\",\"longCode\":\"en-US\"}]"));
        server.createContext("/v2/check", ex -> {
            String text = field(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), "text");
            StringBuilder m = new StringBuilder();
            int at = text.indexOf("a exhibition");
            while (at >= 0) {
                if (m.length() > 0) m.append(",");
                m.append("{\"message\":\"Use an.\",\"offset\":").append(at).append(",\"length\":1,")
                 .append("\"replacements\":[{\"value\":\"an\"}],\"context\":{\"text\":\"a exhibition\",\"offset\":0,\"length\":1},")
                 .append("\"sentence\":\"\",\"rule\":{\"id\":\"EN_A_VS_AN\",\"issueType\":\"grammar\",")
                 .append("\"category\":{\"id\":\"MISC\",\"name\":\"Miscellaneous\"}}}");
                at = text.indexOf("a exhibition", at + 1);
            }
            send(ex, "{\"software\":{\"name\":\"LanguageTool\",\"version\":\"local-fake\"},\"matches\":[" + m + "]}");
        });
        server.start();
    }
}
"""


BROKEN_JAVA_SERVER = """
package org.languagetool.server;

public class HTTPServer {
    public static void main(String[] args) { System.exit(3); }
}
"""


def build_local_install(ltp_path: "Path", version: str = "6.8", broken: bool = False) -> "Path":
    """Compile the stand-in server into ``<ltp_path>/LanguageTool-<version>/languagetool-server.jar``.

    ``broken`` builds one that exits at once, like an install that cannot start.
    """
    import subprocess
    from pathlib import Path

    src = Path(ltp_path) / "src" / "org" / "languagetool" / "server"
    src.mkdir(parents=True)
    (src / "HTTPServer.java").write_text(BROKEN_JAVA_SERVER if broken else JAVA_SERVER, encoding="utf-8")
    classes = Path(ltp_path) / "classes"
    subprocess.run(["javac", "-d", str(classes), str(src / "HTTPServer.java")], check=True, timeout=120)
    install = Path(ltp_path) / f"LanguageTool-{version}"
    install.mkdir()
    jar = install / "languagetool-server.jar"
    subprocess.run(["jar", "cf", str(jar), "-C", str(classes), "."], check=True, timeout=60)
    return jar
