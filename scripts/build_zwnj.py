"""Build the ZWNJ restoration lexicon shipped in rawi/normalize/data/.

Why: a scraper that deletes U+200C leaves glued words (سرکردههای, بینالملل). To put the
ZWNJ back we need, for every glued form, how often edited text spells it with ZWNJ and
how often joined. This script pools that evidence from public word lists and corpora in
../shared/data (never from the evaluation sets: UD-PerDT and the sci2lab Hamshahri /
Radio Farda files are excluded) and writes two compact derived tables:

- ``zwnj_forms.tsv.gz``: ``form<TAB>evidence`` per spelling, with ``evidence`` = summed
  frequency per million across sources (plus a small pseudo-count per lexicon listing the
  form), in two ``#@`` sections the loader reads in bulk (start-up time): ``plain`` (joined
  spellings, with flags: bit 1 when an edited frequency list, hazm's words.dat or reza1615's
  LT frequency list, attests the form with a non-zero count, bit 2 when hazm tags it as an
  adjective) and ``zwnj`` (for each joined key only its most frequent ZWNJ spelling, and
  only spellings whose ZWNJs follow a joining letter: the rest are never edited style). It is a merged, re-weighted table, not a copy of any one list
  (the LGPL/GPL lists only contribute evidence; joined forms below --min-evidence are dropped).
- ``verb_stems.tsv.gz``: ``past<TAB>present`` verb stems, to recognise می/نمی + verb.
- ``zwnj_boundary.tsv.gz``: weights of a logistic model that scores a split point inside
  an unseen glued word (character context either side, whether each side is a known word),
  trained on the lexicon's own ZWNJ spellings (positives) and joined words (negatives); the
  restorer uses it only when lexicon, morphology and word pairs have nothing to say.
- ``zwnj_bigrams.tsv.gz``: ``first<TAB>second<TAB>count`` for word pairs that corpora write
  apart (with a space, or a ZWNJ) at least twice: when a scraper glues such a pair into an
  unseen word, the split point is known (عقب + نشستند). PEYMA writes ZWNJ as an in-token
  space, so its multi-part tokens count too.

Usage: python scripts/build_zwnj.py [--shared PATH]
"""
from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import os
import re
import sys
from pathlib import Path

ZWNJ = "\u200c"
REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "rawi" / "normalize" / "data"

_TRANS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "ھ": "ه", "ٱ": "ا", "\u200b": ZWNJ,
                        "٠": "0", "۰": "0"})
_DIAC = re.compile("[\u064b-\u0652\u0670\u0640\u200e\u200f\u200d]")
_WORD = re.compile(f"[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0{ZWNJ}]+")
_ZCLEAN = re.compile(f"{ZWNJ}{{2,}}")


def norm_word(w: str) -> str:
    """The same letter rules the run-time normaliser applies, so keys match."""
    w = _DIAC.sub("", w.translate(_TRANS))
    w = _ZCLEAN.sub(ZWNJ, w).strip(ZWNJ)
    return w


def shared_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("RAWI_SHARED_DATA")
    if env:
        return Path(env)
    return (REPO / ".." / "shared" / "data").resolve()


def hazm_data() -> Path | None:
    try:
        import hazm  # baseline only: used here to read its bundled word lists
    except ImportError:
        return None
    return Path(hazm.__file__).parent / "data"


class Evidence:
    """Per-source counts, turned into per-million frequencies and summed."""

    def __init__(self) -> None:
        self.ev: dict[str, float] = collections.defaultdict(float)
        self.clean: set[str] = set()
        self.adj: set[str] = set()
        self.sources: list[tuple[str, int]] = []

    def add_counts(self, name: str, counts: dict[str, float], weight: float = 1.0) -> None:
        total = sum(counts.values()) or 1.0
        for w, c in counts.items():
            if c > 0 and _WORD.fullmatch(w):
                self.ev[w] += weight * 1e6 * c / total
        self.sources.append((name, len(counts)))

    def add_lexicon(self, name: str, words, pseudo: float = 0.05) -> None:
        n = 0
        for w in words:
            if not _WORD.fullmatch(w):
                continue  # comments, phrases, Latin or punctuation: not a single Persian word
            self.ev[w] += pseudo
            n += 1
        self.sources.append((name + " (lexicon)", n))


