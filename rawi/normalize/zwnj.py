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
4. whole verb forms (بماند) and a known word + ezafe ی (انتهای) stay;
5. morphology (data/zwnj_rules.txt): stem + plural/clitic/comparative suffix, می/نمی +
   verb, بی/بین + word, family-name endings, or two known words glued together where one
   is a productive compound member; a joined form that is frequent on its own and never
   written with ZWNJ stays;
6. an unseen word that corpora write as two words (data/zwnj_bigrams.tsv.gz) splits there;
7. else a logistic split-point model (data/zwnj_boundary.tsv.gz: character context and
   whether each side is a known word) may split it when it is at least 90% sure;
8. otherwise the word is left alone.
A ZWNJ is only written after a letter that joins to the left (never after ا د ذ ر ز ژ و):
edited prose never has one there. Then a bare می/نمی before a verb, and a detached ها/های/
ترین/اند, take a ZWNJ in place of the space. Thresholds were set on UD-PerDT dev and
Hamshahri with eval/zwnj.py; data files are built by scripts/build_zwnj.py.
"""
from __future__ import annotations

import gc
import gzip
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from itertools import compress
from typing import Optional

from . import _zwnj_cache as _cache

ZWNJ = "\u200c"
_LETTERS = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0"
_WORD = re.compile(f"[{_LETTERS}][{_LETTERS}{ZWNJ}]*")
_WORD_SPLIT = re.compile(f"([{_LETTERS}][{_LETTERS}{ZWNJ}]*)")
NON_JOINING = frozenset("اآأإٱدذرزژوؤءةۀ")

MAX_WORD = 32  # longer letter runs are not analysed

# Thresholds, chosen on UD-PerDT dev + Hamshahri (eval/zwnj.py), never on test sets.
ALPHA = 2.0          # known ZWNJ spelling must be at least this x the joined spelling
ALPHA_CLEAN = 20.0   # ... and this x when an edited list attests the joined spelling
STEM_MIN = 0.3       # evidence (per million) for a stem to count as a known word
PART_MIN = 2.0       # evidence for each part of an unseen two-word compound
UNKNOWN_MAX = 0.2    # a glued word rarer than this counts as unseen
UNKNOWN_PLURAL = True  # plural ها/های after an unseen stem of 3+ letters
PREFIX_STEM_MIN = 3.0  # بی + a word at least this common (per million)
COMMON_MIN = 300.0   # ... or both parts this common (per million): دفاع + پرس
BOUNDARY_MIN = 0.9   # probability the learned model needs to split an unseen word
PAIR_MIN = 2         # an unseen glued word splits where corpora wrote the pair apart this often
HEAD_MIN = 10        # a bound head (‌زدایی، ‌گزینی) must head this many lexicon compounds
PRODUCTIVE_MIN = 5   # a compound member must head/start this many lexicon compounds
# A joined form this frequent with no ZWNJ spelling anywhere is a word of its own.
SEEN_JOINED = {"plural": 5.0, "prefix می": 1e9, "*": 0.5}
# ... unless its ZWNJ spelling reaches this share of the joined one (default: the majority;
# comparatives are productive: مهم‌ترین wins even where مهمترین is more frequent on the web).
GUARD_RATIO = {"comparative": 0.2, "plural": 1e-9}


def joins(ch: str) -> bool:
    """True when ``ch`` connects to the next letter, i.e. a ZWNJ after it is visible."""
    return ch not in NON_JOINING


def _read_gz(name: str) -> str:
    """The whole text of a shipped gzip data file (one read, one decode)."""
    data = resources.files("rawi.normalize") / "data" / name
    with data.open("rb") as raw:
        return gzip.decompress(raw.read()).decode("utf-8")


def _strip_comments(text: str) -> str:
    """``text`` without its leading ``#`` comment lines."""
    while text.startswith("#"):
        text = text.partition("\n")[2]
    return text


def _sections(text: str) -> dict[str, str]:
    """Split a data file into its ``#@ name`` sections (name -> body of the section)."""
    out: dict[str, str] = {}
    for part in text.split("\n#@ ")[1:]:
        head, _, body = part.partition("\n")
        out[head.split(":")[0].strip()] = body
    return out


