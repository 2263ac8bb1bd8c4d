"""ZWNJ restoration quality: precision / recall / F1 against edited Persian text.

Why: a scraper deletes U+200C; we strip it from text whose ZWNJ is gold (UD-PerDT dev/test,
Hamshahri and Radio Farda RSS leads), run the restorer, and compare only the glued places:
where gold has a ZWNJ, or where the system put one between two letters that touched in the
input. A space turned into ZWNJ is style, not an error, and is not counted. hazm's
Normalizer runs on the same input as the baseline.

Usage:
    python eval/zwnj.py                    # all corpora, rawi and hazm
    python eval/zwnj.py --corpus ud-dev --show 40   # print 40 errors of rawi
"""
from __future__ import annotations

import argparse
import collections
import difflib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rawi.normalize import normalize_text  # noqa: E402
from rawi.normalize.zwnj import restore  # noqa: E402

ZWNJ = "\u200c"
_ARABIC = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_STRAY = re.compile(f"(?<![\u0621-\u06ff]){ZWNJ}+|{ZWNJ}+(?![\u0621-\u06ff])")
CLITICS = {"ای", "ام", "ات", "اش", "اند", "ایم", "اید", "ایی", "است"}
COMPARATIVE = {"تر", "ترین", "تری", "ترها"}


def shared_dir() -> Path:
    env = os.environ.get("RAWI_SHARED_DATA")
    return Path(env) if env else (REPO / ".." / "shared" / "data").resolve()


def load_corpus(name: str) -> list[str]:
    """Gold lines (one sentence or RSS field per line)."""
    d = shared_dir()
    if name.startswith("ud-"):
        split = name[3:]
        return (d / "ud-perdt" / f"fa_perdt-ud-{split}.text.txt").read_text(encoding="utf-8").splitlines()
    fname = {"hamshahri": "hamshahri.json", "radiofarda": "radiofarda.json"}[name]
    lines: list[str] = []
    for rec in json.loads((d / "sci2lab-farsi-news" / fname).read_text(encoding="utf-8")):
        for field in ("title", "summary"):
            lines.extend((rec.get(field) or "").splitlines())
    return lines


_BIDI_ZWNJ = re.compile("(?<=[\u0621-\u06d3])[\u200e\u200f](?=[\u0621-\u06d3])")
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640\u200e\u200f]")


def clean_gold(line: str) -> str:
    """Gold with Arabic yeh/kaf unified, diacritics and tatweel dropped, a bidi mark typed
    between letters read as the ZWNJ the editor meant (Hamshahri: می\u200eشود), and
    ZWNJs that are not between letters dropped."""
    line = _BIDI_ZWNJ.sub(ZWNJ, line.translate(_ARABIC).replace("\u200b", ""))
    line = _MARKS.sub("", line)
    line = re.sub(f"(?<=[اآأإدذرزژوؤءة]){ZWNJ}", "", line)  # invisible after non-joining letters
    return _STRAY.sub("", line)


def stream(s: str) -> tuple[str, set[int], set[int]]:
    """Letters-only stream, ZWNJ positions and whitespace positions (index = chars before)."""
    chars: list[str] = []
    zw: set[int] = set()
    sp: set[int] = set()
    for ch in s:
        if ch == ZWNJ:
            zw.add(len(chars))
        elif ch.isspace():
            sp.add(len(chars))
        else:
            chars.append(ch)
    return "".join(chars), zw, sp


def system_sites(inp: str, out: str) -> set[int]:
    """Positions (in the input stream) where the system put a ZWNJ inside a glued word."""
    si, _, sp_in = stream(inp)
    so, zw_out, _ = stream(out)
    if so != si:  # the system changed letters (hazm: digits, spacing): align the streams
        mapping: dict[int, int] = {}
        sm = difflib.SequenceMatcher(None, so, si, autojunk=False)
        for a, b, n in sm.get_matching_blocks():
            for k in range(n + 1):
                mapping.setdefault(a + k, b + k)
        zw_out = {mapping[p] for p in zw_out if p in mapping}
    return {p for p in zw_out if 0 < p < len(si) and p not in sp_in}


def pattern(si: str, p: int, cuts: list[int]) -> str:
    """Morphological class of a site, from the gold pieces either side of it."""
    import bisect
    k = bisect.bisect_right(cuts, p)
    left = si[(cuts[k - 1] if k and cuts[k - 1] < p else 0):p] if k else si[:p]
    if k and cuts[k - 1] == p:
        left = si[(cuts[k - 2] if k >= 2 else 0):p]
    right = si[p:(cuts[k] if k < len(cuts) else len(si))]
    if right.startswith("ها"):
        return "plural ها/های"
    if left in ("می", "نمی") or left.endswith("می") and len(left) <= 5:
        return "prefix می/نمی"
    if right in CLITICS:
        return "clitic ای/ام/اند/اش"
    if right in COMPARATIVE:
        return "comparative تر/ترین"
    return "compound / other"


