"""polish diff against the tools that apply it: patch -p0 and git apply -p0, on awkward names and line ends."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from polish.model import Change, Finding
from polish.reading import normalize
from polish.render.diff import explain_change, explain_findings, header_name, unified_diff

needs_patch = pytest.mark.skipif(shutil.which("patch") is None, reason="patch(1) not installed")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

#: every character str.splitlines() breaks a line at, besides LF and CR
OTHER_BREAKS = ["\u2028", "\u2029", "\x85", "\x0c", "\x1c", "\x1d", "\x1e", "\x0b"]


def polish_diff(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`polish diff ARGS --no-translate` as a user runs it, bytes out."""
    return subprocess.run([sys.executable, "-m", "polish.cli", "diff", *args, "--no-translate"], cwd=cwd,
                          capture_output=True)


def cleaned(cwd: Path, name: str) -> str:
    """What the patch should make of ``name``: polish clean's text (UTF-8 on stdout, in the file's line ends)."""
    return subprocess.run([sys.executable, "-m", "polish.cli", "clean", name, "--no-translate"], cwd=cwd,
                          capture_output=True, check=True).stdout.decode("utf-8")


def apply_with_patch(cwd: Path, diff: bytes) -> None:
    subprocess.run(["patch", "-p0", "--quiet", "--force"], input=diff, cwd=cwd, check=True, capture_output=True)


