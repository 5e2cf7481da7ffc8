"""Draft a manifest.toml for a folder of reports: municipality, year and type guessed, every guess marked CHECK."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from .manifest import DOC_TYPE_WORDS, DOC_TYPES, MANIFEST, YEARS
from .model import CorpusError, Document, DocumentMeta
from .readers import READERS, read_document

GEMEENTEN = Path(__file__).with_name("gemeenten.txt")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
UNKNOWN_MUNICIPALITY, UNKNOWN_TYPE = "Onbekend", "rapport"
HEAD_CHARS = 400  # the opening of the text, where a report names itself


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _municipalities() -> dict[str, tuple[str, bool]]:
    """Every name, other name and demonym -> (municipality, is an official name)."""
    names = {}
    for line in GEMEENTEN.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            official, _, others = line.partition(":")
            names[official.strip()] = (official.strip(), True)
            names.update((o.strip(), (official.strip(), False)) for o in others.split(",") if o.strip())
    return names


class Guesser:
    def __init__(self):
        self.names = _municipalities()
        alternatives = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        self.in_text = re.compile(rf"(?<![\w-])(?:([Gg]emeente)\s+)?({alternatives})(\w*)")

    def municipality(self, path_slug: str, text: str) -> tuple[str, str]:
        """(municipality, where it was found); the file name wins over the text."""
        in_name = [(len(_slug(n)), m) for n, (m, official) in self.names.items()
                   if re.search(rf"(?:^|-){re.escape(_slug(n))}{'(?:-|$)' if official else ''}", path_slug)]
        if in_name:
            return max(in_name)[1], "the file name"
        scores, evidence = Counter(), {}
        for m in self.in_text.finditer(text):
            municipality, official = self.names[m.group(2)]
            if official and m.group(3):
                continue  # "Arnhemseweg" is not "Arnhem"
            scores[municipality] += 5 if m.group(1) else 1 if official else 2
            evidence.setdefault(municipality, Counter())[m.group(0)] += 1
        if not scores:
            return UNKNOWN_MUNICIPALITY, "nothing: no municipality found, fill it in"
        best = min(scores, key=lambda k: (-scores[k], k))
        word, n = min(evidence[best].items(), key=lambda kv: (-kv[1], kv[0]))
        return best, f"{word!r} in the text ({n}x)"


def _doc_type(path_slug: str, title: str, text: str) -> tuple[str, str]:
    for where, haystack in (("the file name", path_slug), ("the first heading", title.lower()), ("the opening text", text[:HEAD_CHARS].lower())):
        for doc_type, words in DOC_TYPE_WORDS.items():
            if any(w in haystack for w in words):
                return doc_type, where
    counts = Counter({t: sum(text.lower().count(w) for w in words) for t, words in DOC_TYPE_WORDS.items()})
    doc_type, n = min(counts.items(), key=lambda kv: (-kv[1], DOC_TYPES.index(kv[0])))
    return (doc_type, f"the text ({n} mentions)") if n else (UNKNOWN_TYPE, "nothing: no document type found, fill it in")


def _year(path_slug: str, title: str, text: str) -> tuple[int, str]:
    for where, haystack in (("the file name", path_slug), ("the first heading", title), ("the opening text", text[:HEAD_CHARS])):
        years = [int(y) for y in YEAR.findall(haystack) if int(y) in YEARS]
        if years:
            return years[0], where
    years = Counter(int(y) for y in YEAR.findall(text) if int(y) in YEARS)
    if years:
        year, n = min(years.items(), key=lambda kv: (-kv[1], kv[0]))
        return year, f"the text (most mentioned year, {n}x)"
    return YEARS.start, "nothing: no year found, fill it in"


def _title(doc: Document, path: Path) -> tuple[str, str]:
    heading = next((b for b in doc.blocks if b.kind == "heading"), None)
    if heading:
        return " ".join(doc.block_text(heading).split())[:200], "the first heading"
    return path.stem, "the file name (no heading found)"


def toml_string(value: str) -> str:
    """A TOML basic string."""
    escapes = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
    return '"' + "".join(escapes.get(c) or (f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in value) + '"'


def _line(key: str, value, note: str | None = None) -> str:
    text = f"{key} = {value if isinstance(value, int) else toml_string(value)}"
    return text + (f"  # CHECK: guessed from {' '.join(note.split())}" if note else "")


def _report_files(folder: Path) -> list[Path]:
    root = folder.resolve()
    return sorted(p for p in folder.rglob("*")
                  if p.suffix.lower() in READERS and p.is_file() and p.resolve().is_relative_to(root)
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def draft_manifest(folder: Path, overwrite: bool) -> Path:
    """Write `folder`/manifest.toml for every report file in it; unreadable files are listed as comments."""
    folder = Path(folder)
    target = folder / MANIFEST
    if not folder.is_dir():
        raise CorpusError(folder, "corpus folder not found")
    if target.exists() and not overwrite:
        raise CorpusError(target, "already exists; use --force to overwrite it")
    files = _report_files(folder)
    if not files:
        raise CorpusError(folder, f"no report files ({', '.join(sorted(READERS))}) in this folder")
    guesser, ids, entries, skipped = Guesser(), set(), [], []
    for path in files:
        name = path.relative_to(folder).as_posix()
        try:
            doc = read_document(path, DocumentMeta("draft", name, UNKNOWN_MUNICIPALITY, YEARS.start, UNKNOWN_TYPE, name, name))
        except CorpusError as err:
            skipped.append(f"# SKIPPED {name}: {' '.join(str(err).split())}")
            continue
        path_slug = _slug(name)
        title, title_note = _title(doc, path)
        municipality, m_note = guesser.municipality(path_slug, doc.text)
        year, y_note = _year(path_slug, title, doc.text)
        doc_type, t_note = _doc_type(path_slug, title, doc.text)
        base = f"{_slug(municipality)}-{year}-{_slug(doc_type)}"[:70].strip("-")
        doc_id, n = base, 1
        while doc_id in ids:
            n += 1
            doc_id = f"{base}-{n}"
        ids.add(doc_id)
        entries.append("\n".join([
            "[[document]]",
            _line("id", doc_id) + "  # made from municipality, year and type; keep it stable once published",
            _line("file", name),
            _line("municipality", municipality, m_note),
            _line("year", year, y_note),
            _line("doc_type", doc_type, t_note),
            _line("title", title, title_note),
            _line("source", name, "the file name: say where the report comes from (publisher, URL)"),
            _line("language", "nl"),
        ]))
    if not entries:
        raise CorpusError(folder, f"none of the {len(files)} report files can be read; first: {skipped[0][10:]}")
    header = [
        "# beleidsvergelijker corpus manifest, drafted by `python build.py init-corpus`.",
        "# Check every line marked CHECK; the format is described in docs/corpus.md.",
        *skipped,
        "",
        "[corpus]",
        _line("name", folder.resolve().name),
        "",
    ]
    target.write_text("\n".join(header) + "\n" + "\n\n".join(entries) + "\n", encoding="utf-8")
    return target
