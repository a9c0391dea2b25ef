"""Decode a web page's bytes by the charset it declares, the way browsers do."""
from __future__ import annotations

import codecs
import re

# A meta tag declaring the charset, either <meta charset="x"> or <meta http-equiv=... content="...; charset=x">.
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
PRESCAN_BYTES = 4096  # browsers look at the first 1024 bytes; pages saved by hand often carry a longer head

# Labels the web uses for a wider encoding than the one they name (WHATWG Encoding Standard):
# a page that says ISO-8859-1 is read as windows-1252, one that says Shift_JIS as windows-31j.
_WEB_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252", "x-cp1252": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
    "windows-31j": "cp932", "csshiftjis": "cp932",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "euc-cn": "gb18030",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
    "tis-620": "cp874", "iso-8859-11": "cp874",
    # A meta tag cannot really declare UTF-16 (it is read as ASCII); browsers then use UTF-8.
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}


def codec(label: str | bytes | None) -> str | None:
    """Return the Python codec for a charset label as the web uses it, or None if it names none."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    label = _WEB_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared(raw: bytes) -> str | None:
    """Return the codec a page's meta tag or XML declaration names in its first bytes, or None."""
    head = raw[:PRESCAN_BYTES]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match and codec(match.group(1)):
            return codec(match.group(1))
    return None


def decode_page(raw: bytes, http_charset: str | None = None) -> str:
    """Decode a page: a byte order mark, else the HTTP charset, else its meta tag, else UTF-8, else windows-1252.

    Raise ValueError for what is not text at all (NUL bytes without a UTF-16 byte order mark).
    """
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", "replace")
    if b"\x00" in raw[:8192]:
        raise ValueError("binary file (contains NUL bytes)")
    name = codec(http_charset) or declared(raw)
    if name is None:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            name = "cp1252"  # what browsers fall back to for an undeclared page that is not UTF-8
    # Browsers show a replacement character for a byte the charset has no letter for, and so do we.
    return raw.decode(name, "replace")
