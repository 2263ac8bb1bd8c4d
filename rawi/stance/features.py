"""Features of a (claim, article) pair for the stance model, and the evidence sentences.

Why these: an article that agrees with a claim repeats its content words in one or two
sentences (lexical coverage, shared word pairs, the same numbers); one that disagrees repeats
them with the opposite polarity (a negated verb, an antonym predicate, another number: the
FarExStance "disagree" claims are mostly such rewrites); one that only discusses it covers the
topic but not the assertion, and its claims are worded vaguely ("X spoke about ..."); an
unrelated one shares few rare words. Weights of words come from their frequency
(:func:`rawi.corpus.claims.weight`), so sharing a name counts and sharing "کشور" does not.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from ..corpus.claims import split_numbers, term_weights
from ..corpus.fold import STEM_LEN, stopwords, tokens as folded_tokens
from .polarity import Polarity, contradicts, glue, polarity_of_words

# Not features: whether the claim or the sentence alone is negated. FarExStance's "disagree"
# claims are mostly negated rewrites, so a model given them learns "negated claim = disagree"
# and misses a negated article; only the mismatch is kept.
# Vague wording of a claim that reports talk, not an assertion ("X spoke about some needs").
GENERIC = frozenset(folded_tokens(
    "درباره دربارهٔ خصوص مورد سخن صحبت اظهار اظهارنظر اشاره توضیح برخی بررسی موضوع مسائل مسایل "
    "اظهارات واکنش نظر موضع دیدگاه انتقاد گفتگو گفت‌وگو مصاحبه پرداخت تشریح بیان"))
TOP = 3  # sentences kept as candidates for evidence
RUN_SENTS = 6  # best-covering sentences searched for the longest shared run of words


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    words: tuple[str, ...]  # folded, می/نمی glued
    terms: frozenset[str]  # content terms (stems)
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]


def _terms(words: Sequence[str]) -> list[str]:
    stop = stopwords()
    return [w if w.isdigit() else w[:STEM_LEN] for w in words if w not in stop and (len(w) >= 2 or w.isdigit())]


def sentence(text: str, start: int = 0, end: int | None = None) -> Sentence:
    end = len(text) if end is None else end
    raw = text[start:end]
    body, nums = split_numbers(raw)
    words = tuple(glue(folded_tokens(raw)))
    terms = _terms(folded_tokens(body))
    return Sentence(start, end, words, frozenset(terms), frozenset(zip(terms, terms[1:])), frozenset(nums))


def _w(terms: frozenset[str] | set[str]) -> float:
    w = term_weights()
    return math.fsum(0.5 if t.isdigit() else w.get(t, 1.0) for t in terms)


NAMES = (
    "cov_doc", "cov_best", "cov_top2", "cov_best_raw", "jac_best", "bigram_top", "bigram_best",
    "log_terms", "missing_rare", "lead_cov",
    "claim_nums", "num_in_doc", "num_missing", "num_best_missing",
    "neg_mismatch_best", "neg_mismatch_top", "neg_doc_share",
    "pred_clash_best", "pred_clash_top", "claim_preds", "mod_claim", "mod_mismatch",
    "generic", "denial_top", "best_pos", "second_gap",
    "soft_doc", "soft_best", "chr_best", "chr_top", "chr_doc", "miss_mass", "miss_max",
    "rare_doc", "rare_best", "window_cov", "claim_speech", "claim_denial", "claim_hedge", "n_sents",
    # the span of the best sentence the claim's words cover, and cue words around it
    "neg_local_mismatch", "neg_claim_only", "neg_sent_only", "span_len", "claim_restrict_new", "claim_refuse_new",
    "sent_refuse_new", "allege_best", "allege_top", "report_best", "ask_best", "ask_claim",
    "claim_words_new", "cov_lead3", "related_share", "related_n", "cov_mean_top3", "num_best_agree",
    "num_conflict", "pred_same_best", "pred_clash_doc", "claim_allege", "claim_report",
    "run_best", "run_doc", "run_top_pos", "allege_doc", "ask_doc", "report_doc", "best_missing_elsewhere",
)
SPEECH = frozenset(folded_tokens("گفت گفته اعلام تاکید تأکید افزود کرد خاطرنشان اظهار داشت نوشت خواند خواستار"))
HEDGE = frozenset(folded_tokens("ادعا مدعی گویا احتمالا شاید ظاهرا شایعه"))


@dataclass(frozen=True)
class PairFeatures:
    vector: np.ndarray  # float64, len(NAMES)
    evidence: list[int]  # indices into the article's sentences, best first


def pair_features(claim: Sentence, sents: Sequence[Sentence]) -> PairFeatures:
    """The feature vector of a claim against an article's sentences."""
    cw = _w(claim.terms) or 1.0
    doc_terms: set[str] = set().union(*(s.terms for s in sents)) if sents else set()
    doc_nums: set[str] = set().union(*(s.numbers for s in sents)) if sents else set()
    covs = [(_w(claim.terms & s.terms) / cw, i) for i, s in enumerate(sents)]
    covs.sort(key=lambda x: (-x[0], x[1]))
    top = [i for _, i in covs[:TOP]]
    best = sents[top[0]] if top else None
    f: dict[str, float] = {n: 0.0 for n in NAMES}
    f["cov_doc"] = _w(claim.terms & doc_terms) / cw
    f["log_terms"] = math.log1p(len(claim.terms))
    tw = term_weights()
    f["missing_rare"] = sum(1 for t in claim.terms - doc_terms if tw.get(t, 1.0) >= 0.9) / max(1, len(claim.terms))
    cpol = polarity_of_words(claim.words)
    pol = _Polarities(sents)
    f["claim_neg"] = float(cpol.negated)
    f["claim_preds"] = float(bool(cpol.preds))
    f["mod_claim"] = float(bool(cpol.modality))
    f["generic"] = float(sum(1 for w in claim.words if w in GENERIC))
    f["claim_nums"] = float(bool(claim.numbers))
    if claim.numbers:
        f["num_in_doc"] = len(claim.numbers & doc_nums) / len(claim.numbers)
        f["num_missing"] = float(bool(claim.numbers - doc_nums))
    if best is not None:
        f["cov_best"] = covs[0][0]
        f["cov_top2"] = _w(claim.terms & (best.terms | (sents[top[1]].terms if len(top) > 1 else frozenset()))) / cw
        f["cov_best_raw"] = len(claim.terms & best.terms) / max(1, len(claim.terms))
        f["jac_best"] = _w(claim.terms & best.terms) / (_w(claim.terms | best.terms) or 1.0)
        f["second_gap"] = covs[0][0] - (covs[1][0] if len(covs) > 1 else 0.0)
        f["best_pos"] = top[0] / max(1, len(sents))
        f["lead_cov"] = _w(claim.terms & sents[0].terms) / cw
        if claim.bigrams:
            f["bigram_best"] = len(claim.bigrams & best.bigrams) / len(claim.bigrams)
            f["bigram_top"] = len(claim.bigrams & frozenset().union(*(sents[i].bigrams for i in top))) / len(claim.bigrams)
        if claim.numbers and best.numbers:
            f["num_best_missing"] = float(bool(claim.numbers - best.numbers))
        pols = [pol[i] for i in top]
        f["best_neg"] = float(pols[0].negated)
        f["neg_mismatch_best"] = float(pols[0].negated != cpol.negated)
        f["neg_mismatch_top"] = float(all(p.negated != cpol.negated for p in pols))
        f["pred_clash_best"] = float(_clash(cpol, pols[0]))
        f["pred_clash_top"] = float(any(_clash(cpol, p) for p in pols))
        f["mod_mismatch"] = float(cpol.modality != pols[0].modality)
        f["denial_top"] = float(any(("confirm", "-") in p.preds for p in pols))
        related = [pol[i].negated for c, i in covs if c >= 0.3]
        f["neg_doc_share"] = sum(related) / len(related) if related else 0.0
    _more(f, claim, sents, covs, top, cw, doc_terms)
    _span(f, claim, sents, covs, top, cw, cpol, pol)
    keep = [i for c, i in covs[:2] if c > 0 and c >= 0.6 * covs[0][0]]
    return PairFeatures(np.array([f[n] for n in NAMES], dtype=np.float64), keep)


