"""One article, end to end: decode → normalise → segment → annotators → Analysis.

The pipeline is a list of named components (spaCy's habit). Each component is a plain
function that reads the :class:`~rawi.doc.Doc` and what earlier components produced
(the ``results`` dict) and returns its own records. A component can be run, tested and
benchmarked alone; ``analyze(..., disable=[...])`` skips some.
"""
from __future__ import annotations

import dataclasses
import re
import importlib
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional, Sequence, Union

from . import windows
from .doc import Doc
from .io import InputError, decode_with_warnings, html_to_text, looks_like_html
from .meta import iso_published, published_problem
from .schema import Analysis, Meta, Provenance, Sentence


@dataclass(frozen=True)
class Component:
    name: str
    target: str  # "module:function"
    needs: tuple[str, ...] = ()

    def load(self) -> Callable[..., Any]:
        mod, fn = self.target.split(":")
        return getattr(importlib.import_module(mod), fn)


# Order matters: later components read earlier results.
COMPONENTS: list[Component] = [
    Component("boilerplate", "rawi.annotate.furniture:annotate_boilerplate"),
    Component("places", "rawi.annotate.places:annotate_places"),
    Component("entities", "rawi.annotate.entities:annotate_entities", ("places",)),
    Component("times", "rawi.annotate.times:annotate_times"),
    Component("quantities", "rawi.annotate.quantities:annotate_quantities", ("times",)),
    Component("attributions", "rawi.annotate.attribution:annotate_attributions", ("entities",)),
    Component("english", "rawi.annotate.english:annotate_english", ("entities", "attributions")),
    Component("provenance", "rawi.annotate.provenance:annotate_provenance", ("attributions",)),
    Component("hedges", "rawi.annotate.hedges:annotate_hedges", ("attributions",)),
    Component("framing", "rawi.annotate.framing:annotate_framing", ("attributions",)),
    Component("events", "rawi.annotate.events:annotate_events", ("attributions", "entities", "places", "times")),
]

_LOADED: dict[str, Callable[..., Any]] = {}

# The longest text analysed: cost is linear (rawi/windows.py), ~4 ms of CPU and ~0.1 MB of
# peak memory per KB of Persian text (benchmarks/scaling.py), so this bound keeps one article
# under ~25 s and ~800 MB. About 5.7 MB of Persian in UTF-8.
MAX_CHARS = 3_000_000


def _component(c: Component) -> Callable[..., Any]:
    fn = _LOADED.get(c.name)
    if fn is None:
        fn = _LOADED[c.name] = c.load()
    return fn


def make_doc(text: Union[str, bytes], **meta: Any) -> Doc:
    """Decode, strip HTML when it is a page, normalise and segment."""
    name = meta.get("path") or meta.get("url") or "<input>"
    notes: list[str] = list(meta.pop("warnings", None) or [])  # from a caller that decoded the bytes itself
    if isinstance(text, (bytes, bytearray)) and len(text) > 4 * MAX_CHARS:  # refused before decoding
        raise InputError(str(name), f"too long ({len(text):,} bytes; the limit is {MAX_CHARS:,} characters)")
    if isinstance(text, (bytes, bytearray)):
        text, more = decode_with_warnings(bytes(text), str(name))
        notes += more
    if not isinstance(text, str):
        raise InputError(str(name), f"expected text or bytes, not {type(text).__name__}")
    if not text.strip():
        raise InputError(str(name), "empty input")
    if len(text) > MAX_CHARS:
        raise InputError(str(name), f"too long ({len(text):,} characters; the limit is {MAX_CHARS:,}): split it into articles")
    if meta.get("published") not in (None, ""):
        try:  # Solar Hijri (1402/10/25, ۲۵ دی ۱۴۰۲) becomes ISO here, so relative dates resolve
            meta["published"] = iso_published(meta["published"])
        except ValueError as e:
            raise InputError(str(name), str(e)) from None
    if looks_like_html(text):
        text, page_meta = html_to_text(text, str(name))
        meta.setdefault("title", page_meta.get("title"))
        if page_meta.get("date") and not published_problem(page_meta["date"]):  # a page's own date may be anything
            meta.setdefault("published", iso_published(page_meta["date"]))
        meta.setdefault("url", page_meta.get("url"))
        meta["_extracted"] = True  # offset_map then points into the extracted text: the Analysis carries it
    doc = Doc.from_raw(text, **meta)
    if not doc.text.strip():
        raise InputError(str(name), "no text: only invisible marks, diacritics or spaces")
    return dataclasses.replace(doc, notes=tuple(notes)) if notes else doc


