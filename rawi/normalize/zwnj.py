"""ZWNJ restoration: put back the zero-width non-joiners (U+200C) a scraper deleted.

Contract: ``restore(text) -> str`` returns ``text`` with U+200C inserted inside glued
words, or with a space replaced by U+200C ("می شود" -> "می‌شود"); nothing else changes,
so the offset map of :mod:`rawi.normalize` can follow with insertions only.

How a glued word (a run of Persian letters) is decided, in order:
1. conventionally joined words (``[keep_joined]`` in data/zwnj_rules.txt) stay;
2. a word that edited frequency lists attest joined stays, unless its ZWNJ spelling is
   far more frequent;
3. a known ZWNJ spelling (lexicons + corpora, data/zwnj_forms.tsv.gz) that is at least as
   frequent as the joined spelling wins;
4. morphology: stem + plural/clitic/comparative suffix, می/نمی + verb, بی + word,
   or two known words glued together, where every part is a known word;
5. otherwise the word is left alone.
A ZWNJ is only written after a letter that joins to the left (never after ا د ذ ر ز ژ و).
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources
from typing import Optional

ZWNJ = "\u200c"
_LETTERS = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0"
_WORD = re.compile(f"[{_LETTERS}][{_LETTERS}{ZWNJ}]*")
NON_JOINING = frozenset("اآأإٱدذرزژوؤءةۀ")

# Thresholds, chosen on UD-PerDT dev + Hamshahri (eval/zwnj.py), never on test sets.
ALPHA = 1.0          # known ZWNJ spelling must be at least this x the joined spelling
ALPHA_CLEAN = 20.0   # ... and this x when an edited list attests the joined spelling
STEM_MIN = 0.3       # evidence (per million) for a stem to count as a known word
PART_MIN = 2.0       # evidence for each part of an unseen two-word compound
UNKNOWN_MAX = 0.2    # a glued word rarer than this counts as unseen


def joins(ch: str) -> bool:
    """True when ``ch`` connects to the next letter, i.e. a ZWNJ after it is visible."""
    return ch not in NON_JOINING


class _Model:
    """The shipped lexicon and rules, loaded once."""

    def __init__(self) -> None:
        self.ev: dict[str, float] = {}
        self.clean: set[str] = set()
        self.best_z: dict[str, tuple[str, float]] = {}
        self.rules = _read_rules()
        self.keep = set(self.rules.get("keep_joined", []))
        self.verbs: set[str] = set()
        self._load_forms()
        self._load_verbs()
        suf = lambda k: sorted(self.rules.get(k, []), key=len, reverse=True)  # noqa: E731
        self.plural = suf("plural")
        self.clitic_he = suf("clitic_after_he")
        self.clitic_ye = suf("clitic_after_ye")
        self.comparative = suf("comparative")
        self.joined_suffix = suf("joined_suffix")
        self.verb_prefix = suf("verb_prefix")
        self.preverb = suf("preverb")
        self.prefix = suf("prefix")
        self.standalone = set(self.rules.get("standalone", []))

    def _load_forms(self) -> None:
        data = resources.files("rawi.normalize") / "data" / "zwnj_forms.tsv.gz"
        with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                form, ev, clean = line.rstrip("\n").split("\t")
                e = float(ev)
                if ZWNJ in form:
                    if not all(joins(form[i - 1]) for i, c in enumerate(form) if c == ZWNJ):
                        continue  # a ZWNJ after a non-joining letter is never edited style
                    key = form.replace(ZWNJ, "")
                    old = self.best_z.get(key)
                    if old is None or e > old[1]:
                        self.best_z[key] = (form, e)
                else:
                    self.ev[form] = e
                    if clean == "1":
                        self.clean.add(form)

    def _load_verbs(self) -> None:
        """Finite present/past forms of every stem: what may follow می/نمی."""
        data = resources.files("rawi.normalize") / "data" / "verb_stems.tsv.gz"
        with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or "\t" not in line:
                    continue
                past, pres = line.rstrip("\n").split("\t")
                for e in ("م", "ی", "", "یم", "ید", "ند"):
                    self.verbs.add(past + e)
                glide = "ی" if pres[-1] in "اوآ" else ""
                for e in ("م", "ی", "د", "یم", "ید", "ند"):
                    self.verbs.add(pres + glide + e)
                if pres[-1] in "اوآ":  # می‌گوید but also می‌رود/می‌زاید variants without glide
                    for e in ("م", "د", "یم", "ید", "ند"):
                        self.verbs.add(pres + e)

    # -- evidence -------------------------------------------------------------------
    def known(self, w: str, floor: float = STEM_MIN) -> bool:
        return self.ev.get(w, 0.0) >= floor or w in self.clean

    # -- the decision -----------------------------------------------------------------
    def piece(self, g: str) -> str:
        """Spelling of one glued run ``g`` (no ZWNJ inside)."""
        if len(g) < 3 or g in self.keep:
            return g
        eg = self.ev.get(g, 0.0)
        z = self.best_z.get(g)
        if g in self.clean:
            if z is not None and z[1] >= ALPHA_CLEAN * max(eg, 1e-9):
                return z[0]
            return g
        if z is not None and z[1] >= ALPHA * eg:
            return z[0]
        m = self.morph(g, depth=0)
        if m is not None:
            return m
        return g

    def stem(self, s: str, depth: int) -> Optional[str]:
        """Spelling of ``s`` if it is a known word (possibly a ZWNJ compound), else None."""
        if len(s) < 2:
            return None
        if s in self.clean or s in self.keep:
            return s
        z = self.best_z.get(s)
        es = self.ev.get(s, 0.0)
        if z is not None and z[1] >= ALPHA * es and z[1] >= STEM_MIN * 0.5:
            return z[0]
        if es >= STEM_MIN:
            return s
        if depth < 2:
            return self.morph(s, depth + 1)
        return None

    def morph(self, g: str, depth: int) -> Optional[str]:
        # stem + plural (ها family)
        for suf in self.plural:
            if g.endswith(suf) and len(g) > len(suf) + 1:
                st = self.stem(g[: -len(suf)], depth)
                if st is not None:
                    return st + (ZWNJ if joins(st[-1]) else "") + suf
        # می / نمی + verb, optionally after a bound preverb (برمی‌گردد)
        for pv in [""] + self.preverb:
            if not g.startswith(pv):
                continue
            rest = g[len(pv):]
            for pre in self.verb_prefix:
                if rest.startswith(pre) and rest[len(pre):] in self.verbs and len(rest) > len(pre) + 1:
                    return pv + pre + ZWNJ + rest[len(pre):]
        # participle / noun in silent ه + enclitic (رفته‌اند، خانه‌ای)
        for suf in self.clitic_he:
            if g.endswith(suf) and len(g) > len(suf) + 2 and g[-len(suf) - 1] == "ه":
                st = self.stem(g[: -len(suf)], depth)
                if st is not None:
                    return st + ZWNJ + suf
        for suf in self.clitic_ye:
            if g.endswith(suf) and len(g) > len(suf) + 2 and g[-len(suf) - 1] == "ی":
                base = g[: -len(suf)]
                # گرایش‌ها like "سیاسیای" only when the stem is a known word ending in ی
                st = self.stem(base, depth)
                if st is not None and base[:-1] and self.known(base, STEM_MIN * 3):
                    return st + ZWNJ + suf
        for suf in self.comparative:
            if g.endswith(suf) and len(g) > len(suf) + 1:
                base = g[: -len(suf)]
                if joins(base[-1]) and self.known(base, STEM_MIN * 3):
                    st = self.stem(base, depth) or base
                    return st + ZWNJ + suf
        for pre in self.prefix:
            if g.startswith(pre) and len(g) > len(pre) + 2:
                rest = g[len(pre):]
                st = self.stem(rest, depth)
                if st is not None and self.known(rest.replace(ZWNJ, ""), STEM_MIN * 3) or (st and ZWNJ in st):
                    return pre + ZWNJ + st
        # X + joined suffix, when X itself is a ZWNJ compound (شبه‌نظامی + ان)
        for suf in self.joined_suffix:
            if g.endswith(suf) and len(g) > len(suf) + 3:
                base = g[: -len(suf)]
                st = self.stem(base, depth + 1) if depth < 2 else None
                if st is not None and ZWNJ in st:
                    return st + suf
        # two known words glued together, the whole never seen
        if depth == 0 and self.ev.get(g, 0.0) < UNKNOWN_MAX:
            return self.compound(g)
        return None

    def compound(self, g: str) -> Optional[str]:
        best: Optional[tuple[float, str]] = None
        for i in range(2, len(g) - 1):
            a, b = g[:i], g[i:]
            if not joins(a[-1]):
                continue
            ea, eb = self.ev.get(a, 0.0), self.ev.get(b, 0.0)
            if len(b) < 3 or len(a) < 2:
                continue
            if ea >= PART_MIN and eb >= PART_MIN and a in self.clean and b in self.clean:
                score = min(ea, eb)
                if best is None or score > best[0]:
                    best = (score, a + ZWNJ + b)
        return best[1] if best else None


def _read_rules() -> dict[str, list[str]]:
    text = (resources.files("rawi.normalize") / "data" / "zwnj_rules.txt").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    cur = None
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            cur = line[1:-1]
            out.setdefault(cur, [])
        elif cur is not None:
            out[cur].append(line.split()[0])
    return out


_MODEL: Optional[_Model] = None


def model() -> _Model:
    global _MODEL
    if _MODEL is None:
        _MODEL = _Model()
    return _MODEL


@lru_cache(maxsize=200_000)
def restore_word(word: str) -> str:
    """Restore one word (a run of Persian letters, possibly with some ZWNJ already)."""
    m = model()
    if ZWNJ not in word:
        return m.piece(word)
    return ZWNJ.join(m.piece(p) if p else p for p in word.split(ZWNJ))


_MI_SPACE = re.compile(f"(?<![{_LETTERS}{ZWNJ}])(ن?می) (?=([{_LETTERS}]+))")
_APART = re.compile(f"(?<=([{_LETTERS}])) (ها|های|هایی|هایش|هایشان|ترین|اند)(?![{_LETTERS}{ZWNJ}])")


def _mi_space(mt: re.Match) -> str:
    verb = mt.group(2)
    if verb in model().verbs:
        return mt.group(1) + ZWNJ
    return mt.group(0)


def _apart(mt: re.Match) -> str:
    prev = mt.group(1)
    if mt.group(2) == "اند" and prev != "ه":
        return mt.group(0)
    return ZWNJ + mt.group(2)


def restore(text: str) -> str:
    """Insert the ZWNJs a scraper removed; see the module docstring for the rules."""
    if not text:
        return text
    out = _WORD.sub(lambda mt: restore_word(mt.group(0)), text)
    if " " in out:
        out = _MI_SPACE.sub(_mi_space, out)
        out = _APART.sub(_apart, out)
    return out
