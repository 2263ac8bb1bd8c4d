"""Claim identity on pairs that must not merge, and copies that must.

From the shared corpora (Fars News titles and first sentences, Hamshahri / Radio Farda RSS
items), each statement is paired with:
- must not merge: its negated rewrite, its antonym rewrite (rose/fell, confirmed/denied ...),
  its renumbered rewrite (eval/stance_synth.py), and real template pairs: two items of the
  corpus whose words overlap enough to be one claim but whose numbers differ;
- must merge: its copy with ZWNJ stripped and Arabic letters (ي ك), as a relay prints it.
Scored with :func:`rawi.corpus.claims.match_score` on the keys the store builds.
The template-story check of articles (rawi.corpus.templates) is scored on the same
renumbered / antonym rewrites of whole Fars articles.

Usage: python eval/claim_identity.py [--n 600]
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from stance_synth import SHARED, antonym, fars_articles, negate, renumber, renumber_all  # noqa: E402


def statements(n: int) -> list[str]:
    from rawi.normalize import normalize_text
    from rawi.segment import sentences

    out = []
    for a in fars_articles(11):
        out.append(normalize_text(a["title"].strip()))
        body = normalize_text(a["paragraphs"][0])
        s = sentences(body)
        if s:
            out.append(body[s[0][0]:s[0][1]])
        if len(out) >= n:
            break
    for name in ("hamshahri.json", "radiofarda.json"):
        p = SHARED / "sci2lab-farsi-news" / name
        if p.exists():
            rows = json.loads(p.read_text(encoding="utf-8"))
            out += [normalize_text(r.get("title") or "") for r in rows[: n // 2] if r.get("title")]
    return out


def relay_copy(s: str) -> str:
    return s.replace("\u200c", "").replace("ی", "ي").replace("ک", "ك")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=600)
    args = ap.parse_args()
    from rawi.corpus.claims import ClaimKey, match_score
    from rawi.corpus.fold import numbers
    from rawi.corpus.templates import same_story

    sts = statements(args.n)
    keys = [ClaimKey.build(s) for s in sts]
    counts = {k: [0, 0] for k in ("negated", "antonym", "renumbered", "template (corpus)", "relay copy")}
    wrong: list[tuple[str, str, str]] = []
    for s, k in zip(sts, keys):
        if not k.usable:
            continue
        for kind, f in (("negated", negate), ("antonym", antonym), ("renumbered", renumber)):
            r = f(s)
            if not r or r == s:
                continue
            rk = ClaimKey.build(r)
            if not rk.usable:
                continue
            counts[kind][1] += 1
            if match_score(k, rk) is not None:
                counts[kind][0] += 1
                wrong.append((kind, s, r))
        counts["relay copy"][1] += 1
        counts["relay copy"][0] += match_score(k, ClaimKey.build(relay_copy(s))) is not None
    # Real template pairs: statements whose words would match but whose numbers differ.
    without_numbers = {}
    for i, k in enumerate(keys):
        if k.usable and k.numbers:
            without_numbers.setdefault(frozenset(t for t in k.terms if not t.startswith("#")), []).append(i)
    for i, j in itertools.combinations([i for i, k in enumerate(keys) if k.usable and k.numbers], 2):
        a, b = keys[i], keys[j]
        if a.numbers == b.numbers or sts[i] == sts[j]:
            continue
        ta = {t for t in a.terms if not t.startswith("#")}
        tb = {t for t in b.terms if not t.startswith("#")}
        if len(ta & tb) / max(1, min(len(ta), len(tb))) < 0.8:
            continue
        fewer, more = sorted((a.numbers, b.numbers), key=len)
        if not fewer - more:
            continue  # one only drops numbers: may be the same claim
        counts["template (corpus)"][1] += 1
        if match_score(a, b) is not None:
            counts["template (corpus)"][0] += 1
            wrong.append(("template", sts[i], sts[j]))
    print(f"{len(sts)} statements from Fars News, Hamshahri and Radio Farda\n")
    print("claim pairs that must not merge (wrong merges / pairs):")
    for kind in ("negated", "antonym", "renumbered", "template (corpus)"):
        print(f"  {kind:18s} {counts[kind][0]} / {counts[kind][1]}")
    m, t = counts["relay copy"]
    print(f"claim pairs that must merge: relay copy (ZWNJ stripped, Arabic letters) {m} / {t} = {m / max(1, t):.3f}")
    # Articles: template rewrites of whole articles must not be the same story; copies must.
    arts = fars_articles(11)[:200]
    bad = tot = keep = ktot = 0
    for a in arts:
        title, body = a["title"], "\n".join(a["paragraphs"])
        ktot += 1
        keep += same_story(title, body, relay_copy(title), relay_copy(body))
        if len(numbers(title + " " + body)) < 2:
            continue
        new = renumber_all(body)
        alt = antonym(title)
        changed = [(title, new)] + ([(alt, body)] if alt else [])
        for t2, b2 in changed:
            if (t2, b2) == (title, body):
                continue
            tot += 1
            bad += same_story(title, body, t2, b2)
    print(f"\narticles: template rewrites taken as the same story {bad} / {tot}; relay copies kept {keep} / {ktot}")
    for w in wrong[:10]:
        print("  wrong merge:", w)


if __name__ == "__main__":
    main()
