"""Reading: encodings detected and recorded, binaries and empties refused, writes atomic."""

from __future__ import annotations

import os

import pytest

from polish.reading import InputError, atomic_write_text, decode, read_document

ARTICLE_ZH = "哈尔滨工业大学与白俄罗斯国立信息与无线电电子大学举行人工智能线上研讨会。中白两国教育合作不断深化。"
ARTICLE_RU = "Стороны обсудили вопросы академической мобильности студентов и преподавателей, а также совместные научные проекты."


@pytest.mark.parametrize("encoding", ["gb18030", "cp1251", "koi8-r", "big5"])
def test_legacy_encodings_are_detected_and_recorded(encoding):
    text = {"gb18030": ARTICLE_ZH, "big5": "國立臺灣大學與白俄羅斯國立大學簽署合作協議，雙方將加強學生交流與科研合作。"}.get(encoding, ARTICLE_RU)
    data = ("The two universities met. " + text + "\nIt was a good meeting.\n").encode(encoding)
    doc = decode(data, "x.txt")
    assert doc.encoding == encoding
    assert text in doc.text


def test_utf8_bom_and_newlines_and_nfc():
    data = "\ufeffCafe\u0301 line\r\nsecond\rthird".encode("utf-8")
    doc = decode(data, "a.txt")
    assert doc.bom and doc.encoding == "utf-8"
    assert doc.text == "Café line\nsecond\nthird"
    assert any("CRLF" in n for n in doc.normalized) and any("NFC" in n for n in doc.normalized)


@pytest.mark.parametrize(
    "data, problem",
    [(b"", "empty file"), (b"  \n\n", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
     # a byte-order mark alone is as empty as no bytes at all
     (b"\xef\xbb\xbf", "empty file"), (b"\xef\xbb\xbf \n", "empty file"), (b"\xff\xfe", "empty file"),
     # binary after a text-like first block is still binary
     (b"A heading\n" * 2000 + b"\x00\x01\x02", "binary"),
     (b"A heading\n" * 2000 + bytes(range(256)) * 8, "binary"),
     ("UTF-16 without its mark\n".encode("utf-16-le") * 4, "UTF-16 without a byte-order mark (pass --encoding utf-16-le)"),
     ("UTF-16 without its mark\n".encode("utf-16-be") * 4, "UTF-16 without a byte-order mark (pass --encoding utf-16-be)")],
)
def test_bad_input_is_one_line(data, problem):
    with pytest.raises(InputError) as exc:
        decode(data, "bad.bin")
    msg = str(exc.value)
    assert msg.startswith("bad.bin: ") and problem in msg and "\n" not in msg


def test_huge_and_missing_files(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    with pytest.raises(InputError, match="over the"):
        read_document(big, max_bytes=100)
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_atomic_write_replaces_and_keeps_mode(tmp_path):
    p = tmp_path / "out" / "a.txt"
    atomic_write_text(p, "one\ntwo\n", newline="\r\n")
    assert p.read_bytes() == b"one\r\ntwo\r\n"
    os.chmod(p, 0o600)
    atomic_write_text(p, "three\n")
    assert p.read_text() == "three\n" and (p.stat().st_mode & 0o777) == 0o600
    assert [x.name for x in p.parent.iterdir()] == ["a.txt"]  # no temp files left


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path):
    from polish.reading import _umask

    new = tmp_path / "new.txt"
    atomic_write_text(new, "x\n")
    assert new.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert _umask() == os.umask(_umask())  # reading the mask left it as it was


def test_a_few_stray_bytes_in_utf8_stay_utf8_and_are_noted():
    # A detector shown this picks a code page that fits every byte (mac-cyrillic) and
    # garbles the real UTF-8 around the stray byte.
    data = "The rector said “we welcome” the café guests. Проректор посетил.\n".encode("utf-8") * 3
    data = data[:40] + b"\xff" + data[40:]
    doc = decode(data, "a.txt")
    assert doc.encoding == "utf-8"
    assert "“we welcome”" in doc.text and "Проректор" in doc.text and doc.text.count("\ufffd") == 1
    assert doc.normalized[0] == "utf-8: 1 invalid byte replaced with U+FFFD (the first at byte 40, line 1)"


@pytest.mark.parametrize("damage", [
    b"\xe2\x80",  # a character cut off (a truncated download)
    b"\xed\xa0\xbd\xed\xb8\x80",  # an emoji written as two surrogates (CESU-8)
    b"\xf0\x9f\x98",  # a four-byte character missing its last byte
])
def test_ascii_text_with_a_broken_utf8_character_stays_utf8(damage):
    doc = decode(b"The rector said the new laboratory " + damage + b" opened at BSU for students.\n", "a.txt")
    assert doc.encoding == "utf-8" and "\ufffd" in doc.text and doc.normalized
    assert doc.text.startswith("The rector said the new laboratory ")


@pytest.mark.parametrize("line", ["The rector of BNTU (БНТУ) spoke on Monday.\n",
                                  "The rector of БНТУ met the delegation from Harbin on Friday.\n"])
def test_a_short_cyrillic_word_in_cp1251_is_not_read_as_chinese(line):
    doc = decode(line.encode("cp1251"), "a.txt")
    assert doc.encoding == "cp1251" and doc.text == line


def test_chinese_in_gbk_is_still_chinese():
    line = "The forum on 中白合作 and 教育交流 opened in Minsk today with many guests.\n"
    assert decode(line.encode("gbk"), "a.txt").text == line


def test_ascii_text_with_one_cp1251_word_is_cp1251():
    doc = decode("The delegation visited Минск and met the rector of the university.\n".encode("cp1251"), "a.txt")
    assert doc.encoding == "cp1251" and "Минск" in doc.text


def test_legacy_text_with_one_accent_is_not_taken_for_damaged_utf8():
    doc = decode("Caf\u00e9 society met in Minsk.\n".encode("cp1252") * 3, "a.txt")
    assert doc.encoding != "utf-8" and "Café" in doc.text and "\ufffd" not in doc.text
