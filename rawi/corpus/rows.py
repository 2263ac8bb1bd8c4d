"""What the store writes for one article, computed without a database.

Why a separate step: everything here depends on the analysis alone (MinHash signatures and
LSH band keys, folded text for search, entity and place rows, each attribution's claim key),
so it can run where the analysis ran — on a Dask worker — and the single process that owns the
database only executes SQL. A serial ``Store.add_analysis`` is ``add_rows(article_rows(a))``,
so both paths write the same rows.

:class:`ArticleRows` holds plain values only (str, int, bytes, frozensets, dicts), so it pickles
small and fast across processes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Optional

from . import claims as C
from . import dedup
from .fold import content_hash as _content_hash
from .fold import fold
from .slim import pack, slim_json, strip_text

CLAIM_LABELS = frozenset({"PER", "ORG", "LOC", "FAC", "NORP"})


@dataclass(frozen=True)
class ClaimRow:
    """One attribution's claim key, ready to be matched against stored claims."""

    content: str
    key: C.ClaimKey
    bands: tuple[int, ...]  # LSH band keys of the key's MinHash (kind 'c')

    @property
    def dumped(self) -> dict[str, str]:
        return self.key.dump()


@dataclass
class ArticleRows:
    """The rows of one article, minus the ids the database assigns."""

    content_hash: str
    article: dict[str, Any]  # articles columns except id, cluster_id, dup_of, dup_similarity
    bands: list[int]  # LSH band keys of the article's MinHash (kind 'a')
    search_title: str  # folded, for the full-text index
    search_body: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)
    claims: list[Optional[ClaimRow]] = field(default_factory=list)  # one per attribution; None: too little to match


def claim_row(content: str, entity_texts: list[str], speaker: str = "") -> Optional[ClaimRow]:
    """The claim key of one attribution's content, or None when it cannot identify a claim.

    ``speaker``: the named source (see :func:`claim_speaker`); another speaker is another claim."""
    key = C.ClaimKey.build(content, entity_texts, speaker)
    if not key.usable:
        return None
    return ClaimRow(content, key, key_bands(key))


def key_bands(key: C.ClaimKey) -> tuple[int, ...]:
    """The LSH band keys (kind 'c') of a claim key."""
    return tuple(dedup.band_keys(C.signature(key), kind="c", threshold=C.LSH_THRESHOLD))


def claim_bands(terms: str, nums: str, ents: str) -> tuple[int, ...]:
    """The band keys of a claim as the ``claims`` table stores it (terms, numbers, entities)."""
    return key_bands(C.ClaimKey.load(terms, nums, ents))


SPEAKER_KINDS = frozenset({"named"})


def claim_speaker(kind: Optional[str], resolved: str) -> str:
    """The speaker that identifies a claim: a person's name given without a title. Not titles
    (one person is "the minister" in one report and named in the next, and pronoun resolution
    follows paragraph order, which relays change), anonymous sources, institutions or media."""
    return resolved if kind in SPEAKER_KINDS else ""


def resolved_source(source: dict, article: Optional[str] = None) -> str:
    """The speaker a source names: the speaker's name (however the mention wrote it: title,
    surname, "وی", "این مقام"; one Persian spelling for a curated person), else the title that
    describes an unnamed speaker, else what a pronoun refers to, else the source's own text.
    ``rawi sources`` counts these keys. With ``article`` (a short id of the article), a key that
    names nobody in particular — a bare title ("نماینده", "معاون سیاسی", "رئیس جمهور"), a pronoun
    or demonstrative left unresolved — is kept to that article ("نماینده · 3f2a91c0"): the unnamed
    MPs of two articles are not one speaker."""
    sp = source.get("speaker") or {}
    if sp.get("name") and sp.get("kind") in ("named", "official") and not names_nobody(sp["name"]):
        from ..annotate.curated import canonical_person
        return canonical_person(sp["name"]) or sp["name"]
    ref = source.get("refers_to")
    key = sp.get("title") or sp.get("description") or (ref or {}).get("text") or sp.get("name") or source.get("text") or ""
    if article and key and source.get("kind") != "anonymous" and names_nobody(key):
        return f"{key} · {article}"
    return key


_INDEFINITE = frozenset({"یک", "یکی", "چند", "چندین", "برخی", "بعضی", "شماری", "تعدادی"})


