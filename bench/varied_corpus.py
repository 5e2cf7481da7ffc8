#!/usr/bin/env python3
"""Write a synthetic corpus with the vocabulary of real text, for `bench/run.py --corpus DIR`.

    python bench/varied_corpus.py bench/work/varied --documents 1000

`--scale N` repeats the five seeds, so after the first copies every word is in spaCy's tokenizer cache and
the raw tokenizer reads 1-2 M words/s. A corpus of real reports keeps meeting new words (names, compounds,
numbers), and each costs a full tokenisation and a new lexeme. Here the words follow Zipf's law over a
ranking that starts with the seeds' words by frequency and goes on with the other word forms of spaCy's
Dutch lookup table (in a fixed shuffled order): about as many distinct words per million as real text has.
Sentences of 8-30 words in paragraphs under headings; the same arguments give the same files. It measures
throughput only: the text is word salad, and its items are few.
"""
from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def ranking() -> list[str]:
    from corpus import DEFAULT_CORPUS
    from nlp.lexicon import lemma_table

    seed_words = Counter(w.lower() for p in sorted(DEFAULT_CORPUS.glob("*.txt"))
                         for w in re.findall(r"[^\W\d_]+", p.read_text(encoding="utf-8")))
    first = [w for w, _ in seed_words.most_common()]
    rest = sorted(set(lemma_table()) - set(first))
    random.Random(0).shuffle(rest)
    return first + [w for w in rest if w.isalpha()]


def write(dest: Path, documents: int, words_per_document: int) -> None:
    words = ranking()
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    rng = random.Random(1)
    dest.mkdir(parents=True)
    manifest = ['[corpus]\nname = "bench: synthetic corpus with a varied vocabulary (throughput only)"\nmodel = "auto"\n']
    for n in range(documents):
        doc_id = f"varied-{n:05d}"
        lines, count = [], 0
        while count < words_per_document:
            if not lines or rng.random() < 0.15:
                lines.append("# " + " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(2, 5))).capitalize() + "\n")
            sentences = []
            for _ in range(rng.randint(1, 5)):
                sentence = rng.choices(words, cum_weights=cumulative, k=rng.randint(8, 30))
                if rng.random() < 0.3:
                    sentence.insert(rng.randrange(len(sentence)), str(rng.randint(1, 2030)))
                sentences.append(" ".join(sentence).capitalize() + ".")
                count += len(sentence)
            lines.append(" ".join(sentences) + "\n")
        (dest / f"{doc_id}.txt").write_text("\n".join(lines), encoding="utf-8")
        manifest.append(f'[[document]]\nid = "{doc_id}"\nfile = "{doc_id}.txt"\nmunicipality = "Gemeente {n % 340:03d}"\n'
                        f'year = {2015 + n % 10}\ndoc_type = "jaarverslag"\ntitle = "Gevarieerd {n}"\nsource = "bench"\nlanguage = "nl"\n')
    (dest / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dest", type=Path, help="new folder to write the corpus into")
    p.add_argument("--documents", type=int, default=1000)
    p.add_argument("--words", type=int, default=1548, help="words per document (default: the seeds' mean)")
    args = p.parse_args()
    if args.dest.exists():
        p.error(f"{args.dest} exists; give a new folder")
    write(args.dest, args.documents, args.words)
    print(f"wrote {args.documents} documents to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
