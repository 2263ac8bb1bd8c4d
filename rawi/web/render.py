"""Turn an Analysis (as a JSON dict) into plain data the templates draw.

Nothing here builds HTML: article text is untrusted, so the templates receive text pieces
and class names and Jinja's autoescaping writes every piece. Overlapping spans (a place
inside a claim, a source inside a content span) are handled by cutting the text at every
span boundary: each piece carries the classes and hover glosses of all spans covering it,
so the nesting can never be broken and no span is lost.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Iterable, Optional

SOURCE_KINDS = ["named", "official", "organization", "media", "anonymous"]
_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def _cls(token: Any) -> str:
    return _CLASS_SAFE.sub("", str(token))[:40]


def _join(*parts: Any) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, "", []))


def _span_layers(a: dict) -> Iterable[tuple[int, int, list[str], str]]:
    """(start, end, css classes, hover gloss) for every highlighted span of the analysis."""
    for att in a.get("attributions") or []:
        aid = att.get("id")
        src = att.get("source") or {}
        cue = att.get("cue") or {}
        content = att.get("content") or {}
        if content:
            yield content.get("start"), content.get("end"), ["hl-content"], _join(
                f"claim #{aid}", att.get("mode"), f"source: {src.get('name_en') or src.get('text') or '?'} ({src.get('kind', '?')})")
        if src:
            ref = src.get("refers_to") or {}
            yield src.get("start"), src.get("end"), ["hl-source", f"hl-source-{_cls(src.get('kind'))}"], _join(
                "source", src.get("kind"), src.get("name_en"), f"refers to {ref.get('text')}" if ref else None, f"claim #{aid}")
        if cue:
            yield cue.get("start"), cue.get("end"), ["hl-cue", f"hl-cue-{_cls(cue.get('stance'))}"], _join(
                "cue", cue.get("lemma_en") or cue.get("lemma"), cue.get("stance"), f"claim #{aid}")
        for via in att.get("via") or []:
            yield via.get("start"), via.get("end"), ["hl-via"], _join("via (medium)", f"claim #{aid}")
    prov = a.get("provenance") or {}
    for o in [prov.get("outlet")] + list(prov.get("relayed_from") or []):
        if o:
            yield o.get("start"), o.get("end"), ["hl-outlet"], _join("outlet", o.get("name_en"))
    for e in a.get("entities") or []:
        yield e.get("start"), e.get("end"), ["hl-ent", f"hl-ent-{_cls(e.get('label'))}"], _join("entity", e.get("label"), e.get("name_en"))
    for p in a.get("places") or []:
        coords = f"{p['lat']:.2f}, {p['lon']:.2f}" if p.get("lat") is not None and p.get("lon") is not None else None
        yield p.get("start"), p.get("end"), ["hl-place"], _join("place", p.get("name_en"), p.get("feature"), p.get("country_code"), coords)
    for t in a.get("times") or []:
        yield t.get("start"), t.get("end"), ["hl-time"], _join("date", t.get("value"), t.get("calendar"), "relative" if t.get("relative") else None)
    for q in a.get("quantities") or []:
        yield q.get("start"), q.get("end"), ["hl-qty"], _join("quantity", q.get("value"), q.get("unit_en") or q.get("unit"))
    for h in a.get("hedges") or []:
        yield h.get("start"), h.get("end"), ["hl-hedge", f"hl-hedge-{_cls(h.get('kind'))}"], _join(h.get("kind"), h.get("gloss_en"))
    for f in a.get("framing") or []:
        yield f.get("start"), f.get("end"), ["hl-frame"], _join("framing", f.get("technique"), f"voice: {f.get('voice')}", f.get("gloss_en"))


_LATIN = re.compile(r"[A-Za-z]")


def _english_labels(a: dict) -> dict[int, list[str]]:
    """End offset → English names of the people, organisations, places, sources and outlets
    ending there: shown beside the Persian (a toggle hides them), not only on hover."""
    out: dict[int, list[str]] = defaultdict(list)
    prov = a.get("provenance") or {}
    items = [*(a.get("entities") or []), *(a.get("places") or []),
             *((x.get("source") or {}) for x in a.get("attributions") or []),
             *(o for o in [prov.get("outlet"), *(prov.get("relayed_from") or [])] if o)]
    for x in items:
        en, end = x.get("name_en"), x.get("end")
        if isinstance(en, str) and isinstance(end, int) and _LATIN.search(en) and en not in out[end]:
            out[end].append(en)
    return out


def highlight_segments(a: dict) -> list[dict]:
    """The text cut into pieces, each with the classes and glosses of the spans over it.

    Returns ``[{"text", "classes", "title"}]``; pieces with no span have empty classes.
    Spans with offsets outside the text or empty are ignored (stored analyses may be old).
    """
    text: str = a.get("text") or ""
    n = len(text)
    spans = []
    for start, end, classes, title in _span_layers(a):
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        start, end = max(0, start), min(n, end)
        if start < end:
            spans.append((start, end, classes, title))
    english = _english_labels(a)
    cuts = sorted({0, n, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out: list[dict] = []
    for lo, hi in zip(cuts, cuts[1:]):
        over = [s for s in spans if s[0] <= lo and s[1] >= hi]
        over.sort(key=lambda s: s[1] - s[0])  # innermost gloss first
        classes: list[str] = []
        for s in over:
            for c in s[2]:
                if c not in classes:
                    classes.append(c)
        out.append({
            "text": text[lo:hi],
            "classes": " ".join(["hl", *classes]) if classes else "",
            "title": "\n".join(dict.fromkeys(s[3] for s in over)),
            "en": " / ".join(english.get(hi, [])) if classes else "",
        })
    return out


def scorecard(a: dict) -> dict:
    """Claims by source kind (the sourcing scorecard), with modes and stances."""
    atts = a.get("attributions") or []
    kinds = Counter((x.get("source") or {}).get("kind") or "unknown" for x in atts)
    total = len(atts)
    rows = []
    for k in SOURCE_KINDS + sorted(set(kinds) - set(SOURCE_KINDS)):
        if k in kinds or k in SOURCE_KINDS:
            c = kinds.get(k, 0)
            rows.append({"kind": k, "count": c, "share": (c / total) if total else 0.0, "bar": round(200 * c / total) if total else 0})
    speakers: dict[int, dict] = {}
    for x in atts:
        sp = (x.get("source") or {}).get("speaker")
        if not sp:
            continue
        d = speakers.setdefault(sp["id"], {
            "fa": " · ".join(v for v in (sp.get("name"), sp.get("title")) if v) or sp.get("description") or "",
            "en": ", ".join(v for v in (sp.get("name_en"), sp.get("title_en")) if v) or sp.get("description_en") or "",
            "method": sp.get("name_en_method"), "kind": sp.get("kind"), "count": 0})
        d["count"] += 1
    return {
        "total": total,
        "speakers": sorted(speakers.values(), key=lambda d: -d["count"]),
        "by_kind": rows,
        "anonymous_share": (kinds.get("anonymous", 0) / total) if total else None,
        "modes": dict(Counter(x.get("mode") or "unknown" for x in atts)),
        "stances": dict(Counter((x.get("cue") or {}).get("stance") or "neutral" for x in atts)),
        "hedges": len(a.get("hedges") or []),
        "framing": len(a.get("framing") or []),
    }


def _label(x: Optional[dict]) -> Optional[str]:
    if not x:
        return None
    return x.get("name_en") or x.get("text")


def _chains(a: dict) -> list[tuple[list[str], str]]:
    prov = a.get("provenance") or {}
    chains = [(list(c.get("chain") or []), c.get("source_kind") or "unknown") for c in prov.get("chains") or [] if c.get("chain")]
    if chains:
        return chains
    # No provenance component output: outlet ← relayed outlets ← each attribution's source.
    outlet = _label(prov.get("outlet")) or (a.get("meta") or {}).get("outlet") or "this article"
    relayed = [lbl for lbl in (_label(r) for r in prov.get("relayed_from") or []) if lbl]
    out = []
    for att in a.get("attributions") or []:
        src = att.get("source") or {}
        out.append(([outlet, *relayed, _label(src) or "?"], src.get("kind") or "unknown"))
    return out


def chain_graph(a: dict, *, col_w: int = 260, row_h: int = 34, max_label: int = 30) -> dict:
    """Nodes and edges of the chain-of-sources graph, laid out as a tree.

    A node is a path prefix of a chain (outlet, outlet←relay, outlet←relay←source), so a
    source quoted both directly and through a relayed outlet appears once on each branch.
    The outlet is the right-most column (the page reads right to left), each relay one
    column further left, the original sources left-most; arrows follow the information
    from a source towards the outlet that published it.
    """
    chains = _chains(a)
    children: dict[tuple, list[tuple]] = defaultdict(list)
    kind: dict[tuple, str] = {}
    uses: Counter = Counter()
    roots: list[tuple] = []
    for chain, skind in chains:
        chain = [c for i, c in enumerate(chain) if i == 0 or c != chain[i - 1]]
        for i in range(len(chain)):
            key = tuple(chain[: i + 1])
            parent = key[:-1]
            if i == 0:
                if key not in roots:
                    roots.append(key)
            elif key not in children[parent]:
                children[parent].append(key)
        leaf = tuple(chain)
        kind[leaf] = skind
        uses[leaf] += 1
    if not roots:
        return {"nodes": [], "edges": [], "width": 0, "height": 0}
    ys: dict[tuple, float] = {}
    next_row = [0]

    def place(k: tuple) -> float:
        kids = sorted(children.get(k, []), key=lambda c: (kind.get(c, "~"), c[-1]))
        if not kids:
            ys[k] = next_row[0]
            next_row[0] += 1
        else:
            ys[k] = sum(place(c) for c in kids) / len(kids)
        return ys[k]

    for r in roots:
        place(r)
    depth = max(len(k) for k in ys)
    width = depth * col_w + 20
    height = int(next_row[0] * row_h + 20)
    nodes, pos = [], {}
    for k, row in ys.items():
        d = len(k) - 1
        x = width - 10 - (d + 1) * col_w + 10
        y = int(10 + row * row_h)
        pos[k] = (x, y)
        lbl = k[-1]
        suffix = f" ×{uses[k]}" if uses.get(k, 0) > 1 else ""
        room = max_label - len(suffix)
        short = (lbl if len(lbl) <= room else lbl[: room - 1] + "…") + suffix
        role = "outlet" if d == 0 else ("source" if k in kind and not children.get(k) else "relay")
        nodes.append({"label": short, "full": lbl, "x": x, "y": y, "w": col_w - 40, "h": row_h - 8,
                      "role": role, "kind": _cls(kind.get(k, "")) if role == "source" else "", "uses": uses.get(k, 0)})
    edges = []
    for parent, kids in children.items():
        for c in kids:
            (x1, y1), (x2, y2) = pos[c], pos[parent]
            edges.append({"x1": x1 + col_w - 40, "y1": y1 + (row_h - 8) // 2, "x2": x2 - 4, "y2": y2 + (row_h - 8) // 2})
    return {"nodes": nodes, "edges": edges, "width": width, "height": height}


def map_places(a: dict) -> list[dict]:
    """Places with coordinates, one marker per distinct place, with how often it is named."""
    seen: dict[tuple, dict] = {}
    for p in a.get("places") or []:
        lat, lon = p.get("lat"), p.get("lon")
        if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        key = (round(lat, 4), round(lon, 4), p.get("name_en"))
        if key in seen:
            seen[key]["count"] += 1
            continue
        seen[key] = {"text": p.get("text"), "name_en": p.get("name_en"), "lat": lat, "lon": lon,
                     "country_code": p.get("country_code"), "feature": p.get("feature"), "count": 1}
    return list(seen.values())


def _nice(n: int) -> int:
    """The smallest 1/2/5×10^k at or above ``n`` (a y axis that ends on a round number)."""
    k = 1
    while True:
        for m in (1, 2, 5):
            if m * k >= n:
                return m * k
        k *= 10


def _months(lo: str, hi: str) -> list[str]:
    y, m = int(lo[:4]), int(lo[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= hi:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def bars(by_date: list[dict], *, undated: int = 0, implausible: int = 0, width: int = 720, height: int = 170) -> dict:
    """An SVG bar chart of counts per month on a real time axis (search results by date).

    Every month between the first and the last is a slot, empty ones included, so gaps in the
    coverage show as gaps; the y axis has round ticks; undated articles and dates before the
    outlet existed are counts beside the chart, never bars at an edge."""
    rows = {str(r["date"])[:7]: int(r.get("count") or 0) for r in by_date or []
            if r.get("date") and re.fullmatch(r"\d{4}-\d{2}", str(r["date"])[:7])}
    base = {"bars": [], "width": width, "height": height, "max": 0, "yticks": [], "xticks": [],
            "undated": undated, "implausible": implausible, "months": 0}
    if not rows:
        return base
    months = _months(min(rows), max(rows))
    left, right, top_pad, bottom = 44, 8, 8, 22
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top = _nice(max(rows.values()) or 1)
    slot = plot_w / len(months)
    out = []
    for i, m in enumerate(months):
        c = rows.get(m, 0)
        if not c:
            continue
        h = max(1, round(plot_h * c / top))
        w = min(36.0, max(1.0, slot - (1 if slot > 3 else 0)))  # a few months: bars, not slabs
        out.append({"x": round(left + i * slot + (slot - w) / 2, 2), "y": top_pad + plot_h - h, "w": round(w, 2),
                    "h": h, "date": m, "count": c})
    yticks = [{"y": round(top_pad + plot_h - plot_h * v / top, 1), "label": str(v)} for v in sorted({0, top // 2, top})]
    years = sorted({m[:4] for m in months})
    step = max(1, -(-len(years) // 10))  # at most ~10 year labels
    xticks = []
    if len(months) <= 18:  # short spans: label months
        every = max(1, -(-len(months) // 9))
        xticks = [{"x": round(left + (i + 0.5) * slot, 1), "label": m} for i, m in enumerate(months) if i % every == 0]
    else:
        for i, m in enumerate(months):
            if (m.endswith("-01") or i == 0) and (int(m[:4]) - int(years[0])) % step == 0:
                xticks.append({"x": round(left + i * slot, 1), "label": m[:4]})
    return {**base, "bars": out, "max": top, "yticks": yticks, "xticks": xticks, "months": len(months),
            "left": left, "plot_top": top_pad, "plot_bottom": top_pad + plot_h, "plot_right": width - right}


def _key(text: Optional[str]) -> str:
    from rawi.corpus.fold import fold

    return fold(text or "")


def grouped_entities(a: dict) -> list[dict]:
    """Entities once each with how often they are named (not once per mention), most named first.

    Mentions are one entity when they share the label and the English name (or, without one,
    the folded text); the Persian form shown is the most frequent one, the others are kept."""
    groups: dict[tuple, dict] = {}
    for e in a.get("entities") or []:
        key = (e.get("label"), (e.get("name_en") or "").lower() or _key(e.get("text")))
        g = groups.setdefault(key, {"text": e.get("text"), "label": e.get("label"), "name_en": e.get("name_en"),
                                    "method": e.get("name_en_method"), "count": 0, "forms": Counter()})
        g["count"] += 1
        g["forms"][e.get("text") or ""] += 1
    return _finish(groups)


def grouped_places(a: dict) -> list[dict]:
    """Places once each (by English name or folded text and coordinates) with mention counts."""
    groups: dict[tuple, dict] = {}
    for p in a.get("places") or []:
        lat, lon = p.get("lat"), p.get("lon")
        key = ((p.get("name_en") or "").lower() or _key(p.get("text")),
               round(lat, 3) if isinstance(lat, (int, float)) else None, round(lon, 3) if isinstance(lon, (int, float)) else None)
        g = groups.setdefault(key, {"text": p.get("text"), "name_en": p.get("name_en"), "country_code": p.get("country_code"),
                                    "feature": p.get("feature"), "lat": lat, "lon": lon, "count": 0, "forms": Counter()})
        g["count"] += 1
        g["forms"][p.get("text") or ""] += 1
    return _finish(groups)


def grouped_times(a: dict) -> list[dict]:
    """Dates once each (same words, same value) with mention counts, in reading order."""
    groups: dict[tuple, dict] = {}
    for t in a.get("times") or []:
        key = (_key(t.get("text")), t.get("value"))
        g = groups.setdefault(key, {"text": t.get("text"), "value": t.get("value"), "calendar": t.get("calendar"),
                                    "relative": t.get("relative"), "count": 0, "forms": Counter()})
        g["count"] += 1
        g["forms"][t.get("text") or ""] += 1
    out = list(groups.values())
    for g in out:
        g["forms"] = [f for f, _ in g["forms"].most_common() if f]
    return out


def _finish(groups: dict) -> list[dict]:
    out = list(groups.values())
    for g in out:
        forms = [f for f, _ in g["forms"].most_common() if f]
        g["text"] = forms[0] if forms else g["text"]
        g["forms"] = forms
    out.sort(key=lambda g: -g["count"])  # stable: first-named first among equals
    return out


def timeline(appearances: list[dict], *, width: int = 720, row_h: int = 28) -> dict:
    """A claim's appearances as dots on a date axis, one row per outlet, earliest first."""
    from datetime import date

    def _d(s: Any) -> Optional[date]:
        try:
            return date.fromisoformat(str(s)[:10])
        except (TypeError, ValueError):
            return None

    from rawi.meta import implausible_date

    apps = sorted(appearances or [], key=lambda x: (str(x.get("published") or "9999"), x.get("article_id") or 0))
    # Undated appearances and dates before the outlet existed are counted, never put at an edge of the axis.
    wrong = {id(x) for x in apps if _d(x.get("published")) and implausible_date(str(x.get("published")), x.get("outlet"))}
    dated = [d for x in apps if id(x) not in wrong and (d := _d(x.get("published")))]
    outlets = list(dict.fromkeys(str(x.get("outlet") or "unknown") for x in apps))
    if not apps:
        return {"rows": [], "dots": [], "width": width, "height": 0, "first": None, "ticks": [], "undated": 0, "implausible": 0}
    lo, hi = (min(dated), max(dated)) if dated else (None, None)
    span = max(1, (hi - lo).days) if dated else 1
    left, plot = 160, width - 180
    dots = []
    undated = implausible = 0
    for x in apps:
        d = _d(x.get("published"))
        if d is None or id(x) in wrong:
            undated += d is None
            implausible += d is not None
            continue
        row = outlets.index(str(x.get("outlet") or "unknown"))
        cx = left + plot * ((d - lo).days / span)
        dots.append({"cx": round(cx), "cy": 20 + row * row_h, "date": str(d) if d else "undated",
                     "outlet": x.get("outlet"), "kind": _cls(x.get("source_kind") or ""), "article_id": x.get("article_id")})
    ticks = []
    if dated:
        ticks = [{"x": left, "label": str(lo)}] + ([{"x": left + plot, "label": str(hi), "anchor": "end"}] if hi != lo else [])
    return {
        "rows": [{"label": o, "y": 20 + i * row_h} for i, o in enumerate(outlets)],
        "dots": dots, "width": width, "height": 30 + len(outlets) * row_h, "left": left,
        "first": apps[0], "ticks": ticks, "undated": undated, "implausible": implausible,
    }


