"""Evaluate hedges, framing and events against the hand-annotated Fars News set.

    python eval/framing.py                 # P/R/F1 per field, gold attributions as input
    python eval/framing.py --attributions predicted   # rawi's own attribution stage as input
    python eval/framing.py --write-json    # regenerate eval/data/framing/gold.json from gold.txt

The gold (eval/data/framing/gold.txt, guidelines in GUIDELINES.md) names each article by
file and record index in ../shared/data/farsnews-course; the text is rebuilt from there
(title + paragraphs 0-2), so the corpus text is not copied into this repository. Spans in
the gold are quoted strings, found in the normalised text whatever the ZWNJ/space spelling.

Matching: a predicted span matches a gold span of the same layer when they overlap
(one-to-one, greedy by overlap). A field (kind, technique, voice, category) counts only on
matched pairs with the same value. Actor/target: a predicted argument is a true positive
when its event is matched and the argument overlaps the gold one; arguments of unmatched
events count as errors. Results are given per part: "seen" (development), "blind"
(file 5, read after the lexicons were written, slightly contaminated: see GUIDELINES.md)
and "blind2" (drawn at random and annotated after code and lexicons were frozen).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rawi.doc import Doc  # noqa: E402
from rawi.normalize import normalize_text  # noqa: E402
from rawi.schema import Attribution, Cue, Source, Span  # noqa: E402
from rawi.annotate.hedges import annotate_hedges  # noqa: E402
from rawi.annotate.framing import annotate_framing  # noqa: E402
from rawi.annotate.events import annotate_events  # noqa: E402

DATA = ROOT / "eval" / "data" / "framing"
SHARED = Path(os.environ.get("RAWI_SHARED_DATA", ROOT.parent / "shared" / "data"))
CORPUS = SHARED / "farsnews-course"
N_PARAS = 3


# ---------------------------------------------------------------- gold ---------
def parse_gold(path: Path = DATA / "gold.txt") -> list[dict]:
    """gold.txt → list of article dicts (the format documented at the top of the file)."""
    arts: list[dict] = []
    cur = None
    part = "seen"
    layers = ["attributions", "hedges", "framing", "events"]
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@part"):
            # "@part NAME [LAYER ...]": the layers annotated in this part (default: all)
            part, *layers = line.split()[1:]
            layers = layers or ["attributions", "hedges", "framing", "events"]
            continue
        if line.startswith("==="):
            f, i = line[3:].strip().split("-")
            cur = {"id": f"{f}-{i}", "file": f"fars-news-{f}.json", "index": int(i),
                   "paragraphs": list(range(N_PARAS)), "part": part, "blind": part != "seen", "layers": list(layers),
                   "attributions": [], "hedges": [], "framing": [], "events": []}
            arts.append(cur)
            continue
        cols = [c.strip() for c in line.split("|")]
        tag = cols[0]
        try:
            if tag == "A":
                cur["attributions"].append({"source": cols[1], "cue": cols[2], "content": cols[3]})
            elif tag == "H":
                cur["hedges"].append({"kind": cols[1], "text": cols[2]})
            elif tag == "F":
                cur["framing"].append({"technique": cols[1], "voice": cols[2], "text": cols[3]})
            elif tag == "E":
                cur["events"].append({"category": cols[1], "trigger": cols[2],
                                      "actor": None if cols[3] == "-" else cols[3],
                                      "target": None if cols[4] == "-" else cols[4]})
            else:
                raise ValueError(tag)
        except (IndexError, ValueError, TypeError) as e:
            raise SystemExit(f"{path}:{n}: bad line ({e}): {line}")
    return arts


def article_text(art: dict) -> tuple[str, str]:
    recs = json.loads((CORPUS / art["file"]).read_text(encoding="utf-8"))
    r = recs[art["index"]]
    paras = [r["paragraphs"][k] for k in art["paragraphs"] if k < len(r["paragraphs"])]
    return r["title"] + "\n" + "\n".join(paras), r["link"]


def _loose(s: str) -> re.Pattern:
    s = normalize_text(s, zwnj=False)
    chars = [c for c in s if c not in " \u200c\n"]
    body = r"[\s\u200c]*".join(re.escape(c) for c in chars)
    return re.compile(rf"(?<![\w\u200c]){body}(?![\w])")  # whole words: کشته شدن is not in کشته شدند


class Locator:
    """Finds gold strings in the normalised text; repeated strings take successive occurrences."""

    def __init__(self, text: str, art_id: str):
        self.text, self.art_id, self.next = text, art_id, defaultdict(int)

    def all(self, s: str) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in _loose(s).finditer(self.text)]

    def seq(self, layer: str, s: str) -> tuple[int, int]:
        key = (layer, s)
        for a, b in self.all(s):
            if a >= self.next[key]:
                self.next[key] = a + 1
                return a, b
        raise LookupError(f"{self.art_id}: {layer} {s!r} not found (or fewer occurrences)")

    def near(self, s: str, pos: int) -> tuple[int, int]:
        occ = self.all(s)
        if not occ:
            raise LookupError(f"{self.art_id}: {s!r} not found")
        return min(occ, key=lambda o: abs(o[0] - pos))


def gold_attributions(doc: Doc, loc: Locator, art: dict) -> list[Attribution]:
    out = []
    for k, a in enumerate(art["attributions"], 1):
        cs, ce = loc.seq("A", a["content"])
        if a["cue"] == ":":
            cue = next((i for i in range(cs - 1, -1, -1) if doc.text[i] == ":"), cs)
            qs, qe = cue, cue + 1
        else:
            qs, qe = loc.near(a["cue"], cs)
        ss, se = loc.near(a["source"], cs)
        out.append(Attribution(id=k, source=Source(text=doc.text[ss:se], start=ss, end=se, kind="named"),
                               cue=Cue(text=doc.text[qs:qe], start=qs, end=qe, lemma=a["cue"]),
                               content=Span(text=doc.text[cs:ce], start=cs, end=ce),
                               mode="indirect", sentence=doc.sentence_index(cs)))
    return out


def _inside(start: int, end: int, atts: list[Attribution]) -> list[int]:
    return [a.id for a in atts if a.content.start <= start and end <= a.content.end]


def gold_records(doc: Doc, art: dict, atts: list[Attribution]) -> dict:
    loc = Locator(doc.text, art["id"])
    hedges = [dict(h, span=loc.seq("H", h["text"])) for h in art["hedges"]]
    framing = [dict(f, span=loc.seq("F", f["text"])) for f in art["framing"]]
    events = []
    for e in art["events"]:
        t = loc.seq("E", e["trigger"])
        events.append(dict(e, span=t,
                           actor_span=loc.near(e["actor"], t[0]) if e["actor"] else None,
                           target_span=loc.near(e["target"], t[0]) if e["target"] else None,
                           asserted_by="source" if _inside(*t, atts) else "outlet"))
    return {"hedges": hedges, "framing": framing, "events": events,
            "layers": art.get("layers", ["attributions", "hedges", "framing", "events"])}


# ---------------------------------------------------------------- scoring ------
def _ov(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) if a and b else 0


def match(pred: list, gold: list) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index) of overlapping spans, largest overlap first."""
    cand = sorted(((_ov(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold) if _ov(p, g)),
                  reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in cand:
        if i not in used_p and j not in used_g:
            used_p.add(i), used_g.add(j), pairs.append((i, j))
    return pairs


class Score:
    def __init__(self):
        self.c = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn

    def add(self, field: str, tp: int, fp: int, fn: int):
        x = self.c[field]
        x[0] += tp; x[1] += fp; x[2] += fn

    def rows(self):
        for f, (tp, fp, fn) in self.c.items():
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            yield f, tp, fp, fn, p, r, f1


def _field(score: Score, name: str, pairs, n_pred: int, n_gold: int, same):
    tp = sum(1 for i, j in pairs if same(i, j))
    score.add(name, tp, n_pred - tp, n_gold - tp)


def score_article(doc: Doc, gold: dict, atts: list[Attribution], score: Score) -> None:
    ph = annotate_hedges(doc, atts)
    pf = annotate_framing(doc, atts)
    pe = annotate_events(doc, atts)
    gh, gf, ge = gold["hedges"], gold["framing"], gold["events"]
    layers = gold.get("layers", ["hedges", "framing", "events"])
    if "hedges" not in layers or "framing" not in layers:  # events-only part: score events only
        ph, pf, gh, gf = [], [], [], []

    pairs = match([(h.start, h.end) for h in ph], [g["span"] for g in gh])
    _field(score, "hedge.span", pairs, len(ph), len(gh), lambda i, j: True)
    _field(score, "hedge.span+kind", pairs, len(ph), len(gh), lambda i, j: ph[i].kind == gh[j]["kind"])

    pairs = match([(f.start, f.end) for f in pf], [g["span"] for g in gf])
    _field(score, "framing.span", pairs, len(pf), len(gf), lambda i, j: True)
    _field(score, "framing.span+technique", pairs, len(pf), len(gf),
           lambda i, j: pf[i].technique == gf[j]["technique"])
    _field(score, "framing.span+voice", pairs, len(pf), len(gf), lambda i, j: pf[i].voice == gf[j]["voice"])
    _field(score, "framing.voice|matched", pairs, len(pairs), len(pairs), lambda i, j: pf[i].voice == gf[j]["voice"])

    pairs = match([(e.trigger.start, e.trigger.end) for e in pe], [g["span"] for g in ge])
    _field(score, "event.trigger", pairs, len(pe), len(ge), lambda i, j: True)
    _field(score, "event.trigger+category", pairs, len(pe), len(ge),
           lambda i, j: pe[i].category == ge[j]["category"])
    for role in ("actor", "target"):
        n_pred = sum(1 for e in pe if getattr(e, role) is not None)
        n_gold = sum(1 for g in ge if g[f"{role}_span"] is not None)

        def ok(i, j, role=role):
            p = getattr(pe[i], role)
            return p is not None and _ov((p.start, p.end), ge[j][f"{role}_span"]) > 0
        _field(score, f"event.{role}", pairs, n_pred, n_gold, ok)
    # asserted_by as accuracy over matched events (P = R = accuracy); needs gold attributions
    if "attributions" not in layers:
        return
    _field(score, "event.asserted_by|matched", pairs, len(pairs), len(pairs),
           lambda i, j: pe[i].asserted_by == ge[j]["asserted_by"])


def predicted_attributions(doc: Doc) -> list[Attribution]:
    from rawi.annotate.attribution import annotate_attributions
    return annotate_attributions(doc)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--attributions", choices=("gold", "predicted"), default="gold")
    ap.add_argument("--write-json", action="store_true", help="write gold.json from gold.txt and exit")
    ap.add_argument("--verbose", action="store_true", help="print per-article predictions (seen part only)")
    args = ap.parse_args()
    arts = parse_gold()
    if args.write_json:
        (DATA / "gold.json").write_text(json.dumps(arts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {DATA / 'gold.json'}: {len(arts)} articles")
        return 0
    if not CORPUS.exists():
        print(f"skip: {CORPUS} not found (set RAWI_SHARED_DATA)")
        return 0
    parts = {p: Score() for p in dict.fromkeys([a["part"] for a in arts] + ["all"])}
    counts = defaultdict(lambda: defaultdict(int))
    for art in arts:
        raw, link = article_text(art)
        doc = Doc.from_raw(raw, url=link)
        loc = Locator(doc.text, art["id"])
        gatts = gold_attributions(doc, loc, art)
        gold = gold_records(doc, art, gatts)
        atts = gatts if args.attributions == "gold" else predicted_attributions(doc)
        for part in (art["part"], "all"):
            score_article(doc, gold, atts, parts[part])
            counts[part]["articles"] += 1
            for k in ("hedges", "framing", "events"):
                counts[part][k] += len(gold[k])
        if args.verbose and not art["blind"]:
            print(f"== {art['id']} {link}")
            for f in annotate_framing(doc, atts):
                print("  F", f.technique, f.voice, f.text)
            for e in annotate_events(doc, atts):
                print("  E", e.category, e.trigger.text, "|", e.actor and e.actor.text, "|", e.target and e.target.text)
    print(f"attributions given to the annotators: {args.attributions}")
    for part, sc in parts.items():
        c = counts[part]
        print(f"\n[{part}] {c['articles']} articles; gold: {c['hedges']} hedges, {c['framing']} framing spans, {c['events']} events")
        print(f"{'field':28s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'P':>6s} {'R':>6s} {'F1':>6s}")
        for f, tp, fp, fn, p, r, f1 in sc.rows():
            print(f"{f:28s} {tp:4d} {fp:4d} {fn:4d} {p:6.3f} {r:6.3f} {f1:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
