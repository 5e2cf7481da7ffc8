"""site_builder.pagefind_canonical: its CBOR, and a real Pagefind bundle made the same bytes whatever order
Pagefind wrote its filter values in."""
import gzip
import json
import subprocess
from pathlib import Path

import pytest
from pagefind.service import get_executable

from site_builder.pagefind import PAGEFIND_ARGS
from site_builder.pagefind_canonical import MAGIC, Unsupported, _decode, _encode, _read, _replace, _write, canonicalise

PAGE = ('<!DOCTYPE html><html lang="nl"><head><title>{n}</title></head><body><main><h1>Verslag {n}</h1><dl>'
        '<dt>Gemeente</dt><dd data-pagefind-filter="gemeente">{town}</dd><dt>Jaar</dt><dd data-pagefind-filter="jaar">{year}</dd>'
        '</dl><p>Armoede en schulden in {town}, {year}.</p></main></body></html>')
TOWNS = ["Arnhem", "Zaanstad", "Ede", "Delft", "Zwolle", "Almere", "Breda", "Venlo"]


def test_cbor_round_trip():
    value = [0, 23, 24, 255, 256, 65_535, 65_536, 2**32, "één", b"\x00\xff", [], [True, False, None], ("map", [("a", [1, 2]), ("b", "c")])]
    data = _encode(value)
    assert _decode(data, 0) == (value, len(data))
    with pytest.raises(Unsupported):
        _encode(1.5)
    with pytest.raises(Unsupported):
        _decode(bytes([0xFB]) + b"\0" * 8, 0)  # a double


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """A Pagefind bundle of eight pages with two filters, as Pagefind wrote it."""
    site = tmp_path_factory.mktemp("pagefind")
    for n, town in enumerate(TOWNS):
        (site / "documents").mkdir(exist_ok=True)
        (site / "documents" / f"{n}.html").write_text(PAGE.format(n=n, town=town, year=2015 + n % 3), encoding="utf-8")
    subprocess.run([get_executable(), "--site", str(site), "--output-path", str(site / "pagefind"), *PAGEFIND_ARGS], check=True)
    return site / "pagefind"


def shuffled(bundle: Path, out: Path) -> None:
    """A copy of the canonical `bundle` into `out` with every filter's values and pages in reverse order, under
    other file names, as another run of Pagefind may write it."""
    out.mkdir()
    for name, data in files(bundle).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    renames = {}
    for path in sorted((out / "filter").glob("*.pf_filter")):
        name, pairs = _read(path)
        lang = path.stem.split("_", 1)[0]
        renames[path.stem] = f"{lang}_{len(renames):07d}"
        path.unlink()
        _write(path.with_name(f"{renames[path.stem]}.pf_filter"), [name, [[k, pages[::-1]] for k, pages in pairs[::-1]]])
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    for lang, info in entry["languages"].items():
        meta = out / f"pagefind.{info['hash']}.pf_meta"
        value = _replace(_read(meta), renames)
        meta.unlink()
        info["hash"] = f"{lang}_0000000000"
        _write(out / f"pagefind.{info['hash']}.pf_meta", value)
    (out / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")


def test_a_bundle_is_the_same_bytes_whatever_order_its_filters_were_written_in(bundle, tmp_path):
    canonicalise(bundle)
    canonical = files(bundle)
    filters = [_read(bundle / name) for name in canonical if name.endswith(".pf_filter")]
    assert sorted(name for name, _ in filters) == ["gemeente", "jaar"]
    assert all(pairs == sorted(pairs) and pairs for _, pairs in filters)
    entry = json.loads(canonical["pagefind-entry.json"])
    assert all(f"pagefind.{info['hash']}.pf_meta" in canonical for info in entry["languages"].values())

    other = tmp_path / "other"
    shuffled(bundle, other)
    assert files(other) != canonical
    canonicalise(other)
    assert files(other) == canonical
    canonicalise(other)
    assert files(other) == canonical  # and again: nothing changes


def test_a_layout_it_does_not_know_is_left_as_pagefind_wrote_it(bundle, tmp_path):
    other = tmp_path / "other"
    shuffled(bundle, other)
    unknown = sorted((other / "filter").glob("*.pf_filter"))[0]
    unknown.write_bytes(gzip.compress(MAGIC + bytes([0xFB]) + b"\0" * 8))  # a double: not what Pagefind writes there
    before = files(other)
    canonicalise(other)
    assert files(other) == before