class _Polarities:
    """Polarity of each sentence, read once per pair whichever feature asks first."""

    def __init__(self, sents: Sequence[Sentence]) -> None:
        self.sents = sents
        self.done: dict[int, Polarity] = {}

    def __getitem__(self, i: int) -> Polarity:
        if i not in self.done:
            self.done[i] = polarity_of_words(self.sents[i].words)
        return self.done[i]


def _clash(a: Polarity, b: Polarity) -> bool:
    """Opposite antonym predicates only (negation is its own feature)."""
    return contradicts(Polarity(0, a.preds, a.modality), Polarity(0, b.preds, b.modality))


def _chargrams(words: Sequence[str], n: int = 3) -> set[str]:
    out: set[str] = set()
    for w in words:
        w = f" {w} "
        out.update(w[i:i + n] for i in range(len(w) - n + 1))
    return out


def _soft(claim_terms: frozenset[str], terms: set[str] | frozenset[str]) -> float:
    """Share of claim terms whose first four letters start a term of the other side."""
    pre = {t[:4] for t in terms}
    return sum(1 for t in claim_terms if t[:4] in pre) / max(1, len(claim_terms))


def _more(f: dict[str, float], claim: Sentence, sents: Sequence[Sentence], covs: list, top: list[int],
          cw: float, doc_terms: set[str]) -> None:
    """Fuzzier overlaps (prefixes, letter trigrams) for paraphrases and spelling variants."""
    tw = term_weights()
    stop = stopwords()
    cwords = [w for w in claim.words if w not in stop]
    cg = _chargrams(cwords)
    rare = {t for t in claim.terms if tw.get(t, 1.0) >= 0.9 and not t.isdigit()}
    missing = claim.terms - doc_terms
    f["miss_mass"] = _w(missing)
    f["miss_max"] = max((tw.get(t, 1.0) for t in missing), default=0.0)
    f["soft_doc"] = _soft(claim.terms, doc_terms)
    f["claim_speech"] = float(any(w in SPEECH for w in claim.words))
    f["claim_denial"] = float(any(w.startswith(("تکذیب", "انکار", "دروغ", "کذب")) for w in claim.words))
    f["claim_hedge"] = float(any(w in HEDGE for w in claim.words))
    f["n_sents"] = math.log1p(len(sents))
    if rare:
        f["rare_doc"] = len(rare & doc_terms) / len(rare)
    if not top or not cg:
        return
    best = sents[top[0]]
    f["soft_best"] = _soft(claim.terms, best.terms)
    if rare:
        f["rare_best"] = len(rare & best.terms) / len(rare)
    grams = [_chargrams([w for w in s.words if w not in stop]) for s in sents]
    chr_cov = sorted((len(cg & g) / len(cg) for g in grams), reverse=True)
    f["chr_best"] = chr_cov[0]
    f["chr_top"] = len(cg & set().union(*(grams[i] for i in top))) / len(cg)
    f["chr_doc"] = len(cg & set().union(*grams)) / len(cg)
    win = 0.0
    for i in range(len(sents)):
        t = sents[i].terms | (sents[i + 1].terms if i + 1 < len(sents) else frozenset()) | (sents[i + 2].terms if i + 2 < len(sents) else frozenset())
        win = max(win, _w(claim.terms & t) / cw)
    f["window_cov"] = win


@lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, tuple[tuple[str, str], ...]], dict[str, tuple[tuple[str, str], ...]],
                     dict[tuple[str, str], tuple[tuple[str, str], ...]]]:
    """Folded cue words (rawi/lexicons/stance_cues.tsv) as (kind, entry): by whole word, by
    first four letters for entries of four letters or more (matched as prefixes), and two-word
    entries (سر باز زد) by their two words."""
    from ..lexicons import rows

    exact: dict[str, list] = {}
    by_pre: dict[str, list] = {}
    pairs: dict[tuple[str, str], list] = {}
    for r in rows("stance_cues.tsv"):
        ws = folded_tokens(r[0])
        e = "".join(ws)
        if len(ws) == 2:
            pairs.setdefault((ws[0], ws[1]), []).append((r[1], e))
        elif len(e) >= 4:
            by_pre.setdefault(e[:4], []).append((r[1], e))
        else:
            exact.setdefault(e, []).append((r[1], e))
    frz = lambda d: {k: tuple(v) for k, v in d.items()}  # noqa: E731
    return frz(exact), frz(by_pre), frz(pairs)


def cue_sets(words: Sequence[str]) -> dict[str, set[str]]:
    """The cue entries the words use, by kind (entries, so two sides compare)."""
    exact, by_pre, pairs = _cues()
    out: dict[str, set[str]] = {}
    last = len(words) - 1
    for i, w in enumerate(words):
        for kind, e in exact.get(w, ()):
            out.setdefault(kind, set()).add(e)
        for kind, e in by_pre.get(w[:4], ()):
            if w.startswith(e):
                out.setdefault(kind, set()).add(e)
        if i < last:
            for kind, e in pairs.get((w, words[i + 1]), ()):
                out.setdefault(kind, set()).add(e)
    return out


def _kinds(words: Sequence[str], kind: str) -> set[str]:
    return cue_sets(words).get(kind, set())


