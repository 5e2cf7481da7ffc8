"""Make Pagefind's filter files byte-reproducible.

Pagefind 1.5 writes each filter's values in hash-map order, which changes from
run to run; the filter files' names (content hashes), the language's `.pf_meta`
that lists them and `pagefind-entry.json` that names the meta file change with
them. This rewrites those files with the values sorted and names derived from
the new contents. The files are gzip-compressed CBOR after a `pagefind_dcd`
signature; only the CBOR types Pagefind writes there are handled, and anything
else leaves the bundle as Pagefind wrote it.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path

MAGIC = b"pagefind_dcd"


class Unsupported(ValueError):
    """A CBOR item this module does not handle."""


def _decode(data: bytes, i: int):
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise Unsupported(f"CBOR argument {info}")
    if major == 0:
        return arg, i
    if major in (2, 3):
        chunk = data[i:i + arg]
        return (chunk if major == 2 else chunk.decode("utf-8")), i + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, i = _decode(data, i)
            value, i = _decode(data, i)
            pairs.append((key, value))
        return ("map", pairs), i
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    raise Unsupported(f"CBOR major type {major}")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if arg < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, arg)
    raise Unsupported("integer too large")


def _encode(value) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, tuple) and value[0] == "map":
        return _head(5, len(value[1])) + b"".join(_encode(k) + _encode(v) for k, v in value[1])
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    raise Unsupported(type(value).__name__)


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(MAGIC):
        raise Unsupported(f"{path.name} has no Pagefind signature")
    value, end = _decode(raw, len(MAGIC))
    if end != len(raw):
        raise Unsupported(f"{path.name} has trailing data")
    return value


def _write(path: Path, value) -> bytes:
    payload = MAGIC + _encode(value)
    path.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return payload


def _sorted_filter(value):
    """[name, [[value, [pages]], ...]] with the values and their page numbers in order."""
    name, pairs = value
    if not isinstance(name, str) or not all(isinstance(k, str) and isinstance(v, list) for k, v in pairs):
        raise Unsupported("unexpected filter layout")
    return [name, sorted([k, sorted(v)] for k, v in pairs)]


def _replace(value, renames: dict[str, str]):
    """The meta structure with filter file hashes renamed and [name, hash] filter lists sorted by name."""
    if isinstance(value, str):
        return renames.get(value, value)
    if isinstance(value, tuple):
        return ("map", [(_replace(k, renames), _replace(v, renames)) for k, v in value[1]])
    if isinstance(value, list):
        items = [_replace(v, renames) for v in value]
        if items and all(isinstance(p, list) and len(p) == 2 and p[1] in renames.values() for p in items):
            items.sort()
        return items
    return value


def canonicalise(bundle: Path) -> None:
    """Rewrite the filter files, the meta files and the entry of a Pagefind bundle reproducibly."""
    filters = sorted((bundle / "filter").glob("*.pf_filter"))
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        parsed = {path: _sorted_filter(_read(path)) for path in filters}
        metas = {lang: bundle / f"pagefind.{info['hash']}.pf_meta" for lang, info in entry["languages"].items()}
        meta_values = {lang: _read(path) for lang, path in metas.items()}
    except (Unsupported, OSError, KeyError, ValueError, TypeError):
        return  # a Pagefind version with another layout: leave its output as it is
    renames = {}
    for path, value in parsed.items():
        lang = path.stem.split("_", 1)[0]
        new_stem = f"{lang}_{hashlib.sha256(MAGIC + _encode(value)).hexdigest()[:7]}"
        renames[path.stem] = new_stem
        path.unlink()
        _write(path.with_name(f"{new_stem}.pf_filter"), value)
    for lang, path in metas.items():
        value = _replace(meta_values[lang], renames)
        new_hash = f"{lang}_{hashlib.sha256(MAGIC + _encode(value)).hexdigest()[:10]}"
        path.unlink()
        _write(bundle / f"pagefind.{new_hash}.pf_meta", value)
        entry["languages"][lang]["hash"] = new_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
