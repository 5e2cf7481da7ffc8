"""Build the spaCy pipeline: a trained Dutch pipeline when there is one, else blank Dutch with lookups."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language

from corpus import CorpusError

from . import cues, entities, lemmas, sentences, themes  # noqa: F401  (register the factories of our components)

TRAINED = ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm")
# spaCy caches the tokens of 10,000 whitespace-delimited strings by default, and a corpus of reports has far
# more distinct ones: with room for a million (about 40 MB more per million words of varied text), the
# analysis of a varied vocabulary ran 1.8x faster (docs/scaling.md)
TOKENIZER_CACHE = 1_000_000


class ModelNotInstalled(CorpusError):
    """A named spaCy pipeline that is not installed (a user mistake, reported without traceback)."""


def load_pipeline(model: str = "auto") -> tuple[Language, str]:
    """The base Dutch pipeline and a description of it for the build report.

    `model` is "auto" (largest installed nl_core_news_*, else blank Dutch),
    "blank", an installed package name, or a path to a saved pipeline.
    """
    if model == "auto":
        model = next((name for name in TRAINED if importlib.util.find_spec(name)), "blank")
    if model == "blank":
        nlp = spacy.blank("nl")
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
        name = f"{meta.get('lang', '?')}_{meta.get('name', Path(model).name)} {meta.get('version', '')}"
        description = f"{name} ({', '.join(nlp.pipe_names)}), spaCy {spacy.__version__}"
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
    if "lemmatizer" not in nlp.pipe_names:  # theme and entity rules match lemmas
        nlp.add_pipe("cached_lookup_lemmatizer", name="lemmatizer")
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        # spaCy's Dutch tokenizer keeps abbreviations (o.a., bijv., m.b.t.) and numbers (2.5.1) whole,
        # so sentences end at the remaining . ! ? tokens; bullets are blocks of their own already
        nlp.add_pipe("array_sentencizer", name="sentencizer", first=True)
    for name in ("policy_cues", "policy_themes", "policy_entities"):
        nlp.add_pipe(name, last=True)
    return nlp, description


def _pipe_names(model: str) -> list[str]:
    try:
        return list(spacy.util.get_model_meta(Path(model) if Path(model).exists() else spacy.util.get_package_path(model)).get("pipeline", []))
    except (OSError, ValueError, ModuleNotFoundError):
        return []
