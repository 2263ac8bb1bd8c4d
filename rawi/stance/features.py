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
        pols = [polarity_of_words(sents[i].words) for i in top]
        f["best_neg"] = float(pols[0].negated)
        f["neg_mismatch_best"] = float(pols[0].negated != cpol.negated)
        f["neg_mismatch_top"] = float(all(p.negated != cpol.negated for p in pols))
        f["pred_clash_best"] = float(_clash(cpol, pols[0]))
        f["pred_clash_top"] = float(any(_clash(cpol, p) for p in pols))
        f["mod_mismatch"] = float(cpol.modality != pols[0].modality)
        f["denial_top"] = float(any(("confirm", "-") in p.preds for p in pols))
        related = [polarity_of_words(s.words).negated for s in sents if _w(claim.terms & s.terms) / cw >= 0.3]
        f["neg_doc_share"] = sum(related) / len(related) if related else 0.0
    _more(f, claim, sents, covs, top, cw, doc_terms)
    keep = [i for c, i in covs[:2] if c > 0 and c >= 0.6 * covs[0][0]]
    return PairFeatures(np.array([f[n] for n in NAMES], dtype=np.float64), keep)


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