def outlet_shares(rows: list[dict]) -> list[dict]:
    """Share of claims resting on anonymous sources, per outlet, from ``Store.sources()``.

    Accepts either per-outlet summaries (``outlet``, ``claims``/``total``, ``anonymous``)
    or per-source rows (``outlet``, ``source_kind``/``kind``, ``count``/``claims``) and
    aggregates the latter.
    """
    agg: dict[str, dict] = {}
    for r in rows or []:
        o = str(r.get("outlet") or "unknown")
        d = agg.setdefault(o, {"outlet": o, "total": 0, "anonymous": 0, "by_kind": Counter(), "articles": 0, "top_sources": []})
        if isinstance(r.get("articles"), int):
            d["articles"] += r["articles"]
        if isinstance(r.get("top_sources"), list):
            d["top_sources"].extend(x for x in r["top_sources"] if isinstance(x, dict))
        if "anonymous" in r and isinstance(r.get("anonymous"), (int, float)):
            total = r.get("claims", r.get("total", 0)) or 0
            d["total"] += int(total)
            d["anonymous"] += int(r["anonymous"])
            by_kind = r.get("by_kind")
            if isinstance(by_kind, dict):
                d["by_kind"].update({str(k): int(v) for k, v in by_kind.items() if isinstance(v, (int, float))})
            else:
                d["by_kind"].update({k: int(r[k]) for k in SOURCE_KINDS if isinstance(r.get(k), (int, float))})
        else:
            kind = r.get("source_kind") or r.get("kind") or "unknown"
            n = r.get("count", r.get("claims", 1))
            n = int(n) if isinstance(n, (int, float)) else 1
            d["total"] += n
            d["by_kind"][kind] += n
            if kind == "anonymous":
                d["anonymous"] += n
    out = []
    for d in agg.values():
        share = d["anonymous"] / d["total"] if d["total"] else None
        out.append({"outlet": d["outlet"], "total": d["total"], "anonymous": d["anonymous"], "share": share,
                    "bar": round(200 * share) if share else 0, "by_kind": dict(d["by_kind"]),
                    "articles": d["articles"], "top_sources": d["top_sources"][:10]})
    out.sort(key=lambda x: (-(x["share"] or 0), x["outlet"]))
    return out


def display_url(url: Optional[str], width: int = 60) -> str:
    """A URL as a reader scans it: host and path, percent-escapes decoded, cut to ``width``."""
    if not url:
        return ""
    from urllib.parse import unquote, urlsplit

    try:
        u = urlsplit(str(url))
    except ValueError:
        return str(url)[:width]
    shown = (u.hostname or "") + unquote(u.path or "").rstrip("/") if u.hostname else unquote(str(url))
    shown = shown.removeprefix("www.")
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def article_label(row: dict) -> str:
    """What a list shows for an article: its title, else its URL shortened, else its file name."""
    title = (row.get("title") or "").strip()
    if title:
        return title
    if row.get("url"):
        return display_url(row["url"])
    path = str(row.get("path") or "")
    if path:
        file, _, part = path.partition("#")  # a record inside a file: crawl.warc#https://...
        if "://" in part:
            return display_url(part)
        name = file.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        return f"{name}#{part}" if part else name
    return f"article {row.get('id')}"
