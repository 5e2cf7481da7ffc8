"""nlp stage: spaCy analysis of documents into items, entity mentions and themes, plus the cross-document comparison."""
from .analyse import analyse_documents
from .compare import compare
from .model import DocAnalysis, Item, Mention
from .pipeline import load_pipeline

__all__ = ["DocAnalysis", "Item", "Mention", "analyse_documents", "compare", "load_pipeline"]
