"""Analyse N of 100 benchmark articles (NER replayed) after a warm-up: run under callgrind twice,
with N = 0 and N = 40, and the difference of the instruction counts is the cost of 40 analyses,
independent of the machine's load.

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.0 python3.11 benchmarks/experiments/callgrind_articles.py ROOT 0
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.40 python3.11 benchmarks/experiments/callgrind_articles.py ROOT 40

ROOT is the checkout whose rawi is imported (/work/main, or /tmp/base for a comparison); use
the real interpreter, not a pyenv shim (valgrind does not follow the shim's exec). The NER
cache is the one benchmarks/experiments/golden.py writes.
"""
import hashlib
import pickle
import sys
from pathlib import Path

root = sys.argv[1]; n = int(sys.argv[2])
sys.path.insert(0, root)
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # benchmarks/: run.py
import run as bench
import rawi.ner as ner
from rawi.doc import Doc
from rawi.pipeline import analyze
from rawi.schema import Entity
items, _ = bench.load_articles(100 + 50, 5.0)
items, warm = items[:100], items[100:]
cache = pickle.loads(open('/tmp/rawi_golden_ner.pkl', 'rb').read())
held = {}
for it in items + warm:
    d = Doc.from_raw(it['text']); held[d.text] = [Entity(**e) for e in cache[hashlib.sha1(d.text.encode()).hexdigest()]]
ner.annotate_entities = lambda doc: list(held[doc.text])
for it in warm: analyze(it['text'])
for it in items[:n]: analyze(it['text'], **it['meta'])
