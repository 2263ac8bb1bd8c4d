"""Claim tracking measured on relayed copies of real articles (Fars News, ../shared/data/farsnews-course).

Each of N originals (distinct stories, as in eval/dedup.py) is relayed once by another outlet
with the edits relays make: ZWNJ stripped or spaced, Arabic letter variants, a byline, paragraphs
shuffled or one dropped. All 2N articles go through the full analyser and the store.

Figures:
- analyser agreement: share of original attributions whose content (folded) reappears as an
  attribution content in the relay (what the analyser lets claim tracking see);
- recall: share of trackable original attributions (content usable as a claim) whose claim id
  reappears in the relay's attributions;
- precision: among cross-article attribution pairs put in one claim, the share whose articles
  tell the same story (original and its relay). Two different stories sharing a claim are
  counted as errors, although a few may be real repetitions (e.g. a stock phrase of one official).

Usage: python eval/claims.py [--n 80] [--seed 11] [--cache FILE]

``--cache FILE`` keeps the analyses (JSONL) so that a matcher change is measured again in
seconds: the store is rebuilt from them, the analyser is not run.
"""
from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from dedup import SHARED, edit, load  # noqa: E402  (same originals and edits as the dedup eval)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=80)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--cache", type=Path, help="JSONL of the analyses: read when present, else written")
    args = ap.parse_args()
    if not (SHARED / "farsnews-course").exists():
        sys.exit(f"needs {SHARED / 'farsnews-course'}")
    import sqlalchemy as sa

    import rawi
    from rawi.corpus.claims import ClaimKey
    from rawi.corpus.fold import fold
    from rawi.corpus.store import Store, attributions
    from rawi.schema import Analysis

    cached = None
    if args.cache and args.cache.exists():
        cached = [Analysis.model_validate_json(line) for line in args.cache.read_text(encoding="utf-8").splitlines()]
    made = []

    rng = random.Random(args.seed)
    originals = load(args.n, args.seed)
    with tempfile.TemporaryDirectory() as d:
        store = Store(f"sqlite:///{d}/claims.db")
        story: dict[int, int] = {}
        t0 = time.perf_counter()
        for g, doc in enumerate(originals):
            copy, _ops = edit(doc, rng)
            for k, (parts, outlet) in enumerate(((doc, "origin"), (copy, "relay"))):
                if cached is not None:
                    a = cached[2 * g + k]
                else:
                    a = rawi.analyze("\n".join(parts[1:]), title=parts[0], outlet=outlet, url=f"https://{outlet}.example/{g}",
                                     published=f"2024-01-{1 + k:02d}")
                    made.append(a.model_dump_json())
                story[store.add_analysis(a)] = g
        secs = time.perf_counter() - t0
        if args.cache and cached is None:
            args.cache.write_text("\n".join(made) + "\n", encoding="utf-8")
        with store.engine.connect() as c:
            rows = c.execute(sa.select(attributions.c.article_id, attributions.c.content, attributions.c.claim_id)).all()
        store.close()
    by_article: dict[int, list] = {}
    for r in rows:
        by_article.setdefault(r.article_id, []).append(r)
    pairs = {}
    for aid, g in story.items():
        pairs.setdefault(g, []).append(aid)
    agree = total = track = trackable = 0
    for g, (orig, relay) in pairs.items():
        relay_contents = {fold(r.content) for r in by_article.get(relay, [])}
        relay_claims = {r.claim_id for r in by_article.get(relay, []) if r.claim_id is not None}
        for r in by_article.get(orig, []):
            total += 1
            agree += fold(r.content) in relay_contents
            if r.claim_id is not None and ClaimKey.build(r.content).usable:
                trackable += 1
                track += r.claim_id in relay_claims
    members: dict[int, list] = {}
    for r in rows:
        if r.claim_id is not None:
            members.setdefault(r.claim_id, []).append(r.article_id)
    same = diff = 0
    for arts in members.values():
        for x, y in itertools.combinations(arts, 2):
            if x == y:
                continue
            if story[x] == story[y]:
                same += 1
            else:
                diff += 1
    print(f"set: {len(originals)} originals + {len(originals)} relays, {len(rows)} attributions, "
          f"analysed and stored at {2 * len(originals) / secs:.1f} articles/s (seed {args.seed})\n")
    print(f"analyser agreement (original content found in relay): {agree / max(1, total):.3f}  ({agree}/{total})")
    print(f"claim recall (trackable original claims found in relay): {track / max(1, trackable):.3f}  ({track}/{trackable})")
    print(f"claim precision (cross-article pairs within one story):   {same / max(1, same + diff):.3f}  ({same}/{same + diff})")


if __name__ == "__main__":
    main()
