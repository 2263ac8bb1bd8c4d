"""A readable report of one analysis for a person at a terminal (rich)."""
from __future__ import annotations

from collections import Counter
from typing import IO

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from .schema import Analysis

KIND_EN = {
    "anonymous": "anonymous",
    "named": "named person",
    "official": "official",
    "organization": "organisation",
    "media": "media",
}


def _clip(s: str, n: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def render(a: Analysis, out: IO[str] | None = None, width: int = 120) -> None:
    con = Console(file=out, width=width, soft_wrap=False, highlight=False)
    title = a.meta.title or a.meta.path or a.meta.url or "article"
    con.rule(f"[bold]rawi[/] · {title}")

    p = a.provenance
    chain = []
    if p.outlet:
        chain.append(f"{p.outlet.name_en or p.outlet.text}" + (f" ({p.desk.text})" if p.desk else ""))
    chain += [r.name_en or r.text for r in p.relayed_from]
    kinds = Counter(x.source.kind for x in a.attributions)
    chain.append(", ".join(f"{n} {KIND_EN[k]}" for k, n in kinds.most_common()) + " source claims" if kinds else "no attributed claims")
    con.print(Panel(" ← ".join(chain), title="Provenance (outlet ← relayed ← sources)", expand=False))

    n = len(a.attributions)
    if n:
        speakers: dict[int, tuple] = {}
        for x in a.attributions:
            sp = x.source.speaker
            if sp is not None:
                prev = speakers.get(sp.id)
                speakers[sp.id] = (sp, (prev[1] if prev else 0) + 1)
        sp_kinds = Counter(sp.kind for sp, _n in speakers.values())
        t = Table(title="Sourcing scorecard", show_lines=False)
        t.add_column("source kind")
        t.add_column("claims", justify="right")
        t.add_column("share", justify="right")
        t.add_column("speakers", justify="right")
        for k in ("anonymous", "named", "official", "organization", "media"):
            if kinds.get(k):
                t.add_row(KIND_EN[k], str(kinds[k]), f"{kinds[k] / n:.0%}", str(sp_kinds.get(k, 0)))
        con.print(t)

        if speakers:
            t = Table(title="Speakers (one row per person or body, however it was named)", show_lines=False)
            for col in ("speaker", "English", "kind", "claims"):
                t.add_column(col, overflow="fold")
            for sp, cnt in sorted(speakers.values(), key=lambda v: (-v[1], v[0].id)):
                fa = " · ".join(x for x in (sp.name, sp.title) if x) or sp.description or "—"
                en = ", ".join(x for x in (sp.name_en, sp.title_en) if x) or sp.description_en or "—"
                if sp.name_en_method:
                    en += f" [{sp.name_en_method}]"
                t.add_row(fa, en, sp.kind, str(cnt))
            con.print(t)

        t = Table(title="Attributions", show_lines=True)
        for col in ("#", "source", "kind", "cue", "mode", "via", "content"):
            t.add_column(col, overflow="fold")
        for x in a.attributions:
            src = x.source.text + (f"\n→ {x.source.refers_to.text}" if x.source.refers_to else "")
            if x.source.name_en:
                src += f"\n({x.source.name_en})"
            cue = x.cue.text + f"\n{x.cue.lemma_en or x.cue.lemma} · {x.cue.stance}"
            t.add_row(str(x.id), src, x.source.kind, cue, x.mode, "; ".join(v.text for v in x.via), _clip(x.content.text, 160))
        con.print(t)

    if a.places:
        t = Table(title="Places")
        for col in ("place", "English", "country", "lat", "lon", "feature"):
            t.add_column(col)
        for pl in a.places:
            t.add_row(pl.text, pl.name_en or "", pl.country_code or "", f"{pl.lat:.3f}" if pl.lat is not None else "",
                      f"{pl.lon:.3f}" if pl.lon is not None else "", pl.feature or "")
        con.print(t)
    if a.times:
        t = Table(title="Dates and times")
        for col in ("expression", "value", "calendar"):
            t.add_column(col)
        for x in a.times:
            t.add_row(x.text, x.value, x.calendar + (" (relative)" if x.relative else ""))
        con.print(t)
    if a.entities:
        t = Table(title="Entities")
        for col in ("entity", "label", "English"):
            t.add_column(col)
        seen = set()
        for e in a.entities:
            if (e.text, e.label) in seen:
                continue
            seen.add((e.text, e.label))
            t.add_row(e.text, e.label, e.name_en or "")
        con.print(t)
    if a.quantities:
        con.print("[bold]Quantities:[/] " + "; ".join(f"{q.text} = {q.value:g}" + (f" {q.unit_en or q.unit}" if q.unit else "") for q in a.quantities))
    if a.hedges or a.framing or a.events:
        from .annotate.framing import summary_lines

        lines = summary_lines(a.framing, a.hedges, a.events)
        if lines:
            con.print(Panel("\n".join(lines), title="Sourcing and framing summary", expand=False))
    if a.hedges or a.framing:
        t = Table(title="Framing and certainty")
        for col in ("span", "what", "voice", "gloss"):
            t.add_column(col, overflow="fold")
        for h in a.hedges:
            t.add_row(h.text, h.kind, f"attribution {h.attribution}" if h.attribution is not None else "outlet", h.gloss_en or "")
        for f in a.framing:
            t.add_row(f.text, f.technique, f.voice + (f" #{f.attribution}" if f.attribution is not None else ""), f.gloss_en or "")
        con.print(t)
    if a.events:
        t = Table(title="Events")
        for col in ("category", "trigger", "actor", "target", "place", "time", "rests on"):
            t.add_column(col, overflow="fold")
        for ev in a.events:
            t.add_row(ev.category, ev.trigger.text, ev.actor.text if ev.actor else "", ev.target.text if ev.target else "",
                      ev.place.text if ev.place else "", ev.time.text if ev.time else "",
                      ("claims " + ", ".join(map(str, ev.attributions))) if ev.attributions else ev.asserted_by)
        con.print(t)
    for w in a.warnings:
        con.print(f"[yellow]warning:[/] {w}")
