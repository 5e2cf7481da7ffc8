"""nlp stage: spaCy analysis of documents into items, entity mentions and themes (nlp.analyse), and the
cross-document comparison (nlp.compare). Submodules are imported where used, so that light users such as
nlp.compounds do not load spaCy and scikit-learn."""