class _Model:
    """The shipped lexicon and rules, loaded once."""

    def __init__(self) -> None:
        # ~1M small atomic objects are created below: cyclic-GC passes over them find nothing
        # and cost ~15% of the load, so collection is paused while loading (and restored).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            state = _cache.load()
            if state is not None:
                self.__dict__.update(state)
                self._compile()
            else:
                self._load()
                _cache.save({k: v for k, v in self.__dict__.items() if k not in _NOT_CACHED})
        finally:
            if was_enabled:
                gc.enable()

    def _compile(self) -> None:
        """What the cache cannot hold: compiled patterns (derived from the loaded rules)."""
        # a detached ها/های/ترین/اند after a word: its space becomes a ZWNJ
        # " (?<=([L]) )" is "(?<=([L])) " with the space first (same span and groups): the
        # regex engine skips to spaces instead of trying the look-behind at every offset.
        self.apart = re.compile(f" (?<=([{_LETTERS}]) )({'|'.join(self.standalone)})(?![{_LETTERS}{ZWNJ}])")

    def _load(self) -> None:
        self.ev: dict[str, float] = {}
        self.clean: set[str] = set()
        self.adj: set[str] = set()
        self.plain_verbs: set[str] = set()
        self.best_z: dict[str, tuple[str, float]] = {}
        self.rules = _read_rules()
        self.keep = set(self.rules.get("keep_joined", []))
        self.verbs: set[str] = set()
        self._load_forms()
        # how many known ZWNJ spellings end with / start with each piece (C-level counting)
        zs = [z for z, _e in self.best_z.values()]
        self.heads: dict[str, int] = dict(Counter([z.rsplit(ZWNJ, 1)[1] for z in zs]))
        self.firsts: dict[str, int] = dict(Counter([z.split(ZWNJ, 1)[0] for z in zs]))
        self._load_verbs()
        self.pairs: dict[str, tuple[str, int]] = {}
        self._load_pairs()
        self.boundary: dict[str, float] = {}
        self._load_boundary()
        self.verbs.update(self.rules.get("bare_stem_after_mi", []))
        suf = lambda k: sorted(self.rules.get(k, []), key=len, reverse=True)  # noqa: E731
        self.plural = suf("plural")
        self.clitic_he = suf("clitic_after_he")
        self.clitic_ye = suf("clitic_after_ye")
        self.comparative = suf("comparative")
        self.joined_suffix = suf("joined_suffix")
        self.verb_prefix = suf("verb_prefix")
        self.preverb = suf("preverb")
        self.prefix = suf("prefix")
        self.standalone = suf("standalone")
        self._compile()
        self.name_suffix = suf("name_suffix_after_ye")
        self.short_firsts = set(self.rules.get("short_first_part", []))
        # inflectional pieces are never the second word of a compound
        self.suffixes = set(self.plural + self.clitic_he + self.clitic_ye + self.comparative + self.joined_suffix)

    def _load_forms(self) -> None:
        """Spelling evidence, in sections the build resolved so loading is bulk C-level work.

        ``#@ plain``: joined spelling, evidence, flags (bit 1: attested in an edited list,
        bit 2: adjective); ``#@ zwnj``: the best ZWNJ spelling of each joined key (only ZWNJs
        after joining letters) + evidence. Tokens hold no whitespace.
        """
        sec = _sections(_read_gz("zwnj_forms.tsv.gz"))
        toks = sec["plain"].split()
        forms, flags = toks[0::3], toks[2::3]
        self.ev.update(zip(forms, map(float, toks[1::3])))
        self.clean.update(compress(forms, map({"1", "3"}.__contains__, flags)))
        self.adj.update(compress(forms, map({"2", "3"}.__contains__, flags)))
        toks = sec["zwnj"].split()
        keys = sec["zwnj"].replace(ZWNJ, "").split()[0::2]
        self.best_z.update(zip(keys, zip(toks[0::2], map(float, toks[1::2]))))

    def _load_pairs(self) -> None:
        """Word pairs corpora write apart: an unseen glued pair splits where they did.

        One line per glued key (first<TAB>second<TAB>count), duplicates resolved at build time.
        """
        toks = _strip_comments(_read_gz("zwnj_bigrams.tsv.gz")).split()
        a, b = toks[0::3], toks[1::3]
        joined = map(ZWNJ.join, zip(a, b))
        self.pairs.update(zip(map(str.__add__, a, b), zip(joined, map(int, toks[2::3]))))

    def _load_boundary(self) -> None:
        """Weights of the logistic boundary model (feature<TAB>weight), if built."""
        data = resources.files("rawi.normalize") / "data" / "zwnj_boundary.tsv.gz"
        if not data.is_file():
            return
        toks = _strip_comments(_read_gz("zwnj_boundary.tsv.gz")).split()
        self.boundary.update(zip(toks[0::2], map(float, toks[1::2])))

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
                # subjunctive/imperative ب- forms (بیاورد = ب + آور + د): words of their own
                b = "بی" + pres[1:] if pres[0] == "آ" else "ب" + pres
                for e in ("", "م", "ی", "د", "یم", "ید", "ند"):
                    self.plain_verbs.add(b + (glide if e else "") + e)

    # -- evidence -------------------------------------------------------------------
    def known(self, w: str, floor: float = STEM_MIN) -> bool:
        return self.ev.get(w, 0.0) >= floor or w in self.clean

    # -- the decision -----------------------------------------------------------------
    def piece(self, g: str) -> str:
        return self.decide(g)[0]

    def decide(self, g: str) -> tuple[str, str]:
        """Spelling of one glued run ``g`` (no ZWNJ inside) and the rule that chose it."""
        if len(g) < 3 or g in self.keep:
            return g, "keep"
        if len(g) > MAX_WORD:
            return g, "too long"  # not a word (a run of letters, a URL slug): leave it
        eg = self.ev.get(g, 0.0)
        z = self.best_z.get(g)
        if g in self.clean:
            if z is not None and z[1] >= ALPHA_CLEAN * max(eg, 1e-9):
                return z[0], "lexicon over edited joined"
            return g, "edited joined"
        if z is not None and z[1] >= ALPHA * eg:
            return z[0], "lexicon"
        if g in self.verbs or g in self.plain_verbs:
            return g, "verb form"  # گریاند، بماند: a whole verb, not stem + clitic
        if g[-1] == "ی" and g[-2] in "او" and (g[:-1] in self.clean or g[:-1] in self.keep):
            return g, "ezafe after vowel"  # انتهای، سخنگوی: a known word + ی
        m = self.morph(g, depth=0)
        if m is not None:
            sp, rule = m
            # seen joined often and never with a ZWNJ: a word of its own (دنیای، توییتری)
            if eg >= SEEN_JOINED.get(rule, SEEN_JOINED["*"]) and (
                    z is None or z[1] < GUARD_RATIO.get(rule, 1.0) * eg):
                return g, "seen joined"
            return sp, rule
        if eg < UNKNOWN_MAX:
            pair = self.pairs.get(g)
            if pair is not None and pair[1] >= PAIR_MIN:
                return pair[0], "pair written apart"
            if self.boundary and len(g) >= 5:
                sp = self.learned_split(g)
                if sp is not None:
                    return sp, "learned boundary"
        return g, "unknown"

    # -- learned boundary model (rules ran out) -------------------------------------------
    def is_known(self, w: str) -> bool:
        return w in self.clean or self.ev.get(w, 0.0) >= 1.0 or w in self.best_z

    def boundary_features(self, g: str, i: int) -> list[str]:
        """Features of a candidate ZWNJ between g[:i] and g[i:] (shared with the trainer)."""
        left, right = g[:i], g[i:]
        lk, rk = self.is_known(left), self.is_known(right)
        return [
            "b", f"l1={left[-1:]}", f"l2={left[-2:]}", f"l3={left[-3:]}", f"l4={left[-4:]}",
            f"r1={right[:1]}", f"r2={right[:2]}", f"r3={right[:3]}", f"r4={right[:4]}",
            f"l2r2={left[-2:]}|{right[:2]}", f"l1r1={left[-1:]}|{right[:1]}",
            f"lk={lk}", f"rk={rk}", f"bk={lk and rk}", f"ll={min(len(left), 6)}", f"rl={min(len(right), 6)}",
            f"rw={right if len(right) <= 5 else ''}", f"lw={left if len(left) <= 5 else ''}",
        ]

    def boundary_candidates(self, g: str) -> list[int]:
        """Split points the model may choose: after a joining letter, a first part of 3+
        letters (short ones are mostly the start of names: میرسلیم), never می/نمی (rules
        own the verb prefix) and never before a possessive clitic (edited prose joins those)."""
        out = []
        for i in range(3, len(g) - 1):
            if not joins(g[i - 1]) or g[:i] in ("نمی",):
                continue
            if g[i:] in ("تان", "مان", "شان", "ش", "م", "ت", "ی", "ان"):
                continue
            out.append(i)
        return out

    def learned_split(self, g: str) -> Optional[str]:
        best_p, best_i = 0.0, -1
        for i in self.boundary_candidates(g):
            z = sum(self.boundary.get(f, 0.0) for f in self.boundary_features(g, i))
            p = 1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0
            if p > best_p:
                best_p, best_i = p, i
        if best_p < BOUNDARY_MIN:
            return None
        parts = []
        for part in (g[:best_i], g[best_i:]):  # each side may itself be glued (عفونی + کننده‌ای)
            sp, rule = self.decide(part)
            parts.append(sp if rule in _SAFE_IN_PIECES or rule == "learned boundary" else part)
        return ZWNJ.join(parts)

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
            m = self.morph(s, depth + 1)
            if m and m[1] not in ("prefix بی", "two words", "plural of unseen stem", "name suffix"):
                return m[0]
        return None

    def weight(self, spelled: str) -> float:
        return self.ev.get(spelled, 0.0) + (self.best_z.get(spelled.replace(ZWNJ, ""), ("", 0.0))[1] if ZWNJ in spelled else 0.0)

    def morph(self, g: str, depth: int) -> Optional[tuple[str, str]]:
        """Best morphological analysis of ``g`` as (spelling, rule), or None."""
        # می / نمی + verb, optionally after a bound preverb (برمی‌گردد)
        for pv in [""] + self.preverb:
            if not g.startswith(pv):
                continue
            rest = g[len(pv):]
            for pre in self.verb_prefix:
                if rest.startswith(pre) and len(rest) > len(pre) + 1 and rest[len(pre):] in self.verbs:
                    return pv + pre + ZWNJ + rest[len(pre):], "prefix می"
        cands: list[tuple[float, str, str]] = []
        for suf in self.plural:  # stem + plural (ها family)
            if g.endswith(suf) and len(g) > len(suf) + 1:
                st = self.stem(g[: -len(suf)], depth)
                if st is not None:
                    cands.append((self.weight(st), st + (ZWNJ if joins(st[-1]) else "") + suf, "plural"))
                elif (UNKNOWN_PLURAL and depth == 0 and len(g) - len(suf) >= 3 and joins(g[-len(suf) - 1])
                      and self.ev.get(g, 0.0) < UNKNOWN_MAX and suf in ("ها", "های", "هایی")):
                    # an unseen stem (a loanword, a name) + plural: still a plural
                    cands.append((0.0, g[: -len(suf)] + ZWNJ + suf, "plural of unseen stem"))
        for suf in self.clitic_he:  # participle / noun in silent ه + enclitic (رفته‌اند، خانه‌ای)
            if g.endswith(suf) and len(g) > len(suf) + 2 and g[-len(suf) - 1] == "ه":
                st = self.stem(g[: -len(suf)], depth)
                if st is not None:
                    cands.append((self.weight(st), st + ZWNJ + suf, "clitic after ه"))
        for suf in self.clitic_ye:  # زندگی‌اش، علمی‌ای
            if g.endswith(suf) and len(g) > len(suf) + 2 and g[-len(suf) - 1] == "ی":
                base = g[: -len(suf)]
                st = self.stem(base, depth)
                if st is not None and (self.known(base, STEM_MIN * 3) or ZWNJ in st):
                    cands.append((self.weight(st), st + ZWNJ + suf, "clitic after ی"))
        for suf in self.comparative:  # بزرگ‌تر، مهم‌ترین، هیجان‌انگیزترین
            if g.endswith(suf) and len(g) > len(suf) + 1:
                base = g[: -len(suf)]
                if not joins(base[-1]):
                    continue
                if base in self.adj or (base[-1] == "ی" and base in self.clean and len(base) >= 4):
                    # a listed adjective, or a relational adjective in ‌ی (منطقی‌تر، جنجالی‌ترین)
                    cands.append((self.weight(base), base + ZWNJ + suf, "comparative"))
                else:
                    st = self.stem(base, depth)
                    if st is not None and ZWNJ in st and st.replace(ZWNJ, "") in self.best_z:
                        # a listed ZWNJ compound: دوست‌داشتنی‌ترین، هیجان‌انگیزترین
                        cands.append((self.weight(st), st + ZWNJ + suf, "comparative"))
        if g.endswith("اند") and len(g) >= 6 and joins(g[-4]) and self.ev.get(g, 0.0) < UNKNOWN_MAX:
            base = g[:-3]  # adjective + copula: نگران‌اند، فعال‌اند، تعطیل‌اند
            if base in self.adj and base in self.clean and g not in self.verbs:
                cands.append((self.weight(base), base + ZWNJ + "اند", "adjective + اند"))
        for suf in self.name_suffix:  # family names: رضایی‌نژاد، قلی‌زاده
            if g.endswith(suf) and len(g) > len(suf) + 2 and g[-len(suf) - 1] == "ی" and self.ev.get(g, 0.0) < UNKNOWN_MAX:
                cands.append((0.0, g[: -len(suf)] + ZWNJ + suf, "name suffix"))
        if cands:
            best = max(cands)
            return best[1], best[2]
        for pre in self.prefix:  # بی‌طرف
            if g.startswith(pre) and len(g) > len(pre) + 2:
                rest = g[len(pre):]
                if rest in self.plain_verbs or self.ev.get(g, 0.0) >= UNKNOWN_MAX:
                    continue  # بیاورد is a verb; a seen بیX is a word of its own
                st = self.stem(rest, depth)
                if st is not None and (self.known(rest, PREFIX_STEM_MIN) or ZWNJ in st):
                    return pre + ZWNJ + st, "prefix بی"
        # X + joined suffix, when X itself is a ZWNJ compound (شبه‌نظامی + ان)
        for suf in self.joined_suffix:
            if g.endswith(suf) and len(g) > len(suf) + 3 and depth < 2:
                st = self.stem(g[: -len(suf)], depth + 1)
                if st is not None and ZWNJ in st:
                    return st + suf, "compound + joined suffix"
        # two known words glued together, the whole never seen
        if depth == 0 and self.ev.get(g, 0.0) < UNKNOWN_MAX:
            c = self.compound(g)
            if c:
                return c, "two words"
        return None

    def compound(self, g: str) -> Optional[str]:
        """Split an unseen ``g`` into two known words where at least one of them is a
        productive compound member (a head such as ‌شده، ‌کننده، ‌سازی or a first element
        such as نیمه‌، شبه‌) in the lexicon's ZWNJ compounds."""
        best: Optional[tuple[float, str]] = None
        for i in range(2, len(g) - 2):
            a, b = g[:i], g[i:]
            if not joins(a[-1]) or len(b) < 3:
                continue
            if len(a) < 3 and a[-1] != "ه" and a not in self.short_firsts:
                continue  # two-letter first parts (آن، دی، مس) are mostly parts of names
            if b[0] in "اآ" and a[-1] not in "هی":
                continue  # a vowel-initial second part after a consonant: عرب+انی, یون+اتان
            ea, eb = self.ev.get(a, 0.0), self.ev.get(b, 0.0)
            if a not in self.clean or ea < PART_MIN:
                continue
            # the second part: a listed word, or a head of many lexicon compounds (‌زدایی، ‌وار)
            if not ((b in self.clean and eb >= PART_MIN) or
                    (self.heads.get(b, 0) >= HEAD_MIN and eb >= PART_MIN and b not in self.suffixes)):
                continue
            prod = self.heads.get(b, 0) + self.firsts.get(a, 0)
            if prod < PRODUCTIVE_MIN and (min(ea, eb) < COMMON_MIN or len(a) < 3):
                continue  # neither a productive member nor two common words
            if best is None or prod > best[0]:
                best = (prod, a + ZWNJ + b)
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


