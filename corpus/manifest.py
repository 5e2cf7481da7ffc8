"""Read and check a corpus manifest (`manifest.toml`)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .model import CorpusError, DocumentMeta
from .readers import READERS

MANIFEST = "manifest.toml"

REQUIRED = ("id", "file", "municipality", "year", "doc_type", "title", "source")
OPTIONAL = ("language",)
CORPUS_FIELDS = ("name", "model", "doc_types")
# every document type a manifest may name (a corpus may add its own: doc_types), with the words that name it in a
# report (lower case), by which init-corpus drafts it, in its order of preference; "rapport" is its guess for none
DOC_TYPE_WORDS = {
    "begroting": ("programmabegroting", "meerjarenbegroting", "begroting"),
    "jaarverslag": ("jaarverslag",),
    "jaarrekening": ("jaarrekening",),
    "jaarstukken": ("jaarstukken",),
    "voorjaarsnota": ("voorjaarsnota",),
    "najaarsnota": ("najaarsnota",),
    "kadernota": ("kadernota",),
    "voortgangsrapportage": ("voortgangsrapportage", "voortgangsbrief"),
    "bestuursrapportage": ("bestuursrapportage", "burap"),
    "tussenrapportage": ("tussenrapportage",),
    "beleidsplan": ("beleidsplan",),
    "beleidsnota": ("beleidsnota",),
    "beleidskader": ("beleidskader",),
    "uitvoeringsprogramma": ("uitvoeringsprogramma", "uitvoeringsplan", "actieplan"),
    "raadsinformatiebrief": ("raadsinformatiebrief",),
    "raadsvoorstel": ("raadsvoorstel",),
    "coalitieakkoord": ("coalitieakkoord", "bestuursakkoord"),
    "monitor": ("monitor",),
    "evaluatie": ("evaluatie",),
    "rapport": (),
}
DOC_TYPES = tuple(DOC_TYPE_WORDS)
# the types that report what was done (the others plan): their titled sections and bare years read as realised
REPORT_TYPES = frozenset(("jaarverslag", "jaarrekening", "jaarstukken", "voortgangsrapportage", "bestuursrapportage",
                          "tussenrapportage", "monitor", "evaluatie", "rapport"))
LANGUAGES = ("nl",)  # the analysis is Dutch only
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
YEARS = range(1990, 2101)
HOW_TO = (
    "Write a manifest.toml in that folder with one [[document]] table per file, for example:\n\n"
    "[[document]]\n"
    'id = "arnhem-2021-begroting"\n'
    'file = "arnhem-begroting-2021.pdf"\n'
    'municipality = "Arnhem"\n'
    "year = 2021\n"
    'doc_type = "begroting"\n'
    'title = "Programmabegroting 2021"\n'
    'source = "https://www.arnhem.nl/..."\n'
    'language = "nl"\n\n'
    "or let `python build.py init-corpus FOLDER` draft one for you to check."
)


def corpus_settings(folder) -> dict:
    """The optional [corpus] table (name, model)."""
    return _load(Path(folder)).get("corpus", {})


def _load(folder: Path) -> dict:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise CorpusError(folder, "corpus folder not found")
    if not path.is_file():
        raise CorpusError(folder, f"no {MANIFEST} in this folder.\n{HOW_TO}")
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise CorpusError(path, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise CorpusError(path, f"is not valid TOML: {err}") from None
    unknown = sorted(set(data) - {"corpus", "document"})
    if unknown:
        raise CorpusError(path, f"unknown table {unknown[0]!r} (expected [corpus] and [[document]])")
    corpus = data.get("corpus", {})
    if not isinstance(corpus, dict) or set(corpus) - set(CORPUS_FIELDS):
        raise CorpusError(path, f"[corpus] may only have {', '.join(CORPUS_FIELDS)}", field="corpus")
    extra = corpus.get("doc_types", [])
    if not isinstance(extra, list) or not all(isinstance(t, str) and t.strip() for t in extra):
        raise CorpusError(path, 'must be a list of document type names, e.g. doc_types = ["armoedemonitor"]', field="corpus.doc_types")
    return data


def read_manifest(folder) -> list[tuple[DocumentMeta, Path]]:
    """The checked manifest entries of a corpus folder, with each file's path."""
    folder = Path(folder)
    data = _load(folder)
    path = folder / MANIFEST
    docs = data.get("document")
    if not isinstance(docs, list) or not docs:
        raise CorpusError(path, "has no [[document]] entries")
    root = folder.resolve()
    doc_types = DOC_TYPES + tuple(t.strip() for t in data.get("corpus", {}).get("doc_types", []))
    seen: dict[str, int] = {}
    files: dict[Path, int] = {}
    out = []
    for n, entry in enumerate(docs, 1):
        where = f"document {n}"
        if not isinstance(entry, dict):
            raise CorpusError(path, "must be a table", field=where)
        for key in REQUIRED:
            if key not in entry:
                raise CorpusError(path, f"missing field {key!r}", field=where)
        for key in entry:
            if key not in REQUIRED + OPTIONAL:
                raise CorpusError(path, f"unknown field {key!r} (allowed: {', '.join(REQUIRED + OPTIONAL)})", field=f"{where}.{key}")
        for key in REQUIRED + OPTIONAL:
            if key in entry and key != "year" and (not isinstance(entry[key], str) or not entry[key].strip()):
                raise CorpusError(path, "must be a non-empty string", field=f"{where}.{key}")
        doc_id = entry["id"]
        if not ID_PATTERN.match(doc_id):
            raise CorpusError(path, f"id {doc_id!r} must be lower-case letters, digits and hyphens", field=f"{where}.id")
        if doc_id in seen:
            raise CorpusError(path, f"duplicate id {doc_id!r} (also document {seen[doc_id]})", field=f"{where}.id")
        seen[doc_id] = n
        year = entry["year"]
        if isinstance(year, str):
            raise CorpusError(path, f"year {year!r} must be a number, without quotes (year = {year.strip() or 2021})", field=f"{where}.year")
        if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
            raise CorpusError(path, f"year {year!r} is not a year between {YEARS.start} and {YEARS.stop - 1}", field=f"{where}.year")
        if entry["doc_type"].strip() not in doc_types:
            raise CorpusError(path, f"unknown doc_type {entry['doc_type']!r}; known: {', '.join(doc_types)} (add a type in the "
                              '[corpus] table: doc_types = ["..."])', field=f"{where}.doc_type")
        if "language" in entry and entry["language"].strip() not in LANGUAGES:
            raise CorpusError(path, f"unsupported language {entry['language']!r}; known: {', '.join(LANGUAGES)} (the analysis is "
                              "Dutch only)", field=f"{where}.language")
        file_path = _inside(folder, root, entry["file"], path, f"{where}.file")
        same = files.setdefault(file_path.resolve(), n)
        if same != n:
            raise CorpusError(path, f"file {entry['file']!r} is also document {same}: each file may be listed once", field=f"{where}.file")
        meta = DocumentMeta(**{k: (v.strip() if isinstance(v, str) else v) for k, v in entry.items()})
        out.append((meta, file_path))
    return out