def names_nobody(key: str) -> bool:
    """A source key that identifies no one: a pronoun, a demonstrative phrase, or a title with
    at most one modifier and no body or place ("نماینده", "معاون فنی"; not "سخنگوی وزارت بهداشت",
    "امام جمعه بوشهر")."""
    from ..annotate import sources as S
    from ..annotate.curated import organization_en
    from ..annotate.places import lookup_place

    words = key.replace("«", " ").replace("»", " ").split()
    if not words:
        return False
    first = S.fold(words[0])
    if first in S.folded_set("pronoun") or first in S.folded_set("demonstrative") or first in _INDEFINITE:
        return True  # "وی", "این مقام", "یکی از مسئولان": whoever the article meant
    m = S.officials().match_at(key, 0)
    if m is None:
        return False
    rest = key[m.end:].strip(" \u200c،,")
    if not rest:
        return True
    return len(rest.split()) == 1 and lookup_place(rest) is None and organization_en(rest) is None


def search_doc(rows: "ArticleRows") -> str:
    """The folded title and body as one text (PostgreSQL's search column): equal to
    ``fold(title + "\\n" + text)``, since folding turns the newline and the non-word runs
    around it into one space."""
    return " ".join(x for x in (rows.search_title, rows.search_body) if x)


def _byline_outlet(a: Any) -> Optional[str]:
    """The publisher the byline names, when neither the URL nor the record gave one."""
    o = a.provenance.outlet
    return (o.name_en or o.text or None) if o is not None else None


def article_rows(analysis: Any, *, raw: Optional[str] = None, content_hash: Optional[str] = None,
                 analysis_json: Optional[str] = None) -> ArticleRows:
    """Everything the store writes for ``analysis`` (an :class:`~rawi.schema.Analysis`).

    ``analysis_json`` is the analysis' own ``model_dump_json()`` when the caller already has it.
    The analysis is stored without its text (:mod:`rawi.corpus.slim`): ``articles.text`` holds it.
    """
    a = analysis
    meta = a.meta
    h = content_hash or _content_hash(a.text, url=meta.url, outlet=meta.outlet, title=meta.title)
    sig = dedup.article_signature((meta.title or "") + "\n" + a.text)
    article = dict(
        content_hash=h, url=meta.url, title=meta.title, outlet=meta.outlet or _byline_outlet(a), published=meta.published,
        path=meta.path, text=a.text, raw=None, raw_z=pack(raw), analysis="",
        analysis_z=pack(strip_text(analysis_json) if analysis_json else slim_json(a)),
        n_attributions=len(a.attributions), minhash=sig,
    )
    ents = [{"label": e.label, "text": e.text, "fold": fold(e.text), "name_en": e.name_en,
             "start": e.start, "end": e.end} for e in a.entities]
    pls = [{"text": p.text, "fold": fold(p.text), "name_en": p.name_en, "lat": p.lat, "lon": p.lon,
            "country_code": p.country_code, "start": p.start, "end": p.end} for p in a.places]
    hedged_ids = {x.attribution for x in a.hedges if x.kind == "hedge" and x.attribution is not None}
    chains = {c.attribution: c.chain for c in a.provenance.chains}
    atts: list[dict[str, Any]] = []
    claims: list[Optional[ClaimRow]] = []
    for at in a.attributions:
        inside = [e.text for e in a.entities
                  if e.label in CLAIM_LABELS and at.content.start <= e.start and e.end <= at.content.end]
        claims.append(claim_row(at.content.text, inside,
                                claim_speaker(at.source.kind, resolved_source(at.source.model_dump()))))
        atts.append(dict(
            idx=at.id, source=at.source.text, source_kind=at.source.kind,
            source_name_en=at.source.name_en, source_fold=fold(at.source.text),
            source_resolved=resolved_source(at.source.model_dump(), h[:8]), cue=at.cue.text, cue_lemma=at.cue.lemma,
            stance=at.cue.stance, hedged=C.is_hedged(at.cue.stance, at.id in hedged_ids), mode=at.mode,
            content=at.content.text, content_start=at.content.start, content_end=at.content.end,
            chain=json.dumps(chains[at.id], ensure_ascii=False) if at.id in chains else None))
    return ArticleRows(
        content_hash=h, article=article,
        bands=dedup.band_keys(sig, kind="a", threshold=dedup.THRESHOLD),
        search_title=fold(meta.title or ""), search_body=fold(a.text),
        entities=ents, places=pls, attributions=atts, claims=claims,
    )
