"""The one source of truth for rawi's JSON output (pydantic models).

Every record carries the exact span it came from: ``start``/``end`` are character
offsets into ``Analysis.text`` (the normalised text, never mutated). ``offset_map``
maps those offsets back to the raw input (see :mod:`rawi.normalize.offsets`).

Contract: key names and value sets named in the issues are interfaces; add, never rename.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

# How an English label was made: from a curated list (organisations, people, outlets, gazetteer),
# translated (a title or description), or romanised from the Persian spelling (a name no list knows).
NameMethod = Literal["curated", "translated", "romanized"]
SourceKind = Literal["anonymous", "named", "official", "organization", "media"]
Stance = Literal["neutral", "emphatic", "hedged"]
Mode = Literal["direct", "indirect"]
EntityLabel = Literal["PER", "ORG", "LOC", "FAC", "NORP", "EVENT", "PRO", "DAT", "TIM", "MON", "PCT"]
Calendar = Literal["jalali", "hijri", "gregorian"]
Voice = Literal["outlet", "attributed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of the normalised text."""

    text: str
    start: int
    end: int


class Sentence(_Model):
    start: int
    end: int


class SourceRef(Span):
    """The antecedent a pronoun-like source ("این منابع", "الحلبی") refers to."""

    kind: Optional[SourceKind] = None


class Speaker(_Model):
    """Who is speaking, shared by every attribution of that speaker in the article (name, title,
    surname, "وی" and dropped subjects alike). ``id`` is unique inside one analysis; a title with
    no holder is a speaker described by it (``name`` null)."""

    id: int
    name: Optional[str] = None
    title: Optional[str] = None
    name_en: Optional[str] = None
    title_en: Optional[str] = None
    kind: SourceKind
    honorific_en: Optional[str] = None
    name_en_method: Optional[NameMethod] = None
    description: Optional[str] = None  # how an unnamed speaker is described ("منابع آگاه"), as first written
    description_en: Optional[str] = None


class Source(Span):
    kind: SourceKind
    name_en: Optional[str] = None
    name_en_method: Optional[NameMethod] = None
    refers_to: Optional[SourceRef] = None
    speaker: Optional[Speaker] = None


class Cue(Span):
    lemma: str
    stance: Stance = "neutral"
    lemma_en: Optional[str] = None


class Attribution(_Model):
    id: int
    source: Source
    cue: Cue
    content: Span
    mode: Mode
    via: list[Span] = Field(default_factory=list)
    sentence: int = 0


Affiliation = Literal["state", "semi-official", "irgc-basij", "clerical", "principlist", "reformist", "independent",
                      "foreign-state", "diaspora-private", "private", "unknown"]


class Outlet(Span):
    """A news outlet. ``known``: in rawi's outlet registry (rawi/lexicons/outlet_registry.tsv);
    an outlet found by its byline form alone is still an outlet, with ``known: false``."""

    name_en: Optional[str] = None
    known: Optional[bool] = None
    registry_id: Optional[str] = None
    domain: Optional[str] = None
    affiliation: Optional[Affiliation] = None
    country: Optional[str] = None  # ISO 3166-1 alpha-2 of the outlet's base


class Desk(Span):
    """The newsroom desk in a byline ("گروه بین‌الملل" -> International desk)."""

    name_en: Optional[str] = None


class ClaimChain(_Model):
    """outlet ← relayed outlet(s) ← source, for one attribution."""

    attribution: int
    chain: list[str]  # English labels, outlet first, the source last
    source_kind: SourceKind


class Provenance(_Model):
    outlet: Optional[Outlet] = None
    desk: Optional[Desk] = None
    relayed_from: list[Outlet] = Field(default_factory=list)
    chains: list[ClaimChain] = Field(default_factory=list)


BoilerplateKind = Literal["masthead", "news_code", "breadcrumb", "section", "datetime", "share", "end_marker",
                          "site_meta", "repeated_lead"]


class Boilerplate(Span):
    """Page furniture (tagline, news code, share line, a lead printed twice ...): kept out of
    attributions, entities, claims and search snippets; the text is left as it is."""

    kind: BoilerplateKind


class Entity(Span):
    label: EntityLabel
    name_en: Optional[str] = None
    name_en_method: Optional[NameMethod] = None
    origin: str = "gazetteer"  # gazetteer | ner | rule


class Place(Span):
    name_en: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    country_code: Optional[str] = None
    gazetteer_id: Optional[str] = None
    feature: Optional[str] = None  # city | region | country | mountain | desert | facility | ...


class TimeExpr(Span):
    value: str  # ISO date YYYY-MM-DD, YYYY-MM, YYYY, or an interval "YYYY-MM-DD/YYYY-MM-DD"
    calendar: Calendar
    relative: bool = False


class Quantity(Span):
    value: float
    unit: Optional[str] = None  # the unit noun as written (تروریست, نفر, دلار ...)
    unit_en: Optional[str] = None


class Hedge(Span):
    kind: Literal["hedge", "booster", "denial", "distancing"]
    gloss_en: Optional[str] = None
    attribution: Optional[int] = None


class Framing(Span):
    technique: str  # SemEval-2023 Task 3 technique name, e.g. "Name_Calling-Labeling"
    voice: Voice
    attribution: Optional[int] = None
    gloss_en: Optional[str] = None
    frame: Optional[str] = None  # rawi's finer frame under the technique: conspiracy, terror_label, plunder ...


class Event(_Model):
    category: str  # PLOVER: ASSAULT, COERCE, MOBILIZE, RETREAT, AID ...
    trigger: Span
    action_en: Optional[str] = None  # English gloss of the trigger ("attacked", "transferred")
    actor: Optional[Span] = None
    target: Optional[Span] = None
    place: Optional[Span] = None
    time: Optional[Span] = None
    geo_precision: Optional[int] = None  # ACLED: 1 exact town, 2 near/part of region, 3 province/region
    time_precision: Optional[int] = None  # ACLED: 1 day, 2 week/month-ish, 3 month or wider
    attributions: list[int] = Field(default_factory=list)
    asserted_by: Literal["outlet", "source"] = "outlet"


class Meta(_Model):
    path: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None  # ISO date


class Analysis(_Model):
    schema_version: str = SCHEMA_VERSION
    meta: Meta = Field(default_factory=Meta)
    text: str
    offset_map: list[tuple[int, int]] = Field(
        default_factory=list,
        description="Anchors (normalised offset, raw offset): raw = r + (p - n) for the last anchor n <= p.",
    )
    sentences: list[Sentence] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    hedges: list[Hedge] = Field(default_factory=list)
    framing: list[Framing] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    boilerplate: list[Boilerplate] = Field(default_factory=list)
    source_text: Optional[str] = Field(
        default=None,
        description="HTML input only: the page's text as extracted, which offset_map points into "
                    "(for text input offset_map points into the input itself).")
    warnings: list[str] = Field(default_factory=list)


def json_schema() -> dict:
    return Analysis.model_json_schema()
