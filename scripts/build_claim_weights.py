"""Build rawi/corpus/data/term_weights.tsv: how much a shared claim term counts, from word frequency.

Why: two unrelated claims often share common words ("هنوز مشخص نشده", "توسعه استان");
a shared rare word (a name, a place, "الصناعه") is evidence, a shared common one is not.
The weight of a claim term (a folded word truncated to rawi.corpus.fold.STEM_LEN letters) is
    w = clip((-log10(f) - 2) / 4, 0.05, 1)
where f sums the frequencies of the words that fold to it: f=1e-2 -> 0.05, 1e-4 -> 0.5, <=1e-6 -> 1.
Terms absent from the list weigh 1; only terms with w < 0.75 (f > 1e-5) are written.

Source: ../shared/data/wordfreq-fa/wordfreq_fa_small.tsv (wordfreq 3.1.1, data CC BY-SA 4.0):
the output is a derived work under CC BY-SA 4.0 (attribution in the file header).

Usage: python scripts/build_claim_weights.py
"""
from __future__ import annotations

import math
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("RAWI_SHARED_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "rawi" / "corpus" / "data" / "term_weights.tsv"


MAX_LISTED = 0.75  # rarer terms (f < 1e-5) are not listed and weigh 1


def weight(f: float) -> float:
    return min(1.0, max(0.05, (-math.log10(f) - 2) / 4))


def main() -> None:
    from rawi.corpus.fold import STEM_LEN, tokens

    src = SHARED / "wordfreq-fa" / "wordfreq_fa_small.tsv"
    freq: dict[str, float] = defaultdict(float)
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, f = line.split("\t")[:2]
        for t in tokens(word):
            if not t.isdigit():
                freq[t[:STEM_LEN]] += float(f)
    rows = sorted(((t, round(weight(f), 3)) for t, f in freq.items() if weight(f) < MAX_LISTED), key=lambda x: (x[1], x[0]))
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# Claim-term weights (rawi/corpus/claims.py): folded term (first %d letters) <TAB> weight in (0, 1].\n" % STEM_LEN)
        out.write("# Terms not listed (rarer than 1e-5) weigh 1. Built by scripts/build_claim_weights.py from wordfreq 3.1.1 Persian\n")
        out.write("# frequencies (Robyn Speer et al., https://github.com/rspeer/wordfreq), data licensed CC BY-SA 4.0;\n")
        out.write("# this derived list is likewise CC BY-SA 4.0.\n")
        for t, w in rows:
            out.write(f"{t}\t{w}\n")
    print(f"wrote {len(rows)} weights to {OUT} ({OUT.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