def read_corpus_tokens(shared: Path) -> collections.Counter:
    """Token counts from corpora that use ZWNJ (never the evaluation sets)."""
    c: collections.Counter = collections.Counter()
    news = sorted((shared / "farsnews-course").glob("fars-news-*.json")) + sorted((shared / "varzesh3-course").glob("*.json"))
    for f in news:
        for art in json.loads(f.read_text(encoding="utf-8")):
            parts = [art.get("title") or "", art.get("abstract") or ""] + list(art.get("paragraphs") or [])
            for p in parts:
                for w in _WORD.findall(p.translate(_TRANS)):
                    c[norm_word(w)] += 1
    for f in ("train.txt", "dev.txt", "test.txt"):
        p = shared / "parstwiner" / f
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                tok = line.split("\t")[0]
                if tok and _WORD.fullmatch(tok.translate(_TRANS)):
                    c[norm_word(tok)] += 1
    for f in sorted((shared / "arman").glob("test_fold*.txt")):  # the three test folds = whole corpus
        for line in f.read_text(encoding="utf-8").splitlines():
            tok = line.split(" ")[0]
            if tok and _WORD.fullmatch(tok.translate(_TRANS)):
                c[norm_word(tok)] += 1
    # PEYMA (news) writes every ZWNJ as a space inside a token: "برنامه های" is برنامه‌های.
    # Two-part tokens only, so that multiword names and phrases (از جمله) stay out.
    for f in ("train.txt", "dev.txt", "test.txt"):
        p = shared / "peyma" / f
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                tok = line.rsplit("|", 1)[0].translate(_TRANS)
                parts = tok.split(" ")
                if len(parts) == 2 and all(_WORD.fullmatch(x) for x in parts):
                    c[norm_word(ZWNJ.join(parts))] += 1
                elif len(parts) == 1 and _WORD.fullmatch(tok):
                    c[norm_word(tok)] += 1
    c.pop("", None)
    return c


NON_JOINING = set("اآأإٱدذرزژوؤءةۀ")
_SPLIT = re.compile(f"[^\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0{ZWNJ} ]+")


