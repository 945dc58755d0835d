"""End to end through the real CLI: clean, check, diff, detect, score."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polish.cli import app

from conftest import SAMPLES

runner = CliRunner()
GARBLED = "Minsk,, June 3 -- Sino -Belarusian high -tech cooperation grows .\nShare to let more people see\nThe forum was held at the university.\n"


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def article(tmp_path) -> Path:
    p = tmp_path / "article.txt"
    p.write_text(GARBLED, encoding="utf-8")
    return p


def test_clean_one_file_to_stdout(article):
    r = invoke("clean", article, "--no-translate")
    assert r.exit_code == 0, r.output
    assert "Minsk, June 3" in r.stdout and "Sino-Belarusian high-tech" in r.stdout
    assert "grows." in r.stdout
    assert "Share to let more people see" not in r.stdout
    assert article.read_text(encoding="utf-8") == GARBLED  # input untouched


def test_clean_stdin():
    r = invoke("clean", "-", "--no-translate", input="It is high -tech .\n")
    assert r.exit_code == 0
    assert r.stdout == "It is high-tech.\n"


def test_clean_folder_mirrors_tree_reports_and_survives_bad_files(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    (src / "nested").mkdir()
    (src / "nested" / "deep.txt").write_text(GARBLED, encoding="utf-8")
    (src / "nested" / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(200)))
    before = digest(src)
    out = tmp_path / "out"
    r = invoke("clean", src, "-o", out, "--no-translate")
    assert r.exit_code == 1  # the empty and the binary file fail, the rest is cleaned
    assert digest(src) == before  # inputs never modified
    assert (out / "nested" / "deep.txt").read_text(encoding="utf-8").startswith("Minsk, June 3")
    assert (out / "gb18030-article.txt").read_text(encoding="utf-8")  # written as UTF-8
    err = r.stderr
    assert "empty.txt: empty file" in err and "picture.txt: looks like a binary file" in err
    assert "Traceback" not in r.output
    report = json.loads((out / "polish-report.json").read_text(encoding="utf-8"))
    files = {e["file"]: e for e in report["files"]}
    assert files["gb18030-article.txt"]["encoding"] == "gb18030"
    assert files["cp1251-article.txt"]["encoding"] == "cp1251"
    assert "error" in files["empty.txt"]
    deep = files[str(Path("nested/deep.txt"))]
    removed = [c for c in deep["removals"]]
    assert removed and removed[0]["before"].startswith("Share to let more people see")
    for c in deep["changes"]:
        assert c["rule"] and c["reason"] and c["id"]
    s = report["summary"]
    assert s["files"] == len(before) and len(s["failed"]) == 2
    assert "failed" in err.splitlines()[-1]


def test_in_place_keeps_a_backup(article):
    r = invoke("clean", article, "--in-place", "--no-translate")
    assert r.exit_code == 0
    assert article.with_name("article.txt.orig").read_text(encoding="utf-8") == GARBLED
    assert "Sino-Belarusian" in article.read_text(encoding="utf-8")


def test_in_place_never_replaces_a_backup_and_leaves_clean_files_alone(article):
    invoke("clean", article, "--in-place", "--no-translate")
    once = article.read_bytes()
    # nothing left to change: the file and its backup stay as they are
    assert invoke("clean", article, "--in-place", "--no-translate").exit_code == 0
    assert article.read_bytes() == once
    assert sorted(p.name for p in article.parent.iterdir()) == ["article.txt", "article.txt.orig"]
    # new garbage, cleaned again: the first backup (the original) survives beside the second
    article.write_text(GARBLED + "It is high -tech .\n", encoding="utf-8")
    assert invoke("clean", article, "--in-place", "--no-translate").exit_code == 0
    assert article.with_name("article.txt.orig").read_text(encoding="utf-8") == GARBLED
    assert article.with_name("article.txt.orig.1").read_text(encoding="utf-8") == GARBLED + "It is high -tech .\n"


def test_in_place_keeps_the_encoding_the_bom_and_symlinks(tmp_path):
    cp = tmp_path / "cp.txt"
    cp.write_bytes(("Минск,, 3 июня. " * 20 + "\r\nSino -Belarusian high -tech.\r\n").encode("cp1251"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + GARBLED.encode("utf-8"))
    target = tmp_path / "real.txt"
    target.write_text(GARBLED, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    r = invoke("clean", cp, bom, link, "--in-place", "--no-translate")
    assert r.exit_code == 0, r.output
    assert "Sino-Belarusian" in cp.read_bytes().decode("cp1251") and b"\r\n" in cp.read_bytes()
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf") and b"Sino-Belarusian" in bom.read_bytes()
    assert link.is_symlink() and "Sino-Belarusian" in target.read_text(encoding="utf-8")


def test_in_place_keeps_classic_mac_line_ends(tmp_path):
    mac = tmp_path / "mac.txt"
    mac.write_bytes(b"Sino -Belarusian high -tech.\rMinsk,, June 3\r")
    assert invoke("clean", mac, "--in-place", "--no-translate").exit_code == 0
    assert mac.read_bytes() == b"Sino-Belarusian high-tech.\rMinsk, June 3\r"


def test_several_inputs_need_an_output(article, tmp_path):
    other = tmp_path / "b.txt"
    other.write_text("text\n")
    r = runner.invoke(app, ["clean", str(article), str(other)])
    assert r.exit_code == 2 and "--output" in r.stderr


def test_check_json_fields_and_exit_codes(article, tmp_path):
    r = invoke("check", article, "--format", "json", "--no-translate")
    assert r.exit_code == 1
    rows = json.loads(r.stdout)
    assert rows
    for row in rows:
        assert {"file", "start", "end", "line", "rule", "message", "text", "suggestion"} <= row.keys()
    hyphen = [x for x in rows if x["rule"] == "mechanics.detached-hyphen"]
    assert hyphen and hyphen[0]["line"] == 1 and hyphen[0]["suggestion"] is not None
    clean_file = tmp_path / "fine.txt"
    clean_file.write_text("The delegation visited the university museum.\n", encoding="utf-8")
    assert invoke("check", clean_file, "--no-translate").exit_code == 0
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00\x01\x02" * 50)
    r = runner.invoke(app, ["check", str(bad)])
    assert r.exit_code == 2 and "binary" in r.stderr and "Traceback" not in r.output


def test_check_with_an_editor_s_decisions_passes_once_every_change_is_decided(tmp_path):
    f = tmp_path / "ck.txt"
    f.write_text("Minsk,, June 3. The high -tech park opened.\n", encoding="utf-8")
    rows = json.loads(invoke("check", f, "--format", "json", "--no-translate").stdout)
    changes = [r for r in rows if r["kind"] == "change"]
    assert len(changes) == 2
    decisions = tmp_path / "d.json"
    decisions.write_text(json.dumps({"version": 1, "file": "ck.txt", "decisions": [
        {"id": changes[0]["id"], "decision": "reject"}]}), encoding="utf-8")
    r = invoke("check", f, "--format", "json", "--no-translate", "--decisions", decisions)
    assert r.exit_code == 1 and [x["id"] for x in json.loads(r.stdout)] == [changes[1]["id"]]
    decisions.write_text(json.dumps({"version": 1, "file": "ck.txt", "decisions": [
        {"id": c["id"], "decision": "reject"} for c in changes]}), encoding="utf-8")
    assert invoke("check", f, "--no-translate", "--decisions", decisions).exit_code == 0


def test_diff_applies_with_patch(tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    target = work / "a.txt"
    target.write_text(GARBLED, encoding="utf-8")
    expected = invoke("clean", target, "--no-translate").stdout
    proc = subprocess.run([sys.executable, "-m", "polish.cli", "diff", "a.txt", "--no-translate"], cwd=work,
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("--- a.txt\n+++ a.txt\n")
    if shutil.which("patch") is None:
        pytest.skip("patch(1) not installed")
    subprocess.run(["patch", "-p0", "--quiet"], input=proc.stdout, cwd=work, text=True, check=True)
    assert target.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("name, data", [
    ("crlf.txt", GARBLED.replace("\n", "\r\n").encode("utf-8")),
    ("bom.txt", b"\xef\xbb\xbf" + GARBLED.encode("utf-8")),
    ("cp1251.txt", ("Минск,, 3 июня -- Ректор выступил .\n" * 3 + GARBLED).replace("\n", "\r\n").encode("cp1251")),
])
def test_diff_applies_to_the_file_as_it_is(tmp_path, name, data):
    # patch compares bytes: the hunks carry the file's own newlines, BOM and encoding
    if shutil.which("patch") is None:
        pytest.skip("patch(1) not installed")
    target = tmp_path / name
    target.write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "polish.cli", "diff", name, "--explain", "--no-translate"],
                          cwd=tmp_path, capture_output=True)
    assert proc.returncode == 1, proc.stderr
    subprocess.run(["patch", "-p0", "--quiet"], input=proc.stdout, cwd=tmp_path, check=True)
    patched = target.read_bytes()
    assert b"Sino-Belarusian high-tech" in patched
    if b"\r\n" in data:
        assert b"\n" not in patched.replace(b"\r\n", b"")  # every line still ends in CRLF
    assert patched.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    if name == "cp1251.txt":
        assert "Минск, 3 июня" in patched.decode("cp1251")


def test_diff_explain_and_word(article):
    r = invoke("diff", article, "--explain", "--no-translate")
    assert r.exit_code == 1
    assert "# line 1: mechanics.detached-hyphen:" in r.stdout
    w = invoke("diff", article, "--word", "--no-translate")
    assert "[- -]" in w.stdout or "[-" in w.stdout


def test_detect_and_score_json():
    r = invoke("detect", SAMPLES / "russian-paragraph.txt", "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    langs = [p["lang"] for p in data["paragraphs"]]
    assert "ru" in langs and "be" in langs and langs[0] == "en"
    s = invoke("score", SAMPLES / "alliance-forum.txt", "--json")
    assert s.exit_code == 0
    doc = json.loads(s.stdout)["document"]
    assert doc["flesch_reading_ease"] is not None and doc["words"] > 50
    after = json.loads(invoke("score", SAMPLES / "alliance-forum.txt", "--json", "--after").stdout)["after"]
    assert after["document"]["words"] > 50 and len(after["paragraphs"]) >= 5
    assert all(p["line"] >= 1 and "flesch_reading_ease" in p for p in after["paragraphs"])


def test_score_takes_each_paragraph_in_its_own_language():
    data = json.loads(invoke("score", SAMPLES / "russian-paragraph.txt", "--json").stdout)
    by_lang = {p["lang"]: p for p in data["paragraphs"]}
    assert by_lang["en"]["flesch_reading_ease"] is not None
    # textstat has no formulas for Belarusian: no English scores for it either
    assert by_lang["be"]["words"] > 0 and by_lang["be"]["flesch_reading_ease"] is None


def test_detect_keeps_its_figures_on_a_narrow_terminal():
    r = runner.invoke(app, ["detect", str(SAMPLES / "russian-paragraph.txt")], env={"COLUMNS": "80"})
    assert r.exit_code == 0
    rows = [line for line in r.stdout.splitlines() if line.startswith("│")]
    assert rows and all(len(line) <= 80 for line in r.stdout.splitlines())
    assert any("│ ru   │" in line for line in rows) and all("%" in line for line in rows)


@pytest.mark.parametrize("columns", [60, 50])
def test_score_and_detect_never_cut_a_figure_on_a_narrow_terminal(columns):
    # rich squeezes a table too wide for the terminal by putting "…" in place of digits ("10…" for 10.1)
    art = SAMPLES / "bsuir-dlut-joint-institute.txt"
    data = json.loads(invoke("score", art, "--json", "--after").stdout)
    r = runner.invoke(app, ["score", str(art), "--after"], env={"COLUMNS": str(columns)})
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert all(len(line) <= columns for line in lines) and not any("…" in line for line in lines)
    shown = r.stdout.split()
    for p in data["paragraphs"] + data["after"]["paragraphs"] + [data["document"], data["after"]["document"]]:
        assert all(f"{v:.1f}" in shown for v in (p["flesch_reading_ease"], p["smog_index"]) if v is not None)
    r = runner.invoke(app, ["detect", str(SAMPLES / "russian-paragraph.txt")], env={"COLUMNS": str(columns)})
    rows = [line.strip("│┃ ").replace("│", " ").split() for line in r.stdout.splitlines()]
    rows = [row for row in rows if row and row[0].isdigit()]
    assert all(len(line) <= columns for line in r.stdout.splitlines())
    assert len(rows) == 6 and all(row[4].endswith("%") and row[5].endswith("%") for row in rows)
    assert [row[1] for row in rows] == ["en", "en", "ru", "en", "be", "en"]


def test_check_colours_when_asked_even_into_a_pipe_and_never_in_json(article):
    # FORCE_COLOR (for `| less -R`) and --color keep the colour; --no-color and NO_COLOR drop it
    args = ["check", str(article), "--no-translate"]
    forced = runner.invoke(app, args, env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert "\x1b[33mmechanics.detached-hyphen\x1b[0m:" in forced.stdout
    assert "\x1b[" in runner.invoke(app, [*args, "--color"]).stdout  # NO_COLOR is set by conftest: --color wins
    assert "\x1b[" not in runner.invoke(app, [*args, "--no-color"], env={"NO_COLOR": None, "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in runner.invoke(app, args).stdout
    rows = json.loads(runner.invoke(app, [*args, "--format", "json", "--color"]).stdout)
    assert rows and not any("\x1b[" in row["rule"] for row in rows)


def test_jobs_two_gives_the_same_result(tmp_path):
    out1, out2 = tmp_path / "o1", tmp_path / "o2"
    invoke("clean", SAMPLES, "-o", out1, "--no-translate", "-q")
    invoke("clean", SAMPLES, "-o", out2, "--no-translate", "-q", "--jobs", "2")
    d1, d2 = digest(out1), digest(out2)
    d1.pop("polish-report.json"), d2.pop("polish-report.json")
    assert d1 == d2 and len(d1) >= 8


def test_jobs_zero_starts_one_worker_per_core_and_gives_the_same_result(tmp_path, monkeypatch):
    import os

    from polish import batch
    from polish.cli.commands import _jobs

    assert _jobs(0) == len(os.sched_getaffinity(0)) and _jobs(3) == 3
    asked = []
    real = batch.process_all
    monkeypatch.setattr(batch, "process_all", lambda *a, **k: asked.append(k["jobs"]) or real(*a, **k))
    out0, out1 = tmp_path / "o0", tmp_path / "o1"
    invoke("clean", SAMPLES, "-o", out1, "--no-translate", "-q")
    invoke("clean", SAMPLES, "-o", out0, "--no-translate", "-q", "--jobs", "0")
    assert asked == [1, len(os.sched_getaffinity(0))]
    d0, d1 = digest(out0), digest(out1)
    d0.pop("polish-report.json"), d1.pop("polish-report.json")
    assert d0 == d1 and len(d0) >= 8
    r = runner.invoke(app, ["clean", str(SAMPLES), "-o", str(tmp_path / "o2"), "--jobs", "-1"])
    assert r.exit_code == 2 and "--jobs" in r.output


def test_version_option_and_command_agree():
    from polish import __version__

    r = runner.invoke(app, ["--version"])
    assert (r.exit_code, r.stdout) == (0, f"polish {__version__}\n")
    assert runner.invoke(app, ["version"]).stdout == f"{__version__}\n"
    # the root's help keeps its own description and lists the option
    r = runner.invoke(app, ["--help"])
    assert "Turn garbled machine translations" in r.stdout and "--version" in r.stdout


def test_help_is_fast_and_light():
    code = ("import sys, polish.cli\n"
            "sys.argv=['polish','--help']\n"
            "try:\n    polish.cli.main()\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('argostranslate','torch','spacy','textstat','nltk','langdetect','language_tool_python') if m in sys.modules]\n"
            "print('HEAVY', heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in out.stdout, out.stdout[-500:]


def test_a_malformed_glossary_stops_the_run_with_one_line(article, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tcanonical\nonly-one-cell\n", encoding="utf-8")
    r = runner.invoke(app, ["clean", str(article), "-g", str(bad)])
    assert r.exit_code == 2
    assert r.stderr.strip().count("\n") == 0 and "bad.tsv:2:" in r.stderr
    assert "Traceback" not in r.output


def test_output_onto_an_input_is_refused(tmp_path, article):
    before = article.read_bytes()
    r = runner.invoke(app, ["clean", str(tmp_path), "-o", str(tmp_path)])
    assert r.exit_code == 2 and "would overwrite this input" in r.stderr
    r = runner.invoke(app, ["clean", str(article), "-o", str(article)])
    assert r.exit_code == 2
    link = tmp_path / "elsewhere" / "link.txt"  # the same file under another name
    link.parent.mkdir()
    link.symlink_to(article)
    r = runner.invoke(app, ["clean", str(article), "-o", str(link)])
    assert r.exit_code == 2 and "would overwrite this input" in r.stderr
    assert article.read_bytes() == before


def test_sigterm_mid_run_leaves_no_temporary_files(tmp_path):
    import os
    import signal
    import time

    src = tmp_path / "in"
    src.mkdir()
    for i in range(600):
        (src / f"a{i:03d}.txt").write_text(GARBLED.replace("June 3", f"June {i % 28 + 1}") * 20, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "polish.cli", "clean", str(src), "-o", str(out), "-q",
                             "--no-translate"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    # stop it once it is writing: the report's temporary file exists from then until the end
    while not (out.exists() and any(p.name.endswith(".tmp") for p in out.iterdir())):
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be stopped"
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in err
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".")] == []
    assert not (out / "polish-report.json").exists()  # an unfinished report is never left looking finished
    assert all(p.read_text(encoding="utf-8").startswith("Minsk, June") for p in out.glob("*.txt"))
    assert os.listdir(src) and len(os.listdir(src)) == 600


def _one_line_error(r, *words):
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and all(w in lines[0] for w in words), r.stderr
    assert "Traceback" not in r.output


def test_folder_runs_refuse_outputs_that_would_collide_or_land_on_a_file(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.txt").write_text(GARBLED + sub + "\n", encoding="utf-8")
    out = tmp_path / "out"
    _one_line_error(runner.invoke(app, ["clean", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out)]),
                    "a/x.txt", "b/x.txt", "would both be written")
    report_named = tmp_path / "r"
    report_named.mkdir()
    (report_named / "polish-report.json").write_text("Sino -Belarusian\n", encoding="utf-8")
    (report_named / "y.txt").write_text(GARBLED, encoding="utf-8")
    _one_line_error(runner.invoke(app, ["clean", str(report_named), "--glob", "*", "-o", str(out)]),
                    "polish-report.json", "the run's report")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x\n")
    _one_line_error(runner.invoke(app, ["clean", str(tmp_path / "a"), "-o", str(a_file)]), "must be a folder")
    _one_line_error(runner.invoke(app, ["clean", str(tmp_path / "a"), "-o", "/proc/polish-cannot-be-here"]),
                    "/proc/polish-cannot-be-here", "cannot write the output folder")
    assert not out.exists()


def test_output_ending_in_a_slash_is_a_folder_and_dash_is_stdout(article, tmp_path):
    r = invoke("clean", article, "-o", f"{tmp_path / 'new'}/", "--no-translate", "-q")
    assert r.exit_code == 0 and (tmp_path / "new" / "article.txt").is_file()
    r = invoke("clean", article, "-o", "-", "--no-translate")
    assert r.exit_code == 0 and "Sino-Belarusian" in r.stdout and not Path("-").exists()


def test_a_file_name_that_is_not_utf8_does_not_stop_the_run(tmp_path):
    import os

    src = tmp_path / "in"
    src.mkdir()
    (src / os.fsdecode(b"bad\xff\xfename.txt")).write_text(GARBLED, encoding="utf-8")
    (src / "good.txt").write_text(GARBLED, encoding="utf-8")
    r = invoke("clean", src, "-o", tmp_path / "out", "--no-translate", "-q")
    assert r.exit_code == 0, r.output
    report = json.loads((tmp_path / "out" / "polish-report.json").read_bytes())
    assert sorted(f["file"] for f in report["files"]) == ["bad\ufffd\ufffdname.txt", "good.txt"]
    r = invoke("check", src, "--format", "json", "--no-translate")
    assert "bad\ufffd\ufffdname.txt" in {f["file"].split("/")[-1] for f in json.loads(r.stdout)}


def test_misused_options_get_one_line(article, tmp_path, samples_dir):
    _one_line_error(runner.invoke(app, ["clean", str(article), "--json"]), "--json needs --output")
    _one_line_error(runner.invoke(app, ["diff", str(samples_dir)]), "is a folder", "polish check")
    _one_line_error(runner.invoke(app, ["clean", str(tmp_path), "--glob", "", "-o", str(tmp_path / "o")]), "--glob needs a pattern")


def test_earlier_outputs_inside_the_input_folder_are_not_inputs(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(GARBLED, encoding="utf-8")
    assert invoke("clean", news, "-o", news / "out-1", "--no-translate", "-q").exit_code == 0
    assert invoke("clean", news, "-o", news / "out-2", "--no-translate", "-q").exit_code == 0
    assert sorted(p.relative_to(news / "out-2").as_posix() for p in (news / "out-2").rglob("*")) == ["a.txt", "polish-report.json"]


def test_copies_of_one_page_are_not_boilerplate_of_each_other(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    body = "The forum was held at the university.\nStudents from both countries presented their projects.\n"
    for i in range(3):
        (src / f"copy{i}.txt").write_text(body, encoding="utf-8")
    assert invoke("clean", src, "-o", tmp_path / "out", "--no-translate", "-q").exit_code == 0
    assert all((tmp_path / "out" / f"copy{i}.txt").read_text(encoding="utf-8") == body for i in range(3))


def test_check_shows_a_one_character_change_in_its_words(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("It was founded in 2013.The institute grew, the forum , which met.\n", encoding="utf-8")
    r = invoke("check", f, "--no-translate")
    assert r.exit_code == 1
    assert "space added after a sentence end or comma '2013.The' -> '2013. The'" in r.stdout
    assert "space before punctuation removed 'forum ,' -> 'forum,'" in r.stdout
    rows = json.loads(invoke("check", f, "--format", "json", "--no-translate").stdout)
    assert {(row["text"], row["suggestion"]) for row in rows} >= {("", " "), (" ", "")}  # JSON keeps the change itself


def test_an_unreadable_folder_is_named_and_fails_the_run(tmp_path):
    import os

    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "a.txt").write_text(GARBLED, encoding="utf-8")
    (src / "locked" / "l.txt").write_text(GARBLED, encoding="utf-8")
    (src / "locked").chmod(0)
    cmd = [sys.executable, "-m", "polish.cli", "clean", str(src), "-o", str(tmp_path / "out"), "-q", "--no-translate"]
    if os.geteuid() == 0:  # root reads any folder: drop the capability that lets it
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv")
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all", *cmd]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    finally:
        (src / "locked").chmod(0o755)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip() == f"polish: {src / 'locked'}: cannot read this folder (Permission denied)"
    assert (tmp_path / "out" / "a.txt").is_file()


def test_check_reports_name_variants_across_files_as_clean_does(tmp_path):
    src = tmp_path / "x"
    src.mkdir()
    for name, spelling in (("a.txt", "Yuri"), ("b.txt", "Iurii"), ("c.txt", "Yury")):
        (src / name).write_text(f"Professor {spelling} Voronov opened the forum in Minsk.\n", encoding="utf-8")
    r = invoke("check", src, "--format", "json", "--no-translate")
    across = [row for row in json.loads(r.stdout) if row["rule"] == "consistency.name-variant"]
    assert r.exit_code == 1 and across
    assert all(row["column"] is None and row["line"] == 1 and "Voronov" in row["message"] for row in across)
    clean = invoke("clean", src, "-o", tmp_path / "out", "--no-translate")
    report = json.loads((tmp_path / "out" / "polish-report.json").read_bytes())
    assert len(report["corpus_findings"]) == len(across)


def test_in_place_falls_back_to_utf8_when_the_code_page_cannot_hold_the_text_and_says_so(tmp_path):
    from polish.glossary.model import COLUMNS

    terms = tmp_path / "terms.tsv"
    terms.write_text("\t".join(COLUMNS) + "\n" + "\t".join({"id": "cafe", "canonical": "Café Minsk",
                     "variants": "Cafe Minsk"}.get(c, "") for c in COLUMNS) + "\n", encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    f = src / "cp.txt"
    f.write_bytes(("Встреча прошла в кафе. " * 12 + "\nThe meeting was in Cafe Minsk.\n").encode("cp1251"))
    r = invoke("clean", src, "--in-place", "-g", terms, "--no-translate", "-q", "--no-default-glossaries")
    assert r.exit_code == 0, r.output
    assert "Café Minsk" in f.read_bytes().decode("utf-8")
    assert f"{f}: written as UTF-8: cp1251 cannot hold the cleaned text" in r.stderr
    assert (src / "cp.txt.orig").read_bytes().decode("cp1251").startswith("Встреча")


def test_only_missing_inputs_is_one_line_per_path_and_exit_1(tmp_path):
    r = runner.invoke(app, ["clean", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert r.stderr == f"polish: {tmp_path / 'nope'}: no such file or folder\n"  # no empty summary after it
    assert not (tmp_path / "out").exists()


def test_a_missing_input_beside_good_ones_is_in_the_summary_and_the_report(tmp_path, article):
    r = invoke("clean", article, tmp_path / "nope.txt", "-o", f"{tmp_path / 'out'}/", "--no-translate", "--json")
    assert r.exit_code == 1
    summary = json.loads(r.stdout)
    assert summary["ok"] == 1 and summary["missing"] == [f"{tmp_path / 'nope.txt'}: no such file or folder"]
    report = json.loads((tmp_path / "out" / "polish-report.json").read_text(encoding="utf-8"))
    assert report["summary"]["missing"] == summary["missing"]