def _run(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest run of words ``a`` and ``b`` share in the same order (contiguous)."""
    best = 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, z in enumerate(b):
            if x == z:
                cur[j + 1] = prev[j] + 1
                if cur[j + 1] > best:
                    best = cur[j + 1]
        prev = cur
    return best


def _covered_span(claim: Sentence, s: Sentence) -> tuple[int, int]:
    """Word positions of the sentence from the first to the last word whose stem is a claim term."""
    pos = [i for i, w in enumerate(s.words) if (w if w.isdigit() else w[:STEM_LEN]) in claim.terms]
    return (pos[0], pos[-1] + 1) if pos else (0, 0)


def _span(f: dict[str, float], claim: Sentence, sents: Sequence[Sentence], covs: list, top: list[int],
          cw: float, cpol: Polarity, pol: "_Polarities") -> None:
    """Why: FarExStance sentences are long, with several clauses; the negation, restriction or
    allegation that matters is the one next to the words the claim shares."""
    f["ask_claim"] = float(bool(_kinds(claim.words, "ask")))
    f["claim_allege"] = float(bool(_kinds(claim.words, "allege")))
    f["claim_report"] = float(bool(_kinds(claim.words, "report")))
    if not top:
        return
    best = sents[top[0]]
    a, b = _covered_span(claim, best)
    lo, hi = max(0, a - 2), min(len(best.words), b + 2)
    local = best.words[lo:hi]
    lpol = polarity_of_words(local)
    bpol = pol[top[0]]
    f["neg_local_mismatch"] = float(lpol.negated != cpol.negated)
    f["neg_claim_only"] = float(cpol.negated and not lpol.negated)
    f["neg_sent_only"] = float(lpol.negated and not cpol.negated)
    f["span_len"] = (b - a) / max(1, len(claim.words))
    f["claim_restrict_new"] = float(bool(_kinds(claim.words, "restrict") - _kinds(local, "restrict")))
    f["claim_refuse_new"] = float(bool(_kinds(claim.words, "refuse") - _kinds(local, "refuse")))
    f["sent_refuse_new"] = float(bool(_kinds(local, "refuse") - _kinds(claim.words, "refuse")))
    cues = [cue_sets(s.words) for s in sents]
    f["allege_best"] = float("allege" in cues[top[0]])
    f["allege_top"] = sum(1 for i in top if "allege" in cues[i]) / len(top)
    f["report_best"] = float("report" in cues[top[0]])
    f["ask_best"] = float(bool(_kinds(local, "ask")))
    vocab: set[str] = set().union(*(s.words for s in sents))
    f["claim_words_new"] = sum(1 for w in claim.words if w not in vocab) / max(1, len(claim.words))
    lead = frozenset().union(*(s.terms for s in sents[:3]))
    f["cov_lead3"] = _w(claim.terms & lead) / cw
    rel = [c for c, _ in covs if c >= 0.3]
    f["related_share"] = len(rel) / max(1, len(sents))
    f["related_n"] = math.log1p(len(rel))
    f["cov_mean_top3"] = sum(c for c, _ in covs[:3]) / min(3, len(covs))
    if claim.numbers and best.numbers:
        f["num_best_agree"] = len(claim.numbers & best.numbers) / len(claim.numbers)
        f["num_conflict"] = float(not claim.numbers & set().union(*(sents[i].numbers for i in top)))
    # Copied wording: agree and negated rewrites keep long runs of the article's words.
    near = [i for _, i in covs[:RUN_SENTS]]  # only sentences sharing content words can share a long run
    runs = {i: _run(claim.words, sents[i].words) for i in near}
    n = max(1, len(claim.words))
    f["run_best"] = runs[top[0]] / n
    longest = max(near, key=lambda i: (runs[i], -i))
    f["run_doc"] = runs[longest] / n
    f["run_top_pos"] = longest / max(1, len(sents))
    # How the article speaks overall: an analysis full of allegations and demands discusses.
    f["allege_doc"] = sum(1 for c in cues if "allege" in c) / len(sents)
    f["ask_doc"] = sum(1 for c in cues if "ask" in c) / len(sents)
    f["report_doc"] = sum(1 for c in cues if "report" in c) / len(sents)
    doc_terms = frozenset().union(*(s.terms for s in sents))
    f["best_missing_elsewhere"] = _w((claim.terms - best.terms) & doc_terms) / cw
    f["pred_same_best"] = float(bool(cpol.preds & bpol.preds))
    f["pred_clash_doc"] = float(bool(cpol.preds) and any(_clash(cpol, pol[i])
                                                         for c, i in covs if c >= 0.3))