def _inside(folder: Path, root: Path, name: str, manifest: Path, field: str) -> Path:
    """The file's path, refusing anything that leaves the corpus folder."""
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise CorpusError(manifest, f"file {name!r} must be a path inside the corpus folder", field=field)
    target = folder / name
    try:
        target.resolve().relative_to(root)
    except ValueError:
        raise CorpusError(manifest, f"file {name!r} leads outside the corpus folder (symbolic link?)", field=field) from None
    return target


def missing_file(folder, meta: DocumentMeta, n: int) -> CorpusError:
    """The error for a listed file that is not in the corpus folder."""
    return CorpusError(Path(folder) / MANIFEST, f"file {meta.file!r} not found in the corpus folder", field=f"document {n}.file")


def unlisted_warnings(folder) -> list[str]:
    """A warning naming the report files in the corpus folder (outside gold/ and hidden folders) that the
    manifest does not list, if there are any."""
    folder = Path(folder)
    listed = {path.resolve() for _, path in read_manifest(folder)}
    unlisted = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                      if p.is_file() and p.suffix.lower() in READERS and p.resolve() not in listed
                      and not any(part.startswith(".") or part == "gold" for part in p.relative_to(folder).parts))
    if not unlisted:
        return []
    return [f"{MANIFEST} does not list {len(unlisted)} file{'s' * (len(unlisted) != 1)} of the corpus folder, which "
            f"{'were' if len(unlisted) != 1 else 'was'} not built: {', '.join(unlisted)}"]