_NOT_CACHED = {"apart"}
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
    # The writer already put some ZWNJs: pieces between them are parts of a word, so only
    # the lexicon and inflection may split them further (no guessing from unseen compounds).
    out = []
    for p in word.split(ZWNJ):
        sp, rule = m.decide(p) if p else (p, "")
        out.append(sp if rule in _SAFE_IN_PIECES else p)
    return ZWNJ.join(out)


_SAFE_IN_PIECES = {"lexicon", "lexicon over edited joined", "plural", "prefix می", "clitic after ه",
                   "clitic after ی", "comparative", "compound + joined suffix"}


# Same matches as "(?<![L‌])(ن?می) (?=([L]+))", written to start with a letter (the word-start
# check right after it) so the regex engine skips ahead instead of trying every offset.
_MI_SPACE = re.compile(f"((?:ن(?<![{_LETTERS}{ZWNJ}].)م|م(?<![{_LETTERS}{ZWNJ}].))ی) (?=([{_LETTERS}]+))")


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
    # split keeps the words at odd indexes; each distinct word is decided once
    parts = _WORD_SPLIT.split(text)
    words = parts[1::2]
    if not words:
        return text
    spelled = {w: restore_word(w) for w in set(words)}
    parts[1::2] = [spelled[w] for w in words]
    out = "".join(parts)
    if " " in out:
        out = _MI_SPACE.sub(_mi_space, out)
        out = model().apart.sub(_apart, out)
    return out