class Score:
    def __init__(self) -> None:
        self.tp = collections.Counter()
        self.fp = collections.Counter()
        self.fn = collections.Counter()
        self.errors: list[tuple[str, str, str]] = []
        self.rules: collections.Counter = collections.Counter()

    def add(self, gold: str, inp: str, out: str, keep_errors: bool) -> None:
        si, gz, gsp = stream(gold)
        sys_sites = system_sites(inp, out)
        gz = {p for p in gz if 0 < p < len(si)}
        cuts = sorted(gz | gsp | {p for p in range(1, len(si)) if not si[p].isalpha() or not si[p - 1].isalpha()})
        for p in gz | sys_sites:
            pat = pattern(si, p, cuts)
            if p in gz and p in sys_sites:
                self.tp[pat] += 1
                if keep_errors:
                    self.rules[("TP", explain_word(inp, gold, p).split("[")[-1].split("]")[0])] += 1
            elif p in sys_sites:
                self.fp[pat] += 1
                if keep_errors:
                    self.rules[("FP", explain_word(inp, gold, p).split("[")[-1].split("]")[0])] += 1
                    self.errors.append(("FP", pat, _ctx(si, p) + "   " + explain_word(inp, gold, p)))
            else:
                self.fn[pat] += 1
                if keep_errors:
                    self.errors.append(("FN", pat, _ctx(si, p) + "   " + explain_word(inp, gold, p)))

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def total(self) -> tuple[int, int, int]:
        return sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())


def _ctx(s: str, p: int) -> str:
    a = max(0, p - 12)
    return s[a:p] + "|" + s[p:p + 10]


def explain_word(inp: str, gold: str, p: int) -> str:
    """The rule behind rawi's decision for the input word around stream position ``p``."""
    from rawi.normalize.zwnj import model
    n = 0
    for w in re.finditer(r"\S+", inp):
        tok = w.group(0)
        if n <= p <= n + len(tok):
            for piece in re.findall("[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0]+", tok):
                sp, rule = model().decide(piece)
                return f"{piece} -> {sp} [{rule}] ev={model().ev.get(piece, 0):.2f} z={model().best_z.get(piece, ('', 0))[1]:.2f}"
        n += len(tok)
    return ""


def run_system(fn: Callable[[str], str], lines: Iterable[tuple[str, str]], keep_errors: bool) -> tuple[Score, float]:
    sc = Score()
    t0 = time.perf_counter()
    outs = [(g, i, fn(i)) for g, i in lines]
    dt = time.perf_counter() - t0
    for g, i, o in outs:
        sc.add(g, i, o, keep_errors)
    return sc, dt


def main() -> int:
    ap = argparse.ArgumentParser(description="ZWNJ restoration P/R/F1, rawi vs hazm")
    ap.add_argument("--corpus", action="append", choices=["ud-dev", "ud-test", "hamshahri", "radiofarda"])
    ap.add_argument("--no-hazm", action="store_true")
    ap.add_argument("--full", action="store_true", help="also score rawi's whole normaliser, not just restore()")
    ap.add_argument("--show", type=int, default=0, help="print this many rawi errors per corpus")
    args = ap.parse_args()
    corpora = args.corpus or ["ud-dev", "hamshahri", "ud-test", "radiofarda"]
    if not (shared_dir() / "ud-perdt").exists():
        print(f"shared data not found at {shared_dir()} (set RAWI_SHARED_DATA)", file=sys.stderr)
        return 2
    systems: list[tuple[str, Callable[[str], str]]] = [("rawi restore", restore)]
    if args.full:
        systems.append(("rawi normalize", lambda s: normalize_text(s, digits="keep")))
    if not args.no_hazm:
        try:
            from hazm import Normalizer
            hz = Normalizer()
            systems.append(("hazm Normalizer", hz.normalize))
        except ImportError:
            print("hazm not installed: baseline skipped", file=sys.stderr)

    rows = []
    breakdown = []
    for corpus in corpora:
        gold = [clean_gold(x) for x in load_corpus(corpus) if x.strip()]
        pairs = [(g, g.replace(ZWNJ, "")) for g in gold]
        n_sites = sum(len({p for p in stream(g)[1] if 0 < p}) for g in gold)
        for name, fn in systems:
            sc, dt = run_system(fn, pairs, keep_errors=args.show > 0 and name == "rawi restore")
            tp, fp, fn_ = sc.total()
            p, r, f = Score.prf(tp, fp, fn_)
            rows.append((corpus, name, len(gold), n_sites, tp, fp, fn_, p, r, f))
            for pat in sorted(set(sc.tp) | set(sc.fp) | set(sc.fn)):
                pp, rr, ff = Score.prf(sc.tp[pat], sc.fp[pat], sc.fn[pat])
                breakdown.append((corpus, name, pat, sc.tp[pat], sc.fp[pat], sc.fn[pat], pp, rr, ff))
            if args.show and sc.rules:
                print(f"\n--- {corpus}: sites by rule (TP/FP)")
                for r in sorted({r for _, r in sc.rules}):
                    print(f"{r:30s} TP {sc.rules[('TP', r)]:5d}  FP {sc.rules[('FP', r)]:4d}")
            if args.show and sc.errors:
                print(f"\n--- {corpus}: first {args.show} errors of {name} (context: input letters, | = site)")
                for kind, pat, ctx in sc.errors[: args.show]:
                    print(f"{kind}  {pat:22s} {ctx}")
    print("\n| corpus | system | lines | gold ZWNJ | TP | FP | FN | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for c, n, L, s, tp, fp, fn_, p, r, f in rows:
        print(f"| {c} | {n} | {L} | {s} | {tp} | {fp} | {fn_} | {p:.3f} | {r:.3f} | {f:.3f} |")
    print("\nPer pattern (TP / FP / FN, P R F1):\n")
    print("| corpus | system | pattern | TP | FP | FN | P | R | F1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for c, n, pat, tp, fp, fn_, p, r, f in breakdown:
        print(f"| {c} | {n} | {pat} | {tp} | {fp} | {fn_} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