def read_bigrams(shared: Path) -> collections.Counter:
    """Adjacent word pairs (first ends in a joining letter) from running text."""
    big: collections.Counter = collections.Counter()

    def feed(words: list[str]) -> None:
        for a, b in zip(words, words[1:]):
            if ZWNJ not in a + b and len(a) >= 2 and len(b) >= 2 and a[-1] not in NON_JOINING:
                big[(a, b)] += 1

    files = sorted((shared / "farsnews-course").glob("fars-news-*.json")) + sorted((shared / "varzesh3-course").glob("*.json"))
    for f in files:
        for art in json.loads(f.read_text(encoding="utf-8")):
            for p in [art.get("title") or "", art.get("abstract") or ""] + list(art.get("paragraphs") or []):
                for chunk in _SPLIT.split(p.translate(_TRANS)):
                    ws = [norm_word(w) for w in chunk.split()]
                    feed([w for w in ws if w])
                    for w in ws:  # a ZWNJ compound is a pair written apart too
                        parts = w.split(ZWNJ)
                        if len(parts) == 2:
                            feed(parts)
    for f in ("train.txt", "dev.txt", "test.txt"):
        p = shared / "peyma" / f
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                tok = line.rsplit("|", 1)[0]
                if " " in tok:
                    feed([norm_word(w) for w in tok.split()])
    return big


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", help="path to shared/data (default ../shared/data or $RAWI_SHARED_DATA)")
    ap.add_argument("--min-evidence", type=float, default=0.02, help="drop joined forms rarer than this (per million)")
    ap.add_argument("--min-bigram", type=int, default=2, help="keep word pairs seen apart at least this often")
    args = ap.parse_args()
    shared = shared_dir(args.shared)
    if not (shared / "shekar-lexicon").exists():
        print(f"shared data not found at {shared}", file=sys.stderr)
        return 2
    E = Evidence()

    # 1. Running text with (mostly) correct ZWNJ.
    E.add_counts("corpora: farsnews+varzesh3+parstwiner+arman+peyma", read_corpus_tokens(shared))

    # 2. Frequency lists.
    hz = hazm_data()
    if hz is not None:
        counts = {}
        for line in (hz / "words.dat").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1].isdigit():
                w = norm_word(parts[0])
                counts[w] = counts.get(w, 0) + int(parts[1])
                if int(parts[1]) > 0:
                    E.clean.add(w)
                if len(parts) > 2 and "AJ" in parts[2].split(","):
                    E.adj.add(w)
        E.add_counts("hazm words.dat", counts)
        E.add_lexicon("hazm words.dat", counts)
    lt = {}
    for line in (shared / "reza1615-spellchecker-lexicon" / "LT_words_freq_pos.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].isdigit():
            w = norm_word(parts[0])
            lt[w] = lt.get(w, 0) + int(parts[1])
            if int(parts[1]) > 0:
                E.clean.add(w)
    E.add_counts("reza1615 LT frequencies", lt)
    sv = {}
    for line in (shared / "shekar-lexicon" / "vocab.csv").read_text(encoding="utf-8").splitlines():
        w, _, f = line.rpartition(",")
        if f.isdigit():
            w = norm_word(w)
            sv[w] = sv.get(w, 0) + int(f)
    E.add_counts("shekar vocab", sv)
    wf = {}
    for line in (shared / "wordfreq-fa" / "wordfreq_fa_small.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            try:
                wf[norm_word(parts[0])] = float(parts[1])
            except ValueError:
                pass
    E.add_counts("wordfreq fa", wf)

    # 3. Lexicons without frequencies (presence = a small pseudo-count).
    E.add_lexicon("shekar compound_words", (norm_word(l) for l in (shared / "shekar-lexicon" / "compound_words.csv").read_text(encoding="utf-8").splitlines() if l.strip()), pseudo=0.2)
    E.add_lexicon("lilak dic_users", (norm_word(l) for l in (shared / "lilak-lexicon" / "dic_users").read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")), pseudo=0.2)
    dic_lines = (shared / "reza1615-spellchecker-lexicon" / "fa_IR.dic").read_text(encoding="utf-8").splitlines()[1:]
    E.add_lexicon("reza1615 fa_IR.dic stems", (norm_word(l.split("/")[0]) for l in dic_lines if l.strip()), pseudo=0.1)
    E.add_lexicon("reza1615 verb forms", (norm_word(l) for l in (shared / "reza1615-spellchecker-lexicon" / "persian_verbs_list.txt").read_text(encoding="utf-8").splitlines()
                                          if l.strip() and not (l.startswith("می") and not l.startswith("می" + ZWNJ))), pseudo=0.1)
    E.add_lexicon("reza1615 adjectives", (norm_word(l) for l in (shared / "reza1615-spellchecker-lexicon" / "adjectives.txt").read_text(encoding="utf-8").splitlines() if l.strip()), pseudo=0.1)

    # Keep every ZWNJ spelling; joined spellings only when attested enough to matter.
    rows = []
    for w, ev in E.ev.items():
        if not w or len(w) < 2:
            continue
        if ZWNJ not in w and ev < args.min_evidence and w not in E.clean:
            continue
        rows.append((w, ev, (1 if w in E.clean else 0) + (2 if w in E.adj else 0)))
    rows.sort()

    # Verb stems: hazm verbs.dat (past#present), shekar verbs.csv.
    stems: set[tuple[str, str]] = set()
    if hz is not None:
        for line in (hz / "verbs.dat").read_text(encoding="utf-8").splitlines():
            if "#" in line:
                past, pres = line.split("#", 1)
                if past and pres:
                    stems.add((norm_word(past), norm_word(pres)))
    for line in (shared / "shekar-lexicon" / "verbs.csv").read_text(encoding="utf-8").splitlines():
        parts = line.split(",")
        if len(parts) >= 2 and parts[0] and parts[1]:
            stems.add((norm_word(parts[1]), norm_word(parts[0])))
    # (Rasooli's GPL-3 VerbList is deliberately not used: its stem columns would be copied
    # verbatim into the package; hazm and shekar are MIT.)

    big = read_bigrams(shared)

    OUT.mkdir(parents=True, exist_ok=True)
    glued_known = {w for w, _, fl in rows if fl & 1}
    with _gz_writer(OUT / "zwnj_bigrams.tsv.gz") as fh:
        fh.write("# first\tsecond\tcount: word pairs written apart in Fars News, Varzesh3 and PEYMA (count >= 2)\n")
        # one line per glued key: its most frequent split (first one on ties), in first-seen order
        best_pair: dict[str, tuple[str, str, int]] = {}
        for (a, b), c in sorted(big.items()):
            if c >= args.min_bigram and (a + b) not in glued_known:
                old = best_pair.get(a + b)
                if old is None or c > old[2]:
                    best_pair[a + b] = (a, b, c)
        for a, b, c in best_pair.values():
            fh.write(f"{a}\t{b}\t{c}\n")
    with _gz_writer(OUT / "zwnj_forms.tsv.gz") as fh:
        fh.write("# evidence per million, in two sections: plain (joined spellings, with flags), "
                 "zwnj (best ZWNJ spelling per joined key)\n")
        fh.write("# Derived by scripts/build_zwnj.py from: " + "; ".join(f"{n} [{k}]" for n, k in E.sources) + "\n")
        plain = [(w, _fmt(ev), cl) for w, ev, cl in rows if ZWNJ not in w]
        fh.write("#@ plain: joined spelling<TAB>evidence<TAB>flags (bit 1 = attested in an edited frequency list, "
                 "bit 2 = adjective in hazm)\n")
        for w, e, cl in plain:
            fh.write(f"{w}\t{e}\t{cl}\n")
        fh.write("#@ zwnj: most frequent ZWNJ spelling of each joined key<TAB>evidence\n")
        for z, e in best_zwnj(rows).values():
            fh.write(f"{z}\t{e}\n")

    with _gz_writer(OUT / "verb_stems.tsv.gz") as fh:
        fh.write("# past_stem\tpresent_stem (from hazm verbs.dat and shekar verbs.csv, both MIT)\n")
        for past, pres in sorted(stems):
            if past and pres and ZWNJ not in past + pres:
                fh.write(f"{past}\t{pres}\n")
    train_boundary()
    for f in ("zwnj_forms.tsv.gz", "verb_stems.tsv.gz", "zwnj_bigrams.tsv.gz", "zwnj_boundary.tsv.gz"):
        print(f"{f}: {(OUT / f).stat().st_size / 1024:.0f} KiB")
    print(f"forms: {len(rows)} ({sum(ZWNJ in r[0] for r in rows)} with ZWNJ); verb stems: {len(stems)}")
    return 0


def best_zwnj(rows: list[tuple[str, float, int]]) -> dict[str, tuple[str, str]]:
    """Joined key -> (ZWNJ spelling, evidence text) of its most frequent edited-style spelling.

    Resolved here so the restorer need not: a ZWNJ first or after a non-joining letter
    (ا د ذ ر ز ژ و ...) is never edited style, and only the best spelling of a key is used
    (compared on the written, rounded evidence; the first one in sorted order wins ties).
    """
    sys.path.insert(0, str(REPO))
    from rawi.normalize.zwnj import NON_JOINING

    best: dict[str, tuple[str, str]] = {}
    score: dict[str, float] = {}
    for w, ev, _ in rows:
        if ZWNJ not in w or any(i == 0 or w[i - 1] in NON_JOINING for i, ch in enumerate(w) if ch == ZWNJ):
            continue
        key, e = w.replace(ZWNJ, ""), _fmt(ev)
        if key not in score or float(e) > score[key]:
            best[key], score[key] = (w, e), float(e)
    return best


def train_boundary(n_joined: int = 60000, min_count: int = 3) -> None:
    """Fit the split-point model on the tables just written (scikit-learn at build time only)."""
    import importlib
    import random

    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    sys.path.insert(0, str(REPO))
    Z = importlib.import_module("rawi.normalize.zwnj")
    m = Z.model()
    samples: list[tuple[list[str], int]] = []
    for z, _ in m.best_z.values():
        g = z.replace(ZWNJ, "")
        cuts, k = set(), 0
        for ch in z:
            if ch == ZWNJ:
                cuts.add(k)
            else:
                k += 1
        for i in m.boundary_candidates(g):
            samples.append((m.boundary_features(g, i), int(i in cuts)))
    joined = sorted(w for w in m.clean if w not in m.best_z and len(w) >= 5)
    random.Random(13).shuffle(joined)
    for g in joined[:n_joined]:
        for i in m.boundary_candidates(g):
            samples.append((m.boundary_features(g, i), 0))
    counts = collections.Counter(f for fs, _ in samples for f in fs)
    vocab = {f: j for j, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    rows, cols = [], []
    for r, (fs, _) in enumerate(samples):
        for f in fs:
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    X = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(samples), len(vocab)))
    y = np.array([lab for _, lab in samples])
    clf = LogisticRegression(C=1.0, max_iter=500, fit_intercept=False)
    clf.fit(X, y)
    w = clf.coef_[0]
    with _gz_writer(OUT / "zwnj_boundary.tsv.gz") as fh:
        fh.write(f"# feature\tweight: logistic split-point model, {len(samples)} samples ({int(y.sum())} ZWNJ), "
                 f"{len(vocab)} features (count >= {min_count}); built by scripts/build_zwnj.py\n")
        for f, j in sorted(vocab.items()):
            if abs(w[j]) >= 0.005:
                fh.write(f"{f}\t{w[j]:.3f}\n")
    print(f"boundary model: {len(samples)} samples, {len(vocab)} features")


class _gz_writer:
    """A reproducible gzip text writer (no timestamp or file name in the header)."""

    def __init__(self, path: Path) -> None:
        self.raw = open(path, "wb")
        self.gz = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, compresslevel=9, mtime=0)
        self.fh = io.TextIOWrapper(self.gz, encoding="utf-8", newline="\n")

    def __enter__(self) -> io.TextIOWrapper:
        return self.fh

    def __exit__(self, *exc) -> None:
        self.fh.close()
        self.raw.close()


def _fmt(x: float) -> str:
    if x >= 10:
        return str(int(round(x)))
    return f"{x:.3g}"


if __name__ == "__main__":
    raise SystemExit(main())