def apply_with_git(cwd: Path, diff: bytes) -> None:
    if not (cwd / ".git").exists():  # so git applies in this folder, whatever encloses it
        subprocess.run(["git", "init", "-q", "."], cwd=cwd, check=True)
    proc = subprocess.run(["git", "apply", "-p0", "-"], input=diff, cwd=cwd, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()


APPLIERS = [pytest.param(apply_with_patch, marks=needs_patch, id="patch"),
            pytest.param(apply_with_git, marks=needs_git, id="git-apply")]


# -- 1. file names: patch reads a name with spaces up to a TAB ---------------------------------------


@pytest.mark.parametrize("apply", APPLIERS)
@pytest.mark.parametrize("name, encoding", [
    ("n2/my article.txt", "utf-8"),
    ("news/Минск/статья 1.txt", "utf-8"),
    ("news/Минск/статья 1.txt", "cp1251"),  # the hunks in cp1251, the name as the file system spells it
    ("two  spaces .txt", "utf-8"),
    (" leading space.txt", "utf-8"),
    ("tab\there.txt", "utf-8"),
    ('quote"and\\backslash.txt', "utf-8"),
])
def test_a_file_name_with_spaces_or_special_characters_applies(tmp_path, apply, name, encoding):
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    text = "Минск,, 3 июня -- Ректор выступил .\n" * 3 if encoding == "cp1251" else ""
    target.write_bytes((text + "The new crown pneumonia period.\nThe high -tech park.\n").encode(encoding))
    expected = cleaned(tmp_path, name)
    proc = polish_diff(tmp_path, name)
    assert proc.returncode == 1, proc.stderr
    apply(tmp_path, proc.stdout)
    assert target.read_bytes().decode(encoding) == expected
    assert "COVID-19" in target.read_bytes().decode(encoding)


def test_header_names_are_written_as_git_writes_them():
    assert header_name("a.txt") == "a.txt"  # the common name: byte-identical to before
    assert header_name("news/Минск/x.txt") == "news/Минск/x.txt"
    assert header_name("my article.txt") == "my article.txt\t"
    assert header_name("tab\there.txt") == '"tab\\there.txt"'
    assert header_name(" lead.txt") == '" lead.txt"\t'
    assert header_name("bell\x07.txt") == '"bell\\007.txt"'


# -- 2. only LF ends a line: not U+2028, form feed, ... ------------------------------------------------


@pytest.mark.parametrize("apply", APPLIERS)
@pytest.mark.parametrize("sep", OTHER_BREAKS, ids=[f"U+{ord(c):04X}" for c in OTHER_BREAKS])
def test_a_line_with_a_unicode_line_separator_stays_one_line(tmp_path, apply, sep):
    target = tmp_path / "ls2.txt"
    target.write_bytes(f"Intro{sep}more text.\nMinsk,, June 3.\nThe high -tech{sep}park .\n".encode("utf-8"))
    expected = cleaned(tmp_path, "ls2.txt").encode("utf-8")
    proc = polish_diff(tmp_path, "ls2.txt")
    assert proc.returncode == 1, proc.stderr
    body = proc.stdout.decode("utf-8")
    assert f" Intro{sep}more text.\n" in body and body.count("\n") == 8  # header, @@, 2 context + 2 lines each
    apply(tmp_path, proc.stdout)
    assert target.read_bytes() == expected


def test_explanations_stay_on_one_line_whatever_the_change_holds():
    source = "Share\u2028to\x0clet\x85more people see\n"
    c = Change(id="c1", stage="boilerplate", rule="boilerplate.share-widget", kind="remove", start=0,
               end=len(source), before=source, after="", reason="widget\u2029text", line=1)
    line = explain_change(c, source)
    assert line.endswith("[c1]\n") and len(line.splitlines()) == 1
    f = Finding(start=0, end=5, rule="language.untranslated", message="a\u2028b", text="x\x1cy", id="f1", line=1)
    assert all(len(x.splitlines()) == 1 for x in explain_findings([f]))


# -- 3. line ends: each line carries its own -----------------------------------------------------------


@pytest.mark.parametrize("apply", APPLIERS)
@pytest.mark.parametrize("data, expected", [
    (b"Minsk,, June 3.\r\nThe high -tech park.\nMixed  line.\r\n", b"Minsk, June 3.\r\nThe high-tech park.\nMixed line.\r\n"),
    (b"Plain.\nMinsk,, June 3.\r\nThe high -tech park.\n", b"Plain.\nMinsk, June 3.\r\nThe high-tech park.\n"),
    # a lone CR inside what patch calls one line, and no newline at the end
    (b"Minsk,, June 3.\r\nThe high -tech park.\rMixed  line.\nLast  one.\r",
     b"Minsk, June 3.\r\nThe high-tech park.\rMixed line.\nLast one.\r"),
    # a junk line removed between lines with different ends
    (b"Minsk,, June 3.\r\nShare to let more people see\nThe high -tech park.\r\n",
     b"Minsk, June 3.\r\nThe high-tech park.\r\n"),
], ids=["crlf-lf-crlf", "lf-crlf-lf", "lone-cr", "removal"])
def test_mixed_line_ends_apply_line_by_line(tmp_path, apply, data, expected):
    target = tmp_path / "m.txt"
    target.write_bytes(data)
    proc = polish_diff(tmp_path, "m.txt")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == b""  # exact: nothing to warn about
    apply(tmp_path, proc.stdout)
    assert target.read_bytes() == expected


@pytest.mark.parametrize("data, expected", [
    (b"Minsk,, June 3.\r\nThe high -tech park.\nMixed  line.\r\n", b"Minsk, June 3.\r\nThe high-tech park.\nMixed line.\r\n"),
    (b"Minsk,, June 3.\r\nShare to let more people see\nThe high -tech park.\r\n",
     b"Minsk, June 3.\r\nThe high-tech park.\r\n"),
], ids=["crlf-lf-crlf", "removal"])
def test_a_rewrite_in_place_keeps_each_line_s_own_end(tmp_path, data, expected):
    from polish.cli import app
    from typer.testing import CliRunner

    target = tmp_path / "m.txt"
    target.write_bytes(data)
    r = CliRunner().invoke(app, ["clean", str(target), "--in-place", "--no-translate", "-q"])
    assert r.exit_code == 0, r.output
    assert target.read_bytes() == expected  # what applying the diff gives, too


def test_reading_records_line_ends_only_when_they_are_mixed():
    assert normalize("a\r\nb\r\n").line_ends == ()
    assert normalize("a\nb\n").line_ends == ()
    assert normalize("a\rb\r").line_ends == ()
    doc = normalize("a\r\nb\nc\rd")
    assert doc.text == "a\nb\nc\nd" and doc.line_ends == ("\r\n", "\n", "\r")


@needs_patch
def test_text_that_cannot_be_reproduced_is_named_on_stderr(tmp_path):
    import unicodedata

    (tmp_path / "nfd.txt").write_text(unicodedata.normalize("NFD", "Café Minsk,, June 3.\n"), encoding="utf-8")
    proc = polish_diff(tmp_path, "nfd.txt")
    assert proc.returncode == 1
    assert proc.stderr.decode().count("\n") == 1 and "NFC" in proc.stderr.decode()


# -- 4. --explain: before -> after and id under each hunk, findings after --------------------------------


def test_explain_tells_changes_on_one_line_apart(tmp_path):
    (tmp_path / "h.txt").write_text("The high -tech, low -cost and mid -range parks.\n", encoding="utf-8")
    out = polish_diff(tmp_path, "h.txt", "--explain").stdout.decode()
    notes = [line for line in out.splitlines() if line.startswith("# line 1: mechanics.detached-hyphen:")]
    assert len(notes) == 3
    for before, after in (("high -tech,", "high-tech,"), ("low -cost", "low-cost"), ("mid -range", "mid-range")):
        assert sum(f"{before!r} -> {after!r}" in n for n in notes) == 1, out
    assert all(n.endswith("]") and n.rsplit("[", 1)[1][:-1].startswith("c") for n in notes)  # the change id


def test_explain_quotes_a_long_removal_in_short(tmp_path):
    junk = "Copyright 2020 Belarusian State University. " * 4 + "All rights reserved."
    (tmp_path / "j.txt").write_text(f"Minsk,, June 3.\n{junk}\n", encoding="utf-8")
    out = polish_diff(tmp_path, "j.txt", "--explain").stdout.decode()
    note = next(line for line in out.splitlines() if line.startswith("# line 2: boilerplate."))
    assert f"({len(junk) + 1} characters) -> ''" in note and len(note) < 300


def test_explain_lists_the_findings_after_the_hunks(tmp_path):
    (tmp_path / "f.txt").write_text("The forum was held at the university.\nМинск,, 3 июня ректор выступил перед студентами университета.\n",
                                    encoding="utf-8")
    out = polish_diff(tmp_path, "f.txt", "--explain").stdout.decode()
    head, _, findings = out.partition("# Findings for an editor")
    assert head.startswith("--- f.txt\n") and "@@" in head
    assert "# line 2: language.untranslated: Russian paragraph left untranslated" in findings


@needs_patch
def test_explain_still_applies_with_patch_on_a_crlf_file_and_attaches_each_change_to_its_hunk(tmp_path):
    lines = ["Minsk,, June 3."] + [f"Plain line number {i}." for i in range(120)] + ["The high -tech park."]
    target = tmp_path / "c.txt"
    target.write_bytes("\r\n".join(lines).encode() + b"\r\n")
    out = polish_diff(tmp_path, "c.txt", "--explain").stdout
    hunks = out.decode().split("@@ -")[1:]
    assert len(hunks) == 2
    assert "# line 1: mechanics.doubled-punct:" in hunks[0]
    assert "# line 122: mechanics.detached-hyphen:" in hunks[1]  # offsets count LF line ends, not the file's CRLF
    apply_with_patch(tmp_path, out)
    assert target.read_bytes().endswith(b"Plain line number 119.\r\nThe high-tech park.\r\n")


def test_word_diff_explains_too(tmp_path):
    (tmp_path / "w.txt").write_text("Minsk,, June 3.\nThe high -tech park.\nМинск,, 3 июня ректор выступил перед студентами университета.\n",
                                    encoding="utf-8")
    plain = polish_diff(tmp_path, "w.txt", "--word").stdout.decode()
    out = polish_diff(tmp_path, "w.txt", "--word", "--explain").stdout.decode()
    assert out.startswith(plain) and plain.endswith("\n")
    notes = out[len(plain):].splitlines()
    assert notes[0].startswith("# line 1: mechanics.doubled-punct:") and "[c" in notes[0]
    assert any(n.startswith("# line 2: mechanics.detached-hyphen:") and "'high -tech' -> 'high-tech'" in n for n in notes)
    assert "# Findings for an editor (1; this diff does not change them):" in notes


def test_explain_without_changes_still_lists_findings(tmp_path):
    (tmp_path / "n.txt").write_text("The forum was held.\nРектор выступил перед студентами университета сегодня.\n",
                                    encoding="utf-8")
    assert polish_diff(tmp_path, "n.txt").stdout == b""
    proc = polish_diff(tmp_path, "n.txt", "--explain")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("# Findings for an editor (1;")


def test_unified_diff_without_explain_is_unchanged_for_a_plain_name():
    out = unified_diff("a\nb -c\n", "a\nb-c\n", "x.txt")
    assert out == "--- x.txt\n+++ x.txt\n@@ -1,2 +1,2 @@\n a\n-b -c\n+b-c\n"
    assert unified_diff("a", "b", "x.txt") == "--- x.txt\n+++ x.txt\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n"


# -- 5. --explain applies with git apply too: each hunk a file patch of its own ---------------------------


def apply_with_git_as_told(cwd: Path, diff: bytes) -> None:
    """`git apply --check p.diff; git apply p.diff` in a repository holding the original, as the README says."""
    if not (cwd / ".git").exists():
        subprocess.run(["git", "init", "-q", "."], cwd=cwd, check=True)
        subprocess.run(["git", "add", "-A"], cwd=cwd, check=True)
    (cwd.parent / "p.diff").write_bytes(diff)
    for args in (["--check"], []):
        proc = subprocess.run(["git", "apply", *args, str(cwd.parent / "p.diff")], cwd=cwd, capture_output=True)
        assert proc.returncode == 0, proc.stderr.decode()


EXPLAIN_APPLIERS = APPLIERS + [pytest.param(apply_with_git_as_told, marks=needs_git, id="git-apply-p1")]


def rewritten_in_place(tmp_path: Path, name: str, data: bytes) -> bytes:
    """The bytes `polish clean --in-place` makes of ``data``: what applying the diff must give."""
    folder = tmp_path / "in-place"
    folder.mkdir()
    (folder / name).write_bytes(data)
    subprocess.run([sys.executable, "-m", "polish.cli", "clean", name, "--in-place", "--no-translate", "-q"],
                   cwd=folder, check=True, capture_output=True)
    return (folder / name).read_bytes()


def _plain(i: int) -> str:
    return f"Plain line number {i}."


#: text with changes far apart (one removing a line, so later hunks move), and the line each change is on
MANY_HUNKS = ("\n".join(["Minsk,, June 3.", "Share to let more people see"] + [_plain(i) for i in range(30)]
                        + ["The high -tech park."] + [_plain(i) for i in range(30, 60)] + ["Last  one."]) + "\n")


def file_patches(diff: str) -> list[str]:
    """``diff`` cut into its file patches, each from its ---/+++ header (no hunk line here starts with '--- ')."""
    return ["--- " + part for part in ("\n" + diff).split("\n--- ")[1:]]


def first_line(hunk_range: str) -> str:
    """The first line number of a hunk header's range: '32' of '-32,7' or '+32'."""
    return hunk_range[1:].split(",")[0]


@pytest.mark.parametrize("apply", EXPLAIN_APPLIERS)
@pytest.mark.parametrize("name, text, newline, encoding, final", [
    ("many.txt", MANY_HUNKS, "\n", "utf-8", True),
    ("one.txt", "Minsk,, June 3.\nThe high -tech park.\n", "\n", "utf-8", True),
    ("crlf.txt", MANY_HUNKS, "\r\n", "utf-8", True),
    ("no-final-newline.txt", MANY_HUNKS, "\n", "utf-8", False),
    ("my article.txt", MANY_HUNKS, "\n", "utf-8", True),
    ('quote"and\\backslash.txt', MANY_HUNKS, "\n", "utf-8", True),
    ("cp1251.txt", "Минск,, 3 июня.\n" + MANY_HUNKS, "\r\n", "cp1251", True),
    ("utf16le.txt", "\ufeff上海,, news.\n" + MANY_HUNKS, "\r\n", "utf-16-le", True),
    ("utf16be.txt", "\ufeff上海,, news.\n" + MANY_HUNKS, "\n", "utf-16-be", False),
], ids=["many-hunks", "one-hunk", "crlf", "no-final-newline", "space-in-name", "quoted-name", "cp1251",
        "utf-16-le", "utf-16-be"])
def test_explain_applies_with_git_apply_and_patch(tmp_path, apply, name, text, newline, encoding, final):
    work = tmp_path / "work"
    work.mkdir()
    text = text if final else text.rstrip("\n")
    data = text.replace("\n", newline).encode(encoding)
    (work / name).write_bytes(data)
    expected = rewritten_in_place(tmp_path, name, data)
    assert expected != data
    proc = polish_diff(work, name, "--explain")
    assert proc.returncode == 1, proc.stderr
    apply(work, proc.stdout)
    assert (work / name).read_bytes() == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
def test_explain_gives_each_hunk_its_header_and_its_changes_under_it(tmp_path, encoding):
    # U+4E0A holds a byte 0x0A: in UTF-16 patch cuts its line there, and the hunks count such lines
    text = "\ufeff" + MANY_HUNKS.replace("number 1", "number 1 (上海)") if encoding != "utf-8" else MANY_HUNKS
    (tmp_path / "many.txt").write_bytes(text.encode(encoding))
    out = polish_diff(tmp_path, "many.txt", "--explain").stdout.decode("latin-1")  # the hunks are the file's bytes
    patches = file_patches(out)
    assert len(patches) == 3 and all(p.startswith("--- many.txt\n+++ many.txt\n@@ -") for p in patches)
    assert [p.count("\n@@ -") for p in patches] == [1, 1, 1]
    plain = polish_diff(tmp_path, "many.txt").stdout.decode("latin-1")
    assert len(file_patches(plain)) == 1  # without notes, one header as before
    ranges = [line.split() for line in plain.splitlines() if line.startswith("@@ -")]
    assert len(ranges) == 3 and first_line(ranges[1][1]) != first_line(ranges[1][2])  # the removal moved them up
    # later patches apply to what the earlier ones made: they start where the cleaned text has them
    moved = [["@@", f"-{first_line(new)}" + old[len(first_line(old)) + 1:], new, "@@"] for _, old, new, _ in ranges]
    assert [p.split("\n")[2].split() for p in patches] == moved
    notes = [[line for line in p.partition("# Findings")[0].splitlines() if line.startswith("# line")] for p in patches]
    assert [n.split(":")[1] for n in notes[0]] == [" mechanics.doubled-punct", " boilerplate.share-widget"]
    assert [n.split(":")[:2] for n in notes[1]] == [["# line 33", " mechanics.detached-hyphen"]]
    assert [n.split(":")[:2] for n in notes[2]] == [["# line 64", " mechanics.extra-space"]]


@pytest.mark.parametrize("apply", APPLIERS)
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_diff_compares_the_file_s_bytes(tmp_path, apply, encoding):
    work = tmp_path / "work"
    work.mkdir()
    data = "\ufeffMinsk,, June 3.\r\n上海 news.\r\nThe high -tech park.\r\n".encode(encoding)
    (work / "u.txt").write_bytes(data)
    expected = rewritten_in_place(tmp_path, "u.txt", data)
    proc = polish_diff(work, "u.txt")
    assert proc.returncode == 1 and proc.stderr == b""
    # the hunk lines are the file's bytes, cut where patch cuts them: at every byte 0x0A, which in
    # UTF-16-LE is the LF's first byte, and in both orders one of U+4E0A's
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    assert lines > 3 and proc.stdout.startswith(f"--- u.txt\n+++ u.txt\n@@ -1,{lines} +1,{lines} @@\n".encode())
    assert "Minsk,,".encode(encoding) in proc.stdout
    apply(work, proc.stdout)
    assert (work / "u.txt").read_bytes() == expected
