"""Bytes in, text out, and the way back: encodings, refusals, atomic writes."""

from __future__ import annotations

import codecs
import os
import re
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from polish.model import Document

if TYPE_CHECKING:  # pragma: no cover
    from polish.model import OffsetMap

#: Encodings this field meets; a detector's guess is mapped onto a superset.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "hz": "gb18030",
    "big5hkscs": "big5",
    "cp950": "big5",
    "windows-1251": "cp1251",
    "koi8_r": "koi8-r",
    "koi8_u": "koi8-u",
    "ascii": "utf-8",
}
#: What the detector may choose among when bytes are not UTF-8.
CANDIDATES = ("gb18030", "big5", "cp1251", "koi8-r", "koi8-u", "cp1252", "latin-1", "utf-16")


class InputError(Exception):
    """A file polish cannot read as text; the message is one line for the user."""

    def __init__(self, path: str | os.PathLike[str] | None, problem: str) -> None:
        self.path = str(path) if path is not None else "<stdin>"
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


#: Every byte except the control bytes that text does not contain (tab, newline, CR,
#: form feed and escape are text): deleting these leaves only the suspicious ones.
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))


_PRINTABLE_ASCII = bytes(range(32, 127)) + b"\t\n\r"


def _looks_binary(data: bytes) -> bool:
    # The whole file, not a first block: binary data appended after a text header is
    # still binary. Both scans run in C (a per-byte loop was a hot spot).
    if b"\x00" in data:
        return True
    # control bytes are rare in text
    ctrl = len(data.translate(None, _NOT_CONTROL))
    return ctrl > max(4, len(data) // 100)


#: At most this many invalid bytes make a file "UTF-8 with a few damaged bytes"
#: rather than a file in another encoding (which fails UTF-8 on most non-ASCII bytes).
_STRAY_BYTES_MAX = 16


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """(text, note) when ``data`` is UTF-8 but for a few stray bytes, which become U+FFFD.

    An encoding detector shown such a file picks some legacy code page that fits
    every byte (mac-cyrillic, mac-roman) and garbles all of its real UTF-8 text.
    Valid multi-byte sequences are very unlikely in a legacy-encoded file, so a
    file with at least as many of them as invalid bytes is taken as UTF-8.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    if not bad or bad > _STRAY_BYTES_MAX:
        return None
    multibyte = sum(1 for ch in text if ch > "\x7f") - bad
    if multibyte < bad and not _utf8_shaped(data):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    line = data.count(b"\n", 0, first) + 1
    return text, (f"utf-8: {bad} invalid byte{'s' if bad > 1 else ''} replaced with U+FFFD "
                  f"(the first at byte {first}, line {line})")


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
#: lead bytes, each with its continuation bytes: what a cut or mis-encoded UTF-8 character looks like
_UTF8_SHAPED = re.compile(rb"(?:[\xc0-\xf7][\x80-\xbf]+)+")


def _utf8_shaped(data: bytes) -> bool:
    """Whether every run of non-ASCII bytes that is not UTF-8 still has UTF-8's shape.

    A character cut off at the end ('\\xe2\\x80') or an emoji written as two surrogates
    (CESU-8) breaks UTF-8 but keeps its lead-and-continuation pattern; a legacy code page's
    letters ('\\xcc\\xe8\\xed' in cp1251) do not. A file with only such breaks is UTF-8.
    """
    for m in _HIGH_RUN.finditer(data):
        run = m.group()
        try:
            run.decode("utf-8")
        except UnicodeDecodeError:
            if not _UTF8_SHAPED.fullmatch(run):
                return False
    return True


def detect_encoding(data: bytes) -> str | None:
    """Best guess at a non-UTF-8 encoding, or None when the bytes are not text."""
    from charset_normalizer import from_bytes

    guess = from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if guess is None:
        guess = from_bytes(data).best()
    if guess is None:
        return None
    enc = codecs.lookup(guess.encoding).name
    enc = _SUPERSETS.get(enc, enc)
    if enc in _CJK_CODECS and _cyrillic_words(data):
        return "cp1251"  # "(\xc1\xcd\xd2\xd3)" is БНТУ in cp1251, two Han characters in Big5
    return enc


#: the Chinese and Japanese code pages a short run of high bytes can be mistaken for
_CJK_CODECS = frozenset({"big5", "big5hkscs", "gb18030", "gb2312", "gbk", "shift_jis", "euc_jp", "euc_kr", "cp932", "cp949", "cp950"})
#: a run of high bytes that cp1251 reads as a Cyrillic word: letters А-я (0xC0-0xFF), Ё ё, І і, Ў ў
_CP1251_WORD = re.compile(rb"[\xc0-\xff\xa8\xb8\xb2\xb3\xa1\xa2]+")


def _cyrillic_words(data: bytes) -> bool:
    """Whether every run of non-ASCII bytes is a Cyrillic word in cp1251, between ASCII word breaks.

    A detector shown English with one short Russian word ("(БНТУ)") may pick Big5, whose pairs
    of high bytes fit any such word; Chinese text in Big5 or GBK uses bytes below 0xC0 (and
    ASCII bytes as second bytes) throughout, so a text of only such runs is Cyrillic.
    """
    runs = list(_HIGH_RUN.finditer(data))
    if not runs or len(runs) > 64:
        return False
    for m in runs:
        if not _CP1251_WORD.fullmatch(m.group()):
            return False
        a, b = m.start(), m.end()
        if (a and data[a - 1:a].isalnum()) or data[b:b + 1].isalnum():
            return False  # glued to ASCII letters: a double-byte character's trail, not a word
    return True


def decode(data: bytes, path: str | os.PathLike[str] | None = None, encoding: str | None = None,
           max_bytes: int | None = None) -> Document:
    """Decode bytes into a normalised ``Document`` (the bytes themselves are never changed)."""
    if max_bytes is not None and len(data) > max_bytes:
        raise _too_big(path, len(data), max_bytes)
    if not data.strip():
        raise InputError(path, "empty file (nothing to clean)")
    bom = False
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid {encoding} at byte {exc.start}") from None
        enc = encoding
    elif data.startswith(codecs.BOM_UTF8):
        try:
            text, enc, bom = data[3:].decode("utf-8"), "utf-8", True
        except UnicodeDecodeError as exc:
            raise InputError(path, f"starts with a UTF-8 BOM but is not valid UTF-8 at byte {exc.start + 3}") from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # the byte order is part of the file: a rewrite in place writes it back as it was
        enc = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        try:
            text, bom = data[2:].decode(enc), True
        except UnicodeDecodeError as exc:
            raise InputError(path, f"starts with a UTF-16 BOM but is not valid UTF-16 at byte {exc.start}") from None
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if _looks_binary(data):
                raise _binary(path, data) from None
            stray = _mostly_utf8(data)
            if stray is not None:
                doc = normalize(stray[0], path=path, encoding="utf-8")
                doc.normalized.insert(0, stray[1])
                return doc
            guessed = detect_encoding(data)
            if guessed is None:
                raise InputError(path, "not UTF-8 and no text encoding fits (pass --encoding if you know it)") from None
            try:
                text, enc = data.decode(guessed), guessed
            except (UnicodeDecodeError, LookupError):
                raise InputError(path, f"not UTF-8, and not valid {guessed} either (pass --encoding)") from None
    # UTF-8 input is checked on its own bytes; anything else on its UTF-8 form
    if enc == "utf-8":
        sample = data
    else:
        sample = text.encode("utf-8", "surrogatepass")
    if _looks_binary(sample):
        raise _binary(path, data)
    if not text.strip():  # a byte-order mark and nothing else, say
        raise InputError(path, "empty file (nothing to clean)")
    return normalize(text, path=path, encoding=enc, bom=bom)


def _too_big(path: str | os.PathLike[str] | None, size: int, limit: int) -> InputError:
    return InputError(path, f"file is {human_size(size)}, over the {human_size(limit)} limit (raise it with --max-bytes)")


def human_size(n: int) -> str:
    """Bytes for people: "20 MiB", "1.5 KiB", "900 bytes"."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} byte{'s' if n != 1 else ''}"


def _binary(path: str | os.PathLike[str] | None, data: bytes) -> InputError:
    """The error for bytes that are not text, naming UTF-16 when they look like it."""
    head = data[:4096]
    for order, zeros, chars in (("le", head[1::2], head[0::2]), ("be", head[0::2], head[1::2])):
        # ASCII in UTF-16 is a zero byte beside every character byte
        printable = len(chars.translate(None, _PRINTABLE_ASCII))  # the bytes that are not
        if len(zeros) >= 8 and zeros.count(0) > 0.3 * len(zeros) and printable < 0.3 * len(chars):
            return InputError(path, f"looks like UTF-16 without a byte-order mark (pass --encoding utf-16-{order})")
    return InputError(path, "looks like a binary file, not text")


def normalize(text: str, path: str | os.PathLike[str] | None = None, encoding: str = "utf-8", bom: bool = False) -> Document:
    """Normalise newlines to LF and Unicode to NFC, noting what changed."""
    notes: list[str] = []
    newline = "\n"
    ends = _mixed_line_ends(text)
    crlf = text.count("\r\n")
    if crlf:
        newline = "\r\n"
        text = text.replace("\r\n", "\n")
        notes.append(f"newlines: {crlf} CRLF -> LF")
    cr = text.count("\r")
    if cr:
        if not crlf and cr >= text.count("\n"):
            newline = "\r"  # classic Mac line ends: written back as they came
        text = text.replace("\r", "\n")
        notes.append(f"newlines: {cr} CR -> LF")
    if text.startswith("\ufeff"):
        text = text[1:]
        bom = True
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        notes.append("unicode: normalised to NFC")
        text = nfc
    return Document(text=text, path=str(path) if path is not None else None, encoding=encoding, bom=bom,
                    newline=newline, normalized=notes, line_ends=ends)


_LINE_END = re.compile(r"\r\n|\r|\n")
#: one object per kind of line end, so a long mixed file's tuple holds references, not copies
_ENDS = {"\r\n": "\r\n", "\n": "\n", "\r": "\r"}


def _mixed_line_ends(text: str) -> tuple[str, ...]:
    """Every line's end when ``text`` mixes CRLF, LF and CR; () when one kind ends them all (the common case)."""
    cr, lf = text.count("\r"), text.count("\n")
    if not cr or not lf or cr == lf == text.count("\r\n"):
        return ()
    return tuple(_ENDS[m] for m in _LINE_END.findall(text))


def read_document(path: str | os.PathLike[str], encoding: str | None = None, max_bytes: int | None = None) -> Document:
    """Read one file into a ``Document``; raise ``InputError`` with one line on failure."""
    import stat

    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(p, "is a folder (polish reads folders only as command-line arguments)")
        st = p.stat()
        if max_bytes is not None and st.st_size > max_bytes:
            raise _too_big(p, st.st_size, max_bytes)
        if stat.S_ISREG(st.st_mode):
            data = p.read_bytes()
        else:  # a pipe named on the command line (<(cmd)) or a device: its size says nothing
            with open(p, "rb") as fh:
                data = read_capped(fh, max_bytes)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(p, "no such file") from None
    except PermissionError:
        raise InputError(p, "permission denied") from None
    except OSError as exc:
        raise InputError(p, f"cannot read: {exc.strerror or exc}") from None
    doc = decode(data, p, encoding=encoding, max_bytes=max_bytes)
    doc.stamp = (st.st_size, st.st_mtime_ns) if len(data) == st.st_size else None
    return doc


#: what a stream is read up to when no --max-bytes applies (a device such as /dev/zero never ends)
STREAM_CAP = 1 << 30


def read_capped(fh: BinaryIO, max_bytes: int | None) -> bytes:
    """All of a stream, or one byte over ``max_bytes`` (``decode`` then refuses it as too large)."""
    return fh.read((max_bytes if max_bytes is not None else STREAM_CAP) + 1)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    ``durable`` also fsyncs before the rename, so a crash cannot leave an empty file
    where the user's data was; new output files in a fresh folder can skip that cost.
    """
    p = _write_target(Path(path))
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if p.exists():
            os.chmod(tmp, p.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, new_file_mode())
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_target(p: Path) -> Path:
    """The file a write to ``p`` may replace: through a symlink, the file it names; never a device,
    a FIFO or a folder (a rename would put a file in their place: ``-o /dev/null`` run as root
    replaced the system's /dev/null), nor a file without write permission."""
    import errno
    import stat

    try:
        st = os.stat(p)  # follows a symlink: its target is what the user means
    except FileNotFoundError:
        return Path(os.path.realpath(p)) if os.path.islink(p) else p  # a dangling link: create what it names
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file: polish writes only regular files")
    if not os.access(p, os.W_OK):
        raise PermissionError(errno.EACCES, "Permission denied (the file is read-only)")
    return Path(os.path.realpath(p)) if os.path.islink(p) else p


@lru_cache(maxsize=1)
def _umask() -> int:
    """The process's file-creation mask (reading it means setting it: done once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode open() gives a new file under the umask (mkstemp, which atomic writes use, gives 0600)."""
    return 0o666 & ~_umask()


def with_newline(text: str, newline: str) -> str:
    """``text`` (LF-normalised, as polish holds it) with ``newline`` line ends."""
    return text.replace("\n", newline) if newline != "\n" else text


#: encodings whose BOM is a character the text carries (a UTF-16 file without one is read only with --encoding)
_BOM_WRITTEN = ("utf-8", "utf-16-le", "utf-16-be")


def file_form(doc: Document, text: str, offsets: "OffsetMap | None" = None) -> str:
    """``text`` as ``doc``'s file holds it: its line ends, and its BOM when it is UTF-8 with one.

    In a file that mixes line ends, the original text gets each line's own end back, and a
    cleaned text (``offsets`` mapping it to the original) the end its LF came from: a rewrite in
    place or a patch then changes no line end the editor did not see changed.
    """
    if not doc.line_ends:
        text = with_newline(text, doc.newline)
    else:
        ends = list(doc.line_ends) if text == doc.text else _carried_ends(doc, text, offsets)
        text = "".join(map(str.__add__, text.split("\n"), ends + [""]))
    return "\ufeff" + text if doc.bom and doc.encoding in _BOM_WRITTEN else text


def _carried_ends(doc: Document, cleaned: str, offsets: "OffsetMap | None") -> list[str]:
    """The line end of each LF in ``cleaned``: that of the original line its position maps to."""
    import bisect

    breaks = [m.start() for m in re.finditer("\n", doc.text)]
    out = []
    for m in re.finditer("\n", cleaned):
        if offsets is None:  # no provenance: the file's main line end
            out.append(doc.newline)
            continue
        # a copied LF maps onto itself; one an edit wrote, onto the start of the span it replaced
        k = bisect.bisect_left(breaks, offsets.to_original(m.start()))
        out.append(doc.line_ends[k] if k < len(doc.line_ends) else doc.newline)
    return out


def atomic_write_text(path: str | os.PathLike[str], text: str, newline: str = "\n", durable: bool = True) -> None:
    """Write text as UTF-8, atomically, with the given newline convention."""
    atomic_write_bytes(path, with_newline(text, newline).encode("utf-8"), durable=durable)
