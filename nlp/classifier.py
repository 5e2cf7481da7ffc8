"""The statement model: multinomial logistic regression over named sparse features, stored as JSON.

Trained with scikit-learn (`fit`); applied with NumPy from the JSON weights alone
(`StatementModel.load`), so loading a model runs no code from the file. The file is
written with sorted features and rounded weights: the same training data gives the
same bytes.
"""
from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy

from corpus import CorpusError

NONE = "none"
MODEL_FILE = Path(__file__).parent / "statement_model.json"
FORMAT = "beleidsvergelijker-statement-model/1"
DIGITS = 6  # significant digits of the stored weights
C = 0.2  # inverse regularisation strength (chosen by leave-one-municipality-out, docs/extraction.md)
BATCH = 1024  # feature dicts scored at a time
MIN_COUNT = 2  # a feature seen in fewer training candidates is left out


@dataclass(frozen=True)
class StatementModel:
    classes: tuple[str, ...]
    features: dict[str, int]  # feature name -> column
    weights: numpy.ndarray  # (features, classes)
    bias: numpy.ndarray  # (classes,)
    training: dict  # what it was trained on: documents, municipalities, candidates, sha256 of the data

    def scores(self, rows: list[dict[str, float]]) -> numpy.ndarray:
        """Class probabilities of every candidate's feature dict, (candidates, classes). The features are
        binary: a name in the dict is present (nlp.statements writes 1.0 for each)."""
        from scipy.sparse import csr_matrix

        get, cols, indptr = self.features.get, [], [0]
        for row in rows:
            cols += [k for k in map(get, row) if k is not None]
            indptr.append(len(cols))
        X = csr_matrix((numpy.ones(len(cols)), cols, indptr), shape=(len(rows), len(self.features)))
        out = X @ self.weights + self.bias
        out -= out.max(axis=1, keepdims=True)
        numpy.exp(out, out=out)
        return out / out.sum(axis=1, keepdims=True)

    def predict(self, rows: Iterable[dict[str, float]]) -> list[str]:
        """The class of every feature dict, taken BATCH at a time from the iterable."""
        out, it = [], iter(rows)
        while batch := list(itertools.islice(it, BATCH)):
            out += [self.classes[k] for k in self.scores(batch).argmax(axis=1)]
        return out

    @property
    def version(self) -> str:
        return self.training.get("version", "")

    def to_json(self) -> str:
        names = sorted(self.features, key=self.features.get)
        data = {
            "format": FORMAT,
            "training": self.training,
            "classes": list(self.classes),
            "bias": [_round(b) for b in self.bias.tolist()],
            "weights": {name: [_round(w) for w in self.weights[self.features[name]].tolist()] for name in names},
        }
        return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str, path: Path | str = "model") -> "StatementModel":
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError(f"format is {data.get('format')!r}, expected {FORMAT!r}")
            names = list(data["weights"])
            weights = numpy.array([data["weights"][n] for n in names], dtype=float).reshape(len(names), len(data["classes"]))
            return cls(tuple(data["classes"]), {n: k for k, n in enumerate(names)}, weights,
                       numpy.array(data["bias"], dtype=float), data["training"])
        except (ValueError, KeyError, TypeError) as err:
            raise CorpusError(path, f"is not a statement model file: {err}") from None

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "StatementModel":
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise CorpusError(path, f"statement model cannot be read: {err.strerror}; retrain it with `python build.py train`") from None
        return cls.from_json(text, path)


def fit(rows: list[dict[str, float]], labels: list[str], weights: list[float], training: dict) -> StatementModel:
    """Train on candidates' feature dicts and their gold labels (kind or NONE); weight 0 leaves a candidate out."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    keep = [i for i, w in enumerate(weights) if w > 0]
    counts: dict[str, int] = {}
    for i in keep:
        for name in rows[i]:
            counts[name] = counts.get(name, 0) + 1
    vocabulary = sorted(name for name, n in counts.items() if n >= MIN_COUNT)
    vectorizer = DictVectorizer(sort=True).fit([{name: 1.0 for name in vocabulary}])
    X = vectorizer.transform([rows[i] for i in keep])
    y = [labels[i] for i in keep]
    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", solver="lbfgs")
    with threadpool_limits(1):  # on this small problem threads only contend: 0.4 s with one, 5-10 s with two on a busy machine
        model.fit(X, y, sample_weight=[weights[i] for i in keep])
    classes = tuple(model.classes_.tolist())
    names = vectorizer.get_feature_names_out().tolist()
    coef = model.coef_.T if len(classes) > 2 else numpy.hstack([-model.coef_.T, model.coef_.T]) / 2
    bias = model.intercept_ if len(classes) > 2 else numpy.array([-model.intercept_[0], model.intercept_[0]]) / 2
    rounded = numpy.vectorize(_round)
    training = dict(training, candidates=len(keep), features=len(names))
    training["version"] = hashlib.sha256(json.dumps([training, classes, names], sort_keys=True).encode()
                                         + rounded(coef).tobytes() + rounded(bias).tobytes()).hexdigest()[:12]
    return StatementModel(classes, {n: k for k, n in enumerate(names)}, rounded(coef), rounded(bias), training)


def _round(x: float) -> float:
    return float(f"{x:.{DIGITS}g}")