def analyze(text: Union[str, bytes], *, disable: Iterable[str] = (), **meta: Any) -> Analysis:
    """Analyse one article and return its :class:`Analysis` (see rawi/schema.py)."""
    doc = make_doc(text, **meta)
    return analyze_doc(doc, disable=disable)


def analyze_doc(doc: Doc, *, disable: Iterable[str] = ()) -> Analysis:
    return analyze_docs([doc], disable=disable)[0]


def analyze_docs(docs: Sequence[Doc], *, disable: Iterable[str] = ()) -> list[Analysis]:
    """Analyse several Docs stage by stage: each component runs over every Doc before the
    next component starts. The output is that of ``[analyze_doc(d) for d in docs]`` (no
    stage keeps state that another reads; the NER model still sees the Docs in order).

    Why: a component's code, lexicons and automata then stay in the CPU caches from one Doc
    to the next; on fresh Fars articles a batch of 25 costs ~8 % less CPU than one article
    at a time, 500 at once ~11 % (benchmarks/experiments/stage_order.py). An exception in any component
    propagates and the whole batch is lost: callers that must survive bad input analyse
    the Docs of a failed batch one by one.
    """
    skip = set(disable)
    if any(len(d.text) > windows.WINDOW for d in docs):  # long texts: window by window (rawi/windows.py)
        return [_analyze_long(d, skip) if len(d.text) > windows.WINDOW else analyze_docs([d], disable=skip)[0] for d in docs]
    results, warnings = _run(docs, skip)
    return [_analysis(doc, res, warnings) for doc, res in zip(docs, results)]


def _run(docs: Sequence[Doc], skip: set[str], results: Optional[list[dict[str, Any]]] = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Every component not in ``skip`` over ``docs``, stage by stage, into ``results``."""
    results = results if results is not None else [{} for _ in docs]
    warnings: list[str] = []
    for c in COMPONENTS:
        if c.name in skip:
            continue
        try:
            fn = _component(c)
        except ModuleNotFoundError as e:  # a component not installed in this build
            if e.name and c.target.startswith(e.name):
                warnings.append(f"component {c.name!r} unavailable: {e}")
                continue
            raise
        for doc, res in zip(docs, results):
            args = [res.get(n) if res.get(n) is not None else [] for n in c.needs]
            res[c.name] = fn(doc, *args)
    return results, warnings


def _analyze_long(doc: Doc, skip: set[str]) -> Analysis:
    def run(wdoc: Doc, wskip: set[str]) -> tuple[dict[str, Any], list[str]]:
        res, warns = _run([wdoc], wskip)
        return res[0], warns

    merged, warnings = windows.analyze_windows(doc, run, skip)
    whole = skip | {c.name for c in COMPONENTS if c.name not in windows.WHOLE_TEXT}
    results, more = _run([doc], whole, [merged])
    return _analysis(doc, results[0], more + warnings)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # one for one: the offsets into source_text stay true


def _analysis(doc: Doc, results: dict[str, Any], warnings: list[str]) -> Analysis:
    meta_fields = set(Meta.model_fields)
    return Analysis(
        meta=Meta(**{k: (str(v) if v is not None else None) for k, v in doc.meta.items() if k in meta_fields}),
        text=doc.text,
        offset_map=_anchors(doc),
        sentences=[Sentence(start=s, end=e) for s, e in doc.sentences],
        attributions=results.get("attributions") or [],
        provenance=_honest_outlet(doc, results.get("provenance") or Provenance()),
        entities=results.get("entities") or [],
        places=results.get("places") or [],
        times=results.get("times") or [],
        quantities=results.get("quantities") or [],
        hedges=results.get("hedges") or [],
        framing=results.get("framing") or [],
        events=results.get("events") or [],
        boilerplate=results.get("boilerplate") or [],
        source_text=_LONE_SURROGATE.sub("\ufffd", doc.raw) if doc.meta.get("_extracted") else None,
        warnings=list(doc.notes) + warnings,
    )


def _honest_outlet(doc: Doc, prov: Provenance) -> Provenance:
    """A metadata outlet that the text never names came with the empty span {0, 0} but its
    name as the span's text; a span's text is ``text[start:end]`` (the name stays in
    ``name_en``)."""
    o = prov.outlet
    if o is None or o.text == doc.text[o.start:o.end]:
        return prov
    return prov.model_copy(update={"outlet": o.model_copy(update={"text": doc.text[o.start:o.end]})})


def _anchors(doc: Doc) -> list[tuple[int, int]]:
    return doc.offset_anchors
