"""Build the spaCy pipeline: a trained Dutch pipeline when there is one, else blank Dutch with lookups."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language

from corpus import CorpusError

from . import cues  # noqa: F401  (registers the policy_cues factory)

TRAINED = ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm")
ABBREVIATIONS = frozenset(
    "a.d. aanv. afd. alg. art. bijv. bv. blz. ca. d.w.z. dhr. dr. drs. e.a. e.d. e.e.a. e.v. enz. etc. evt. "
    "excl. fa. fig. gem. i.c.m. i.p.v. i.s.m. i.v.m. incl. ing. ir. jl. jr. m.b.t. m.i.v. m.n. max. mevr. min. "
    "mln. mld. mr. mrd. mw. nl. nr. o.a. o.b.v. o.i.d. o.l.v. p. pag. resp. sr. t.a.v. t.b.v. t.g.v. t.o.v. "
    "t.w. t/m tel. vgl. vnl. vs. z.g.a.n. zgn. zg. zie".split()
)


class ModelNotInstalled(CorpusError):
    """A named spaCy pipeline that is not installed (a user mistake, reported without traceback)."""


@Language.component("dutch_sentences")
def dutch_sentences(doc):
    """Sentence starts after . ! ? ; (not after Dutch abbreviations or numbers like 2.5.1), and at bullets."""
    after_end = False
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
        elif after_end and (tok.is_title or tok.is_upper or tok.is_digit or tok.text[:1] in "‘'\"(•-"):
            tok.is_sent_start = True
        elif tok.text in "•":
            tok.is_sent_start = True
        else:
            tok.is_sent_start = False
        text = tok.text
        after_end = text in (".", "!", "?", "…") and not (i > 0 and (doc[i - 1].text.lower() + ".") in ABBREVIATIONS)
        if text.endswith(".") and len(text) > 1:
            after_end = text.lower() not in ABBREVIATIONS and not any(c.isdigit() for c in text)
    return doc


def load_pipeline(model: str = "auto") -> tuple[Language, str]:
    """The base Dutch pipeline and a description of it for the build report.

    `model` is "auto" (largest installed nl_core_news_*, else blank Dutch),
    "blank", an installed package name, or a path to a saved pipeline.
    """
    if model == "auto":
        model = next((name for name in TRAINED if importlib.util.find_spec(name)), "blank")
    if model == "blank":
        nlp = spacy.blank("nl")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        description = f"spacy.blank('nl') + lookup lemmatizer (spacy-lookups-data), spaCy {spacy.__version__}"
    else:
        is_path = Path(model).exists()
        if not is_path and not importlib.util.find_spec(model):
            raise ModelNotInstalled(
                model, "spaCy pipeline not installed; install it with "
                f"`python -m spacy download {model}` or pass --model auto"
            )
        try:
            nlp = spacy.load(model, exclude=["ner"] if "ner" in _pipe_names(model) else [])
        except (OSError, ValueError) as err:
            raise ModelNotInstalled(model, f"cannot be loaded as a spaCy pipeline: {err}") from None
        meta = nlp.meta
        description = f"{meta.get('lang', '?')}_{meta.get('name', Path(model).name)} {meta.get('version', '')} ({', '.join(nlp.pipe_names)}), spaCy {spacy.__version__}"
    if "lemmatizer" not in nlp.pipe_names:  # theme and entity rules match lemmas
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize()
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("dutch_sentences", first=True)
    nlp.add_pipe("policy_cues", last=True)
    return nlp, description


def _pipe_names(model: str) -> list[str]:
    try:
        return list(spacy.util.get_model_meta(Path(model) if Path(model).exists() else spacy.util.get_package_path(model)).get("pipeline", []))
    except (OSError, ValueError, ModuleNotFoundError):
        return []
