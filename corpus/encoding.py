"""Decode report text: UTF-8, or Windows-1252 with a warning."""
from __future__ import annotations

from .model import CorpusError


def decode(data: bytes, path) -> tuple[str, list[str]]:
    """UTF-8 text, or Windows-1252 with a warning (without the file's name); never mojibake."""
    try:
        return data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise CorpusError(path, f"is neither UTF-8 nor Windows-1252 text (byte {err.start})") from None
    return text, ["not UTF-8; read as Windows-1252 (offsets refer to the decoded text)"]
