"""End to end: open an HTML edition in headless Chromium, reject a change, export, clean with the decisions.

Uses Debian's chromium (never a downloaded browser) through Playwright.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

import edition_fixtures as ef
from polish import pipeline
from polish.cli import app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium not found at /usr/bin/chromium; install Debian's chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def cli(monkeypatch):
    """The CLI with the deterministic test stages as its pipeline."""
    from polish.cli import edition

    monkeypatch.setattr(pipeline, "build_stages", lambda config, only=None: ef.stages())
    if not any(c.name == "edition" for c in app.registered_commands):
        edition.register(app)
    return CliRunner()


def test_reject_in_the_browser_then_clean_with_the_decisions(tmp_path, browser, cli):
    src = tmp_path / "forum.txt"
    src.write_text(ef.ARTICLE, encoding="utf-8")
    html_path = tmp_path / "forum.edition.html"
    res = cli.invoke(app, ["edition", str(src), "-o", str(html_path)])
    assert res.exit_code == 0, res.output
    comma = next(c for c in ef.result(path=str(src)).changes if c.rule == "mechanics.double-comma")

    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html_path.as_uri())

    shot = tmp_path / "edition.png"
    page.screenshot(path=str(shot), full_page=True)
    width, height = _png_size(shot)
    assert width == 1280 and height > 900 and shot.stat().st_size > 20_000

    # both columns, side by side, with visible highlights
    orig, out = page.locator("#p0 .col.orig"), page.locator("#p0 .col.out")
    assert orig.is_visible() and out.is_visible()
    ob, pb = orig.bounding_box(), out.bounding_box()
    assert ob["x"] + ob["width"] <= pb["x"] and abs(ob["y"] - pb["y"]) < 5
    deleted = page.locator(f'#p0 del[data-cids~="{comma.id}"]')
    inserted = page.locator(f'#p0 ins[data-cids~="{comma.id}"]')
    assert deleted.is_visible() and inserted.is_visible()
    assert deleted.text_content() == ",," and inserted.text_content() == ","
    bg = inserted.evaluate("el => getComputedStyle(el).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("details.junk-block").first.is_visible()
    assert not page.locator("details.junk-block del").first.is_visible()  # collapsed
    # the script in the article is text, and nothing ran
    assert "<script>alert('x')</script>" in page.locator("#p0 .col.out").text_content()

    # reject one change: the highlight shows it, the exported JSON says so
    page.locator(f'input.reject[data-cid="{comma.id}"]').check()
    assert "is-rejected" in (inserted.get_attribute("class") or "")
    shown = json.loads(page.locator("#decisions-json").input_value())
    with page.expect_download() as dl:
        page.locator("#decisions-download").click()
    dec_path = tmp_path / "decisions.json"
    dl.value.save_as(str(dec_path))
    assert dl.value.suggested_filename == "forum.txt.decisions.json"
    exported = json.loads(dec_path.read_text(encoding="utf-8"))
    assert exported == shown
    assert exported["file"] == str(src)
    decided = {d["id"]: d["decision"] for d in exported["decisions"]}
    assert decided[comma.id] == "reject"
    assert list(decided.values()).count("reject") == 1 and len(decided) == 7

    # dismissing the name finding adds a "dismiss" item; the changes' decisions stay as they were
    finding = ef.result(path=str(src)).findings[0]
    box = page.locator(f'input.dismiss[data-fid="{finding.id}"]')
    box.check()
    assert "is-rejected-item" in (page.locator(f"#f-{finding.id}").get_attribute("class") or "")
    with_dismissal = json.loads(page.locator("#decisions-json").input_value())
    assert with_dismissal["decisions"][:-1] == exported["decisions"]
    assert with_dismissal["decisions"][-1] == {"id": finding.id, "decision": "dismiss", "rule": finding.rule,
                                               "message": finding.message, "text": finding.text,
                                               "context": ef.ARTICLE[max(0, finding.start - 40):finding.end + 40]}
    assert "1 of 1 findings dismissed" in page.locator("#decisions-count").text_content()
    box.uncheck()

    # "reject all" for a glossary entry ticks its boxes
    page.locator('button[data-group="entry"][data-value="sino-belarusian"][data-action="reject"]').click()
    again = json.loads(page.locator("#decisions-json").input_value())
    assert [d["decision"] for d in again["decisions"] if d["entry"] == "sino-belarusian"] == ["reject"]

    # phone width: the columns stack
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(html_path.as_uri())
    po, pp = phone.locator("#p0 .col.orig").bounding_box(), phone.locator("#p0 .col.out").bounding_box()
    assert pp["y"] >= po["y"] + po["height"] - 1 and abs(po["x"] - pp["x"]) < 12
    phone.screenshot(path=str(tmp_path / "phone.png"))
    assert _png_size(tmp_path / "phone.png")[0] == 390

    assert not errors
    assert all(u.startswith(("file:", "blob:", "data:")) for u in requests), requests

    # the decisions go back into polish clean: the rejected change is not made
    cleaned = tmp_path / "clean.txt"
    res = cli.invoke(app, ["clean", str(src), "--decisions", str(dec_path), "-o", str(cleaned)])
    assert res.exit_code == 0, res.output
    text = cleaned.read_text(encoding="utf-8")
    assert text.startswith("Minsk,, June 3")            # rejected: left as it was
    assert "forum, which focused on Chinese-Belarusian" in text  # accepted: made
    assert "Share to:" not in text


def test_the_index_sorts_from_the_keyboard(tmp_path, browser):
    from polish.render.html import EditionSummary, render_index

    rows = [EditionSummary(file=name, href=f"{name}.edition.html", language="en", changes_by_kind={"fix": n},
                           findings=0, fre_before=None, fre_after=None) for name, n in (("b.txt", 1), ("a.txt", 3))]
    index = tmp_path / "index.html"
    index.write_text(render_index(rows, tmp_path), encoding="utf-8")
    page = browser.new_page()
    page.goto(index.as_uri())
    first = lambda: page.locator("#docs tbody tr td.file").first.inner_text()  # noqa: E731
    assert first() == "b.txt"
    page.locator("#docs thead th").first.focus()
    page.keyboard.press("Enter")
    assert first() == "a.txt"
    page.keyboard.press(" ")
    assert first() == "b.txt"
