import hashlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.model import Document, DocumentMeta  # noqa: E402 (after the path is set)
from corpus.structure import parse_text  # noqa: E402


def text_document(text: str, doc_id: str = "t", municipality: str = "Teststad", year: int = 2020, doc_type: str = "jaarverslag",
                  title: str = "Test", markdown: bool = False) -> Document:
    """A Document of `text` as the plain-text reader parses it (file {doc_id}.txt), for tests that need no corpus folder."""
    meta = DocumentMeta(doc_id, f"{doc_id}.txt", municipality, year, doc_type, title, "test")
    return Document(meta, hashlib.sha256(text.encode()).hexdigest(), text, parse_text(text, markdown=markdown))


BBV_TABLE = ("Begroting\n\nBeleidsindicatoren\n\nIndicator\n\nRealisatie 2021\n\nNederland 2021\n\nBegroting 2023\n\n"
             "Banen (aantal per 1.000 inwoners)\n\n{own}\n\n790,0\n\n{target}\n\nKinderen in uitkeringsgezin\n\n6%\n\n5%\n\n5,5%\n\n"
             "Aantal schuldhulptrajecten\n\n{debt}\n\n\u2013\n\n{debt_target}\n")


@pytest.fixture(scope="session")
def bbv_site(tmp_path_factory) -> Path:
    """A site of three municipalities' budgets: Delft and Ede report two BBV indicators and one shared
    indicator name, Zwolle none."""
    import build
    from builder.options import BuildOptions

    tmp = tmp_path_factory.mktemp("bbv")
    corpus = tmp / "corpus"
    corpus.mkdir()
    entries = []
    for name, own, target, debt, debt_target in (("Delft", "701,2", "710,0", "1.250", "1.300"), ("Ede", "650,0", "655,0", "480", "450")):
        (corpus / f"{name.lower()}.txt").write_text(BBV_TABLE.format(own=own, target=target, debt=debt, debt_target=debt_target),
                                                    encoding="utf-8")
        entries.append(f'[[document]]\nid = "{name.lower()}-2023"\nfile = "{name.lower()}.txt"\nmunicipality = "{name}"\nyear = 2023\n'
                       f'doc_type = "begroting"\ntitle = "Begroting 2023"\nsource = "test"\n')
    (corpus / "zwolle.txt").write_text("Begroting\n\nArmoede\n\nWij willen dat elk kind meedoet.\n", encoding="utf-8")
    entries.append('[[document]]\nid = "zwolle-2023"\nfile = "zwolle.txt"\nmunicipality = "Zwolle"\nyear = 2023\n'
                   'doc_type = "begroting"\ntitle = "Begroting 2023"\nsource = "test"\n')
    (corpus / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    build.run_build(BuildOptions(corpus, tmp / "out", tmp / "build"))
    return tmp / "out"
