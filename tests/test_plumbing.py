"""Data safety at the edges: what polish writes over, what it reads, and how it says what went wrong."""

from __future__ import annotations

import base64
import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polish.cli import app

runner = CliRunner()
TEXT = "The high -tech park opened in Minsk,, June 3.\n"


def _clean(*args: str):
    return runner.invoke(app, ["clean", *map(str, args), "--no-translate"])


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def test_output_never_replaces_a_device_or_a_pipe(tmp_path, src):
    fifo = tmp_path / "sink"
    os.mkfifo(fifo)
    r = _clean(src, "-o", fifo)
    assert r.exit_code == 1 and "not a regular file" in r.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    null_link = tmp_path / "null"  # what `-o /dev/null` would meet, without touching the real one
    null_link.symlink_to("/dev/null")
    r = _clean(src, "-o", null_link)
    assert r.exit_code == 1 and "not a regular file" in r.stderr
    assert os.path.islink(null_link) and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_through_a_symlink_writes_the_file_it_names_and_keeps_the_link(tmp_path, src):
    target = tmp_path / "real.txt"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    assert _clean(src, "-o", link).exit_code == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "The high-tech park opened in Minsk, June 3.\n"


@pytest.mark.skipif(os.geteuid() == 0 and not Path("/usr/bin/setpriv").exists(), reason="root ignores file modes")
def test_a_read_only_output_file_is_not_replaced(tmp_path, src):
    ro = tmp_path / "ro.txt"
    ro.write_text("KEEP\n", encoding="utf-8")
    ro.chmod(0o444)
    cmd = [sys.executable, "-m", "polish.cli", "clean", str(src), "-o", str(ro), "--no-translate"]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all", *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    ro.chmod(0o644)
    assert proc.returncode == 1 and "read-only" in proc.stderr
    assert ro.read_text(encoding="utf-8") == "KEEP\n"


def test_a_pipe_or_device_in_a_folder_is_named_and_skipped_not_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # reading it would wait for a writer forever
    (folder / "zero.txt").symlink_to("/dev/zero")  # reading it would fill the memory
    r = _clean(folder, "-o", tmp_path / "out", "-q")
    assert r.exit_code == 1
    assert "pipe.txt: not a regular file" in r.stderr and "zero.txt: not a regular file" in r.stderr
    assert (tmp_path / "out" / "a.txt").is_file()


def test_a_device_named_on_the_command_line_is_read_only_up_to_the_limit(tmp_path):
    r = _clean("/dev/zero", "--max-bytes", "1000")
    assert r.exit_code == 1 and "over the" in r.stderr


def test_lines_that_make_a_careless_pattern_backtrack_are_cleaned(tmp_path):
    # ("\S+/)*" made each two more slashes cost four times as long: 27 slashes took half a minute)
    lines = ["Intro line.", "https://www.bsuir.by/" + "/".join(f"news{i}" for i in range(40)) + "/index.html",
             "x/" * 200, "data:image/png;base64," + base64.b64encode(bytes(range(256)) * 40).decode(),
             "a." * 5000 + "!", "End line."]
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("cleaning did not finish: a pattern backtracks"))
    signal.alarm(60)
    try:
        from polish import clean_text
        from polish.config import Config

        result = clean_text("\n".join(lines) + "\n", Config(translate=False))
    finally:
        signal.alarm(0)
    assert result.text.startswith("Intro line.") and result.text.endswith("End line.\n")


def test_a_file_edited_during_the_run_is_not_rewritten_in_place(tmp_path, src, monkeypatch):
    from polish import outputs

    real = outputs._rewrite_in_place

    def edit_then_rewrite(path, result, backup=True):
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("EDITOR ADDED THIS LINE\n")
        return real(path, result, backup)

    monkeypatch.setattr(outputs, "_rewrite_in_place", edit_then_rewrite)
    r = _clean(src, "--in-place")
    assert r.exit_code == 1 and "changed while it was being cleaned" in r.stderr
    assert src.read_text(encoding="utf-8") == TEXT + "EDITOR ADDED THIS LINE\n"
    assert not (src.parent / "a.txt.orig").exists()


def test_a_file_named_twice_is_cleaned_once(tmp_path):
    folder = tmp_path / "dd"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    r = _clean(folder, folder / "sub", "--in-place", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["files"] == 1
    assert not (folder / "sub" / "b.txt.orig.1").exists()


def test_an_output_folder_inside_the_input_that_holds_its_files_is_refused(tmp_path):
    folder = tmp_path / "sk"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    r = _clean(folder, "-o", folder / "sub")
    assert r.exit_code == 2 and "the output folder lies in an input folder and holds 1 of its files" in r.stderr
    assert (folder / "sub" / "b.txt").read_text(encoding="utf-8") == TEXT
    # an earlier run's output in the input folder is left out, and the run says so
    assert _clean(folder, "-o", folder / "out", "-q").exit_code == 0
    r = _clean(folder, "-o", tmp_path / "elsewhere")
    assert r.exit_code == 0 and "left out, an earlier run's output" in r.stderr


@pytest.mark.parametrize("command", ["detect", "score"])
def test_detect_and_score_refuse_a_folder(tmp_path, src, command):
    r = runner.invoke(app, [command, str(tmp_path)])
    assert r.exit_code == 2 and "is a folder" in r.stderr


def test_a_rewrite_in_place_keeps_utf16_byte_order(tmp_path):
    p = tmp_path / "be.txt"
    p.write_bytes(b"\xfe\xff" + TEXT.encode("utf-16-be"))
    assert _clean(p, "--in-place", "-q").exit_code == 0
    data = p.read_bytes()
    assert data.startswith(b"\xfe\xff") and data[2:].decode("utf-16-be") == "The high-tech park opened in Minsk, June 3.\n"


def test_a_file_name_with_a_line_break_stays_on_one_error_line(tmp_path):
    folder = tmp_path / "nl"
    folder.mkdir()
    (folder / "bad\nname.txt").write_bytes(bytes(range(256)) * 4)
    r = _clean(folder, "-o", tmp_path / "out", "-q")
    assert r.exit_code == 1
    assert [line for line in r.stderr.splitlines() if "bad" in line] == [
        f"polish: {folder}/bad\\nname.txt: looks like a binary file, not text"]


def test_an_interrupted_rerun_leaves_a_report_that_says_it_is_incomplete(tmp_path):
    import time

    src = tmp_path / "in"
    src.mkdir()
    # distinct files, many: the run would last seconds (no cache serves a line twice), so the signal
    # finds it busy; stopped at once, it costs the suite little
    for i in range(3000):
        (src / f"a{i:04d}.txt").write_text(f"Story {i}. " + TEXT.replace("June 3", f"June {i % 28 + 1}") * 4,
                                           encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    # an earlier run's report, which no longer describes what this run writes
    (out / "polish-report.json").write_text(json.dumps({"version": 1, "files": [{"file": "a0000.txt"}],
                                                        "corpus_findings": [], "summary": {"files": 1}}),
                                            encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "polish.cli", "clean", str(src), "-o", str(out), "-q",
                             "--no-translate"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while "incomplete" not in (out / "polish-report.json").read_text(encoding="utf-8"):
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be stopped"
        time.sleep(0.002)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    report = json.loads((out / "polish-report.json").read_text(encoding="utf-8"))
    assert report["files"] == [] and report["summary"] is None and "interrupted" in report["incomplete"], err
    assert "polish: interrupted:" in err and "says the run is incomplete" in err, err
