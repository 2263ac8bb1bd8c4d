#!/usr/bin/env python
"""rawi benchmarks: one command, one table, ratios against hazm measured in the same run.

    python benchmarks/run.py                 # 2,000 articles of ~5 KB (Fars News), everything
    python benchmarks/run.py --quick         # 200 articles, fewer repeats (a smoke run, ~1 min)
    python benchmarks/run.py --articles 500 --no-dask

Rows (see benchmarks/README.md): per stage throughput (decode, normalise, ZWNJ restore,
segment, every pipeline component of rawi/pipeline.py), the whole pipeline, JSON output,
hazm normalise+sentence+word tokenise (the baseline), start-up in fresh processes, peak RSS
of a process analysing the whole set, NER tokens/s, ingest rate into SQLite (and PostgreSQL
when RAWI_TEST_PG_URL is set), and Dask 1 → 2 local workers with an identical-output check.

hazm is imported here only: it is the baseline, never a rawi dependency.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

ROOT = Path(__file__).resolve().parents[1]
# "One core" must mean one core: a multi-threaded BLAS would spin the second core during the
# NER's matrix products (as the `rawi` command does, see rawi.cli.one_blas_thread).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
SHARED = Path(os.environ.get("RAWI_SHARED_DATA", ROOT.parent / "shared" / "data"))
FARS = SHARED / "farsnews-course"
EXAMPLE = ROOT / "tests" / "fixtures" / "defapress-alsinaa-prison.txt"
SAMPLE_SENTENCE = "به گزارش خبرگزاری فارس، سخنگوی وزارت خارجه روز دوشنبه در تهران گفت که ۳ نفر بازداشت شدند."


# ---------------------------------------------------------------------------- the articles
def load_articles(n: int, size_kb: float) -> tuple[list[dict], str]:
    """``n`` items {"key","text","meta"}; Fars News when the shared data is there.

    Each Fars article gives title + paragraphs. With ``size_kb`` > 0 the set is shaped to
    articles of about that size (the issue's yardstick is ~5 KB; the median Fars article is
    2.2 KB): an article longer than 2×size_kb keeps its first paragraphs up to that length,
    and consecutive short articles are joined until 0.6×size_kb is reached, which gives a
    mean of ≈ size_kb (5.3 KB for 5). Articles are reused cyclically, in different
    combinations, when ``n`` needs more text than the corpus has.
    """
    pieces: list[tuple[str, str]] = []  # (link, text)
    source = ""
    cap = int(size_kb * 2 * 1024) if size_kb > 0 else 0
    if FARS.exists():
        seen: set[str] = set()
        for f in sorted(FARS.glob("fars-news-*.json")):
            for r in json.loads(f.read_text(encoding="utf-8")):
                link = r.get("link") or ""
                if link in seen:
                    continue
                seen.add(link)
                parts = [r.get("title") or ""]
                for p in r.get("paragraphs") or []:
                    if cap and len("\n".join(parts).encode("utf-8")) >= cap:
                        break
                    if p.strip():
                        parts.append(p)
                body = "\n".join(parts)
                if body.strip():
                    pieces.append((link, body))
        source = f"Fars News ({FARS}, {len(pieces)} unique articles)"
    if not pieces:
        paras = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n") if p.strip()]
        for i in range(len(paras)):
            pieces.append((f"fixture#{i}", "\n".join(paras[i:] + paras[:i])))
        source = f"fixture {EXAMPLE.name} rotated (shared data absent)"
    target = int(size_kb * 1024 * 0.6)
    items: list[dict] = []
    j = 0
    for i in range(n):
        parts, links = [], []
        while True:
            link, body = pieces[j % len(pieces)]
            j += 1
            parts.append(body)
            links.append(link)
            if target <= 0 or len("\n".join(parts).encode("utf-8")) >= target:
                break
        items.append({"key": f"b{i:06d}", "text": "\n".join(parts), "meta": {"url": links[0], "outlet": "Fars News Agency"}})
    if size_kb > 0:
        sizes = sorted(len(it["text"].encode("utf-8")) for it in items)
        source += f", shaped to ~{size_kb:g} KB (median {sizes[len(sizes) // 2] / 1024:.1f} KB)"
    return items, source


# ---------------------------------------------------------------------------- measuring
@dataclass
class Row:
    section: str
    name: str
    value: str
    unit: str = ""
    ratio: str = ""  # time relative to hazm on the same articles
    target: str = ""
    ok: str = ""


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def rate_row(section: str, name: str, secs: float, n_articles: int, kb: float, base: Optional[float],
             extra: str = "", target: str = "", ok: str = "") -> Row:
    aps = n_articles / secs if secs else float("inf")
    kbs = kb / secs if secs else float("inf")
    ratio = f"{secs / base:.2f}×" if base else ""
    return Row(section, name, f"{aps:,.0f} art/s · {kbs:,.0f} KB/s{extra}", f"{secs * 1000 / n_articles:.2f} ms/art", ratio, target, ok)


def verdict(good: bool) -> str:
    return "yes" if good else "NO"


def subprocess_wall(code: str, repeats: int) -> float:
    """Median wall time of ``python -c code`` in a fresh interpreter."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=str(ROOT), stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# ---------------------------------------------------------------------------- sections
def probe_components(text: str, rows: list[Row]) -> list[str]:
    """Components that raise on a real article (a half-built checkout) are disabled and listed."""
    from rawi.doc import Doc
    from rawi.pipeline import COMPONENTS, _component

    doc = Doc.from_raw(text)
    results: dict[str, Any] = {}
    broken: list[str] = []
    for c in COMPONENTS:
        try:
            fn = _component(c)
            args = [results.get(x) if results.get(x) is not None else [] for x in c.needs]
            results[c.name] = fn(doc, *args)
        except ModuleNotFoundError:
            continue  # reported as "not built" by the stage rows
        except Exception as e:  # noqa: BLE001
            broken.append(c.name)
            rows.append(Row("broken", f"component {c.name} DISABLED in every row", f"{type(e).__name__}: {str(e)[:90]}", ok="NO"))
    return broken


def hazm_runner() -> Optional[Callable[[list[str]], int]]:
    """hazm normalise + sentence + word tokenise of a list of texts (None without hazm)."""
    try:
        import hazm
    except ImportError:
        return None
    normalizer = hazm.Normalizer()

    def run(texts: list[str]) -> int:
        n = 0
        for t in texts:
            for s in hazm.sent_tokenize(normalizer.normalize(t)):
                n += len(hazm.word_tokenize(s))
        return n

    return run


def interleaved(items: list[dict], disable: list[str], rounds: int = 10, batch: int = 1) -> tuple[Optional[float], float, list[Any]]:
    """hazm and rawi on the same articles, alternating slice by slice so both see the same load.

    ``batch`` > 1: rawi analyses that many articles at a time with
    :func:`rawi.corpus.distributed.analyze_items` (the path of ``rawi analyze DIR``, ``rawi
    ingest`` and the Dask workers) instead of one ``rawi.analyze`` call per article.

    Returns (hazm seconds or None, rawi seconds, each analysis as JSON in input order).
    Each analysis is turned into its JSON output inside the timed region and only the JSON
    is kept, as `rawi analyze`/`rawi ingest` do: holding 2,000 live Analysis objects would
    charge the run for garbage-collector passes over them.
    """
    from rawi.corpus.distributed import analyze_items
    from rawi.pipeline import analyze

    hz = hazm_runner()
    texts = [it["text"] for it in items]
    if hz is not None:
        hz(texts[: max(1, len(texts) // 20)])  # warm up (lazy regex compilation inside hazm)
    step = max(1, -(-len(items) // rounds))
    base = 0.0
    secs = 0.0
    analyses: list[str] = []
    gc.collect()
    for i in range(0, len(items), step):
        if hz is not None:
            t0 = time.perf_counter()
            hz(texts[i:i + step])
            base += time.perf_counter() - t0
        t0 = time.perf_counter()
        if batch > 1:
            for j in range(i, min(i + step, len(items)), batch):
                analyses.extend(a.model_dump_json() for a, _ in analyze_items(items[j:min(j + batch, i + step)], tuple(disable)))
        else:
            analyses.extend(analyze(it["text"], disable=disable, **it["meta"]).model_dump_json() for it in items[i:i + step])
        secs += time.perf_counter() - t0
    return (base if hz is not None else None), secs, analyses


def bench_batch_path(n: int, size_kb: float, rows: list[Row], section: str, disable: list[str], batch: int = 25) -> None:
    """The full analysis as `rawi analyze DIR`, `rawi ingest` and Dask workers run it: batches
    of ``batch`` articles, each component over the whole batch (pipeline.analyze_docs). In a
    fresh process, so that no cache is warm from the one-at-a-time row; hazm interleaved as there."""
    code = (
        "import sys, json; sys.path.insert(0, %r)\n"
        "import run as b\n"
        "items, _ = b.load_articles(%d, %r)\n"
        "from rawi.pipeline import analyze\n"
        "analyze(items[0]['text'], disable=%r)\n"
        "base, secs, _ = b.interleaved(items, %r, batch=%d)\n"
        "print(json.dumps([base, secs, sum(len(it['text'].encode('utf-8')) for it in items) / 1024]))\n"
    ) % (str(Path(__file__).resolve().parent), n, size_kb, list(disable), list(disable), batch)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=str(ROOT))
    base, secs, kb = json.loads(out.stdout.strip().splitlines()[-1])
    ratio = secs / base if base else None
    rows.append(rate_row(section, f"the same in batches of {batch} (rawi analyze DIR, ingest, Dask workers; fresh process, hazm interleaved there too)",
                         secs, n, kb, base, target="≥ 100 art/s; ≤ 5× hazm",
                         ok=verdict(n * (kb / n) / 5 / secs >= 100 and (ratio is None or ratio <= 5))))


def bench_stages(items: list[dict], kb: float, base: Optional[float], rows: list[Row], disable: list[str]) -> None:
    """Each stage alone on the same articles, in pipeline order."""
    from rawi import segment
    from rawi.doc import Doc
    from rawi.io import decode
    from rawi.normalize import normalize
    from rawi.pipeline import COMPONENTS, _component

    n = len(items)
    texts = [it["text"] for it in items]
    raw = [t.encode("utf-8") for t in texts]
    sec = f"stages ({n} articles)"

    secs, _ = timed(lambda: [decode(b) for b in raw])
    rows.append(rate_row(sec, "decode (bytes → str, checks)", secs, n, kb, base))
    secs, normed = timed(lambda: [normalize(t, with_map=True, zwnj=False) for t in texts])
    rows.append(rate_row(sec, "normalise: characters + offset map", secs, n, kb, base))
    try:
        from rawi.normalize import zwnj

        pre = [x.text for x in normed]
        secs, _ = timed(lambda: [zwnj.restore(s) for s in pre])
        rows.append(rate_row(sec, "normalise: ZWNJ restore", secs, n, kb, base))
    except Exception as e:  # noqa: BLE001 - report, do not crash the table
        rows.append(Row(sec, "normalise: ZWNJ restore", f"failed: {e}"))
    secs, full = timed(lambda: [normalize(t, with_map=True) for t in texts])
    rows.append(rate_row(sec, "normalise: all (as Doc.from_raw)", secs, n, kb, base))
    before_components = secs
    clean = [x.text for x in full]
    secs, _ = timed(lambda: [(segment.sentences(t), segment.tokens(t)) for t in clean])
    rows.append(rate_row(sec, "segment: sentences + tokens", secs, n, kb, base))
    before_components += secs

    docs = [Doc.from_raw(t) for t in texts]
    for d in docs:
        d.sentences, d.tokens  # noqa: B018 - computed once, as in the pipeline
    results: list[dict[str, Any]] = [{} for _ in docs]
    spent: dict[str, float] = {}
    for c in COMPONENTS:
        if c.name in disable:
            rows.append(Row(sec, f"component {c.name}", "disabled"))
            continue
        try:
            fn = _component(c)
        except ModuleNotFoundError as e:
            rows.append(Row(sec, f"component {c.name}", "not built", ratio="", ok=f"({e.name})"))
            continue

        def run(fn=fn, c=c) -> None:
            for d, r in zip(docs, results):
                args = [r.get(x) if r.get(x) is not None else [] for x in c.needs]
                r[c.name] = fn(d, *args)

        try:
            secs, _ = timed(run)
        except Exception as e:  # noqa: BLE001
            rows.append(Row(sec, f"component {c.name}", f"failed: {type(e).__name__}: {e}"))
            continue
        spent[c.name] = secs
        rows.append(rate_row(sec, f"component {c.name}", secs, n, kb, base))
    bench_without_ner(docs, results, spent, before_components, sec, n, kb, base, rows)


def bench_without_ner(docs: list[Any], results: list[dict[str, Any]], spent: dict[str, float], before: float,
                      sec: str, n: int, kb: float, base: Optional[float], rows: list[Row]) -> None:
    """The entities component with the NER model's output replayed (its own work: gazetteer
    places → entities, NORP lexicon, merge), and every stage without NER added up."""
    if "entities" not in spent:
        return
    try:
        import rawi.ner as ner
        from rawi.annotate.entities import annotate_entities
    except ImportError:
        return
    real = ner.annotate_entities
    try:
        replay = {id(d): real(d) for d in docs}
        ner.annotate_entities = lambda doc: list(replay[id(doc)])
        secs, _ = timed(lambda: [annotate_entities(d, r.get("places") or []) for d, r in zip(docs, results)])
    except Exception as e:  # noqa: BLE001 - report, do not crash the table
        rows.append(Row(sec, "component entities without NER", f"failed: {type(e).__name__}: {e}"))
        return
    finally:
        ner.annotate_entities = real
    rows.append(rate_row(sec, "component entities without NER (its output replayed)", secs, n, kb, base))
    total = before + sum(spent.values()) - spent["entities"] + secs
    rows.append(rate_row(sec, "all stages without NER (normalise + segment + components)", total, n, kb, base,
                         target="≤ 5 ms/art", ok=verdict(total * 1000 / n <= 5)))


def bench_ner(items: list[dict], rows: list[Row]) -> None:
    try:
        from rawi.ner import annotate_entities, get_model
    except ImportError as e:
        rows.append(Row("NER", "NER tokens/s", f"not built ({e})"))
        return
    from rawi.doc import Doc

    try:
        model = get_model()
    except Exception as e:  # noqa: BLE001 - model not built in this checkout
        rows.append(Row("NER", "NER tokens/s", f"model unavailable: {str(e)[:80]}"))
        return
    kind = {"NeuralNerModel": "neural", "NerModel": "CRF", "MultiNerModel": "ensemble"}.get(type(model).__name__, type(model).__name__)
    docs = [Doc.from_raw(it["text"]) for it in items]
    ntok = sum(len(d.tokens) for d in docs)
    for d in docs:
        d.sentences  # noqa: B018
    secs, _ = timed(lambda: [annotate_entities(d) for d in docs])
    rows.append(Row("NER", f"NER ({kind}; $RAWI_NER_MODEL picks another) on sentence tokens, first pass", f"{ntok / secs:,.0f} tok/s", f"{ntok:,} tokens", ""))


def bench_startup(repeats: int, rows: list[Row], disable: list[str]) -> None:
    sec = "start-up (fresh process, median)"
    py = subprocess_wall("pass", repeats)
    imp = subprocess_wall("import rawi", repeats)
    imp_p = subprocess_wall("import rawi.pipeline", repeats)
    first = subprocess_wall(f"import rawi; rawi.analyze({SAMPLE_SENTENCE!r}, disable={list(disable)!r})", repeats)
    rows.append(Row(sec, "python -c pass (interpreter only)", f"{py * 1000:,.0f} ms"))
    rows.append(Row(sec, "import rawi", f"{imp * 1000:,.0f} ms"))
    rows.append(Row(sec, "import rawi.pipeline", f"{imp_p * 1000:,.0f} ms"))
    rows.append(Row(sec, "import + first rawi.analyze (all models)", f"{first * 1000:,.0f} ms", target="< 1000 ms", ok=verdict(first < 1.0)))


CLI = "import sys; sys.argv[0] = 'rawi'; from rawi.cli import main; main()"  # what the `rawi` entry point runs


def bench_cli_startup(repeats: int, rows: list[Row]) -> None:
    """``rawi analyze`` of one small file against ``python -c pass`` and ``rawi --help``, each a
    fresh process, the three interleaved round by round (a busy machine slows them alike);
    medians over the rounds. The command is run as its entry point does (no shell shim)."""
    with tempfile.TemporaryDirectory() as d:
        small = Path(d) / "small.txt"
        small.write_text(SAMPLE_SENTENCE + "\n", encoding="utf-8")
        cmds = {"pass": [sys.executable, "-c", "pass"],
                "help": [sys.executable, "-c", CLI, "--help"],
                "analyze": [sys.executable, "-c", CLI, "analyze", str(small)]}
        times: dict[str, list[float]] = {k: [] for k in cmds}
        cpu: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(repeats):
            for k, cmd in cmds.items():
                t0, r0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run(cmd, check=True, cwd=str(ROOT), stdout=subprocess.DEVNULL)
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                times[k].append(time.perf_counter() - t0)
                cpu[k].append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
    med = {k: statistics.median(v) for k, v in times.items()}
    mc = {k: statistics.median(v) for k, v in cpu.items()}  # CPU time: what a busy machine inflates least
    sec = f"start-up of the rawi command (fresh process, median of {repeats} interleaved rounds; wall, CPU)"

    def val(k: str) -> str:
        return f"{med[k] * 1000:,.0f} ms (CPU {mc[k] * 1000:,.0f} ms)"

    rows.append(Row(sec, "python -c pass (interpreter only)", val("pass")))
    rows.append(Row(sec, "rawi --help", val("help"), f"CPU {mc['help'] / mc['pass']:.1f}× python -c pass"))
    rows.append(Row(sec, "rawi analyze FILE (one sentence)", val("analyze"),
                    f"CPU {mc['analyze'] / mc['pass']:.1f}× python -c pass, {mc['analyze'] / mc['help']:.1f}× rawi --help",
                    target="< 700 ms", ok=verdict(med["analyze"] < 0.7)))


def bench_rss(n: int, size_kb: float, rows: list[Row], disable: list[str], new_words: int = 0) -> None:
    """Peak RSS of a fresh process analysing ``n`` articles; with ``new_words``, each article is
    followed by that many random never-seen words: the worst case for the per-word caches (NER
    rows, ZWNJ decisions, token keys), i.e. an endless archive's vocabulary compressed into a
    short run."""
    code = (
        "import sys, resource, random; sys.path.insert(0, %r)\n"
        "import run as b\n"
        "items, _ = b.load_articles(%d, %r)\n"
        "import rawi\n"
        "from rawi.pipeline import analyze\n"
        "rnd, letters, k = random.Random(1), 'ابپتثجچحخدرزسشصضطظعغفقکگلمنوهی', %d\n"
        "def fresh(): return ' '.join(''.join(rnd.choice(letters) for _ in range(rnd.randint(4, 9))) for _ in range(k))\n"
        "for it in items: analyze(it['text'] + ('\\n' + fresh() + ' گفت.' if k else ''), disable=%r, **it['meta'])\n"
        # VmHWM, not ru_maxrss: Linux carries the parent's peak across fork+exec into ru_maxrss.
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "print(int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    ) % (str(Path(__file__).resolve().parent), n, size_kb, new_words, list(disable))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=str(ROOT))
    mb = int(out.stdout.strip().splitlines()[-1]) / 1024
    what = f"peak RSS, one process analysing {n} articles"
    if new_words:
        what += f", each followed by {new_words} never-seen words (worst case for the word caches)"
    rows.append(Row("memory", what, f"{mb:,.0f} MB", target="< 500 MB", ok=verdict(mb < 500)))


def bench_two_processes(n: int, size_kb: float, rows: list[Row], disable: list[str]) -> float:
    """What two cores give without Dask: 1 plain process analysing ``n`` articles alone, then
    2 such processes at once (no messages, no scheduler). 2 × (rate at once ÷ rate alone) is
    the most any 2-worker scaling can reach on this machine: caches, memory bandwidth and the
    host's other guests are shared. Returns that ceiling."""
    code = (
        "import sys, time; sys.path.insert(0, %r)\n"
        "import run as b\n"
        "items, _ = b.load_articles(%d, %r)\n"
        "from rawi.pipeline import analyze\n"
        "for it in items[:20]: analyze(it['text'], disable=%r, **it['meta'])\n"
        "sys.stdout.write('ready\\n'); sys.stdout.flush(); sys.stdin.readline()\n"
        "t = time.perf_counter()\n"
        "for it in items: analyze(it['text'], disable=%r, **it['meta']).model_dump_json()\n"
        "print(time.perf_counter() - t, sum(len(it['text'].encode('utf-8')) for it in items) / 1024)\n"
    ) % (str(Path(__file__).resolve().parent), n, size_kb, list(disable), list(disable))

    def run(k: int) -> list[list[float]]:
        procs = [subprocess.Popen([sys.executable, "-c", code], cwd=str(ROOT), stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True) for _ in range(k)]
        for p in procs:  # models loaded everywhere before anyone starts
            p.stdout.readline()
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        return [[float(x) for x in p.communicate()[0].strip().splitlines()[-1].split()] for p in procs]

    sec = f"two cores without Dask ({n} articles per process)"
    [(alone, kb)] = run(1)
    both = max(t for t, _ in run(2))
    rows.append(rate_row(sec, "1 process alone", alone, n, kb, None))
    rows.append(rate_row(sec, "2 processes at once, the slower one", both, n, kb, None))
    ceiling = 2 * alone / both
    rows.append(Row(sec, "ceiling for 2-worker scaling on this machine (2 × alone ÷ at once)", f"{ceiling:.2f}×"))
    return ceiling


def bench_ingest(analyses: list[Any], texts: list[str], rows: list[Row]) -> None:
    try:
        from rawi.corpus.store import Store
    except ImportError as e:
        rows.append(Row("ingest", "SQLite ingest", f"not built ({e})"))
        return
    nonce = f"{os.getpid()}-{time.time_ns()}"
    n = len(analyses)
    docs = [a.model_copy(update={"meta": a.meta.model_copy(update={"url": f"bench://{nonce}/{i}"})}) for i, a in enumerate(analyses)]
    targets = [("SQLite", None)]
    if os.environ.get("RAWI_TEST_PG_URL"):
        targets.append(("PostgreSQL", os.environ["RAWI_TEST_PG_URL"]))
    for label, url in targets:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                store = Store(url or f"sqlite:///{tmp}/bench.db")
            except Exception as e:  # noqa: BLE001
                rows.append(Row("ingest", f"{label} ingest", f"failed: {type(e).__name__}: {e}"))
                continue
            try:
                from rawi.corpus.rows import article_rows

                # What a Dask worker does for `rawi ingest --workers` (MinHash, bands, folds, claim keys)...
                prep, prepared = timed(lambda: [article_rows(a, raw=t) for a, t in zip(docs, texts)])
                # ... and what the one process owning the database then does (SQL only).
                sql, ids = timed(lambda: [store.add_rows(r) for r in prepared])
                secs = prep + sql
                rows.append(Row("ingest", f"{label} ingest (store.add_analysis, {n} analysed)", f"{n / secs:,.0f} art/s", f"{secs * 1000 / n:.2f} ms/art"))
                rows.append(Row("ingest", "  of which rows from the analysis (on Dask: on the workers)", f"{n / prep:,.0f} art/s", f"{prep * 1000 / n:.2f} ms/art"))
                rows.append(Row("ingest", "  of which SQL (on Dask: the ingest process; caps its rate)", f"{n / sql:,.0f} art/s", f"{sql * 1000 / n:.2f} ms/art"))
                if url:  # leave a shared PostgreSQL as we found it
                    for i in ids:
                        store.delete_article(i)
            except Exception as e:  # noqa: BLE001
                rows.append(Row("ingest", f"{label} ingest", f"failed: {type(e).__name__}: {e}"))
            finally:
                store.close()


def digest(a: Any) -> str:
    """sha256 of an analysis' JSON (an Analysis or its JSON string)."""
    if a is None:
        return "-"
    return hashlib.sha256((a if isinstance(a, str) else a.model_dump_json()).encode("utf-8")).hexdigest()


def _cpu_seconds() -> float:
    """User + system CPU time of this process (run on each Dask worker)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _dask_round(items: list[dict], w: int, reference: list[str], batch_size: int, disable: list[str]) -> dict[str, Any]:
    """One timed run of `analyze_many` on a fresh LocalCluster of ``w`` workers."""
    from distributed import Client

    from rawi.corpus.distributed import analyze_many, local_cluster
    from rawi.pipeline import analyze

    n = len(items)
    t0 = time.perf_counter()
    cluster = local_cluster(w)  # what `rawi analyze/ingest --workers N` starts
    diff = ""
    try:
        addr = cluster.scheduler_address
        list(analyze_many(items[:w], scheduler=addr, batch_size=1, disable=disable))  # models load on every worker
        start = time.perf_counter() - t0
        with Client(addr) as probe:
            cpu0 = probe.run(_cpu_seconds)
            # Consumed as `rawi analyze -f jsonl --workers N` consumes: each result's JSON used
            # (here: digested) and dropped; the client decodes nothing.
            c0 = _cpu_seconds()
            secs, got = timed(lambda: [digest(a) if a is not None else f"err:{e}" for _, a, e in analyze_many(items, scheduler=addr, batch_size=batch_size, disable=disable, result="json")])
            client_ms = (_cpu_seconds() - c0) * 1000 / n
            cpu1 = probe.run(_cpu_seconds)
            same = sum(1 for g, ref in zip(got, reference) if g == ref)
            if same < n:
                i = next(i for i, (g, ref) in enumerate(zip(got, reference)) if g != ref)
                _, a, e = next(iter(analyze_many([items[i]], scheduler=addr, batch_size=1, disable=disable)))
                diff = f"article {i}: error {e!r}"
                if a is not None:
                    ref_a = analyze(items[i]["text"], disable=disable, **items[i]["meta"]).model_dump()
                    diff = f"article {i}: fields " + ", ".join(k for k, v in a.model_dump().items() if ref_a.get(k) != v)
                    diff += " (a fresh in-process run agrees with Dask)" if a.model_dump() == ref_a else ""
    finally:
        cluster.close()
    # How much of a core each worker actually got: other jobs on the machine take the rest.
    share = sum(cpu1[k] - cpu0[k] for k in cpu1 if k in cpu0) / (secs * w)
    return {"secs": secs, "rate": n / secs, "share": share, "client_ms": client_ms, "same": same, "start": start, "diff": diff}


def bench_dask(items: list[dict], kb: float, reference: list[str], rows: list[Row], batch_size: int, disable: list[str],
               rounds: int = 3) -> None:
    """1 and 2 workers alternating ``rounds`` times (1, 2, 1, 2, ...): the scaling of each round
    compares two runs a few seconds apart, and the median of the rounds is quoted, so a drift of
    the shared machine's speed during the command does not decide the figure."""
    n = len(items)
    sec = f"Dask LocalCluster ({n} articles, batch {batch_size})"
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for _ in range(rounds):
        for w in (1, 2):
            runs[w].append(_dask_round(items, w, reference, batch_size, disable))
    for w in (1, 2):
        rs = runs[w]
        mid = sorted(rs, key=lambda r: r["rate"])[len(rs) // 2]  # the median run
        same = min(r["same"] for r in rs)
        for r in rs:
            if r["diff"]:
                rows.append(Row(sec, f"{w} worker(s): first difference", r["diff"], ok="NO"))
        rates = " / ".join(f"{r['rate']:.0f}" for r in rs)
        rows.append(rate_row(sec, f"{w} worker{'s' if w > 1 else ''}, median of {len(rs)} runs ({rates} art/s; cluster start + warm-up "
                             f"{mid['start']:.1f} s, not counted)", mid["secs"], n, kb, None,
                             extra=f" · identical {same}/{n} in every run · each worker got {mid['share']:.0%} of a core · "
                                   f"client + scheduler {mid['client_ms']:.2f} ms CPU/art", ok=verdict(same == n)))
    scales = [b["rate"] / a["rate"] for a, b in zip(runs[1], runs[2])]
    scale = statistics.median(scales)
    rows.append(Row(sec, "scaling 2 workers / 1 worker (wall clock), median of the rounds",
                    f"{scale:.2f}× (rounds: {', '.join(f'{x:.2f}×' for x in scales)})", target="≥ 1.8×", ok=verdict(scale >= 1.8)))
    cpu_scales = [b["rate"] / b["share"] / (a["rate"] / a["share"]) for a, b in zip(runs[1], runs[2]) if a["share"] > 0 and b["share"] > 0]
    if cpu_scales:
        rows.append(Row(sec, "  scaling per CPU-second received (estimate if each worker had a whole core), median",
                        f"{statistics.median(cpu_scales):.2f}×", ok="(estimate)"))


def bench_dask_ingest(items: list[dict], rows: list[Row], disable: list[str]) -> None:
    """`rawi ingest` into SQLite, in one process vs on 2 Dask workers (the workers compute the
    analyses and the store's rows; the ingest process runs the SQL). Same tables expected."""
    import sqlite3

    from rawi.corpus.distributed import analyze_many, ingest_many, local_cluster
    from rawi.corpus.ingest import ingest
    from rawi.corpus.store import Store

    n = len(items)
    sec = f"ingest on Dask ({n} articles into SQLite)"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for i, it in enumerate(items):  # unique URLs: every article is stored, none skipped as seen
                f.write(json.dumps({"text": it["text"], "url": f"{it['meta']['url']}#{i}", "outlet": it["meta"]["outlet"]},
                                   ensure_ascii=False) + "\n")
        serial = Store(f"sqlite:///{tmp}/serial.db")
        r1 = ingest([src], serial, progress=False, disable=disable)
        serial.close()
        rows.append(Row(sec, "rawi ingest, one process", f"{r1.added / r1.seconds:,.0f} art/s", f"{r1.seconds * 1000 / max(r1.added, 1):.2f} ms/art"))
        cluster = local_cluster(2)
        try:
            list(analyze_many(items[:2], scheduler=cluster.scheduler_address, batch_size=1, disable=disable))  # warm
            dist = Store(f"sqlite:///{tmp}/dask.db")
            c0 = _cpu_seconds()
            r2 = ingest_many([src], dist, scheduler=cluster.scheduler_address, batch_size=50, disable=disable)
            client_ms = (_cpu_seconds() - c0) * 1000 / max(r2.added, 1)
            dist.close()
        finally:
            cluster.close()
        q = "SELECT id, content_hash, analysis, cluster_id, dup_of FROM articles ORDER BY id"
        qa = "SELECT * FROM attributions ORDER BY id"
        a, b = sqlite3.connect(f"{tmp}/serial.db"), sqlite3.connect(f"{tmp}/dask.db")
        same = a.execute(q).fetchall() == b.execute(q).fetchall() and a.execute(qa).fetchall() == b.execute(qa).fetchall()
        a.close()
        b.close()
        rows.append(Row(sec, "rawi ingest --workers 2 (SQL in the ingest process)",
                        f"{r2.added / r2.seconds:,.0f} art/s · ingest process {client_ms:.2f} ms CPU/art · tables {'identical' if same else 'DIFFERENT'}",
                        f"{r2.seconds * 1000 / max(r2.added, 1):.2f} ms/art", ok=verdict(same and r2.added == r1.added)))
        rows.append(Row(sec, "speed-up", f"{(r2.added / r2.seconds) / (r1.added / r1.seconds):.2f}×"))


# ---------------------------------------------------------------------------- main
def code_snapshot() -> tuple[int, float]:
    """(files, newest mtime) of the rawi package: tells whether the code changed during a run."""
    files = [p for p in (ROOT / "rawi").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return len(files), max((p.stat().st_mtime for p in files), default=0.0)


def print_table(rows: list[Row], title: str, caption: str) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # plain text
        print(title)
        for r in rows:
            print(f"{r.section:32} | {r.name:55} | {r.value:40} | {r.unit:16} | {r.ratio:8} | {r.target:9} | {r.ok}")
        print(caption)
        return
    t = Table(title=title, caption=caption, show_lines=False)
    for col in ("section", "measure", "value", "per unit", "time ÷ hazm", "target", "met"):
        t.add_column(col, overflow="fold")
    last = None
    for r in rows:
        t.add_row(r.section if r.section != last else "", r.name, r.value, r.unit, r.ratio, r.target, r.ok)
        last = r.section
    Console(width=200).print(t)


def markdown(rows: list[Row], title: str, caption: str, command: str) -> str:
    """The same table as Markdown (for benchmarks/README.md), with the command that made it."""
    out = [f"**{title}**", "", f"`{command}`", "",
           "| section | measure | value | per unit | time ÷ hazm | target | met |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        cells = [r.section, r.name, r.value, r.unit, r.ratio, r.target, r.ok]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    out += ["", caption, ""]
    return "\n".join(out)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=None, help="articles for pipeline, RSS and Dask (default 2000; 200 with --quick)")
    ap.add_argument("--stage-articles", type=int, default=None, help="articles for the per-stage rows (default min(articles, 500))")
    ap.add_argument("--size-kb", type=float, default=5.0, help="join Fars articles to about this size (0: natural articles)")
    ap.add_argument("--quick", action="store_true", help="200 articles, 1 start-up repeat")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--no-dask-ingest", action="store_true", help="skip rawi ingest in one process vs on 2 Dask workers")
    ap.add_argument("--no-batch-row", action="store_true", help="skip the full analysis in batches of 25 (fresh process)")
    ap.add_argument("--no-ceiling", action="store_true", help="skip the two-plain-processes row (the hardware ceiling of Dask scaling)")
    ap.add_argument("--dask-only", action="store_true", help="only the whole-pipeline rows (the reference) and Dask")
    ap.add_argument("--no-startup", action="store_true")
    ap.add_argument("--startup-only", action="store_true", help="only the start-up rows (fresh processes; no articles analysed)")
    ap.add_argument("--startup-rounds", type=int, default=None, help="fresh processes per start-up row (default 5; 1 with --quick)")
    ap.add_argument("--no-rss", action="store_true")
    ap.add_argument("--dask-rounds", type=int, default=3, help="1- and 2-worker runs alternate this many times; the median scaling is quoted")
    ap.add_argument("--batch-size", type=int, default=50, help="articles per Dask task (rawi analyze/ingest --workers use 50)")
    ap.add_argument("--disable", action="append", help="skip a pipeline component (repeatable)")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    ap.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    args = ap.parse_args(argv)
    rounds = args.startup_rounds or (1 if args.quick else 5)
    if args.startup_only:
        import rawi

        rows = []
        bench_startup(rounds, rows, list(args.disable or []))
        bench_cli_startup(rounds, rows)
        load = os.getloadavg()
        print_table(rows, f"rawi {rawi.__version__} start-up", f"cores {os.cpu_count()} · load average {load[0]:.2f} "
                    "(other work on the machine skews timings: read the ratios)")
        if args.markdown:
            cmd = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
            args.markdown.write_text(markdown(rows, f"rawi {rawi.__version__} start-up", "", cmd.strip()), encoding="utf-8")
        return 0
    n = args.articles or (200 if args.quick else 2000)
    n_stage = args.stage_articles or min(n, 500)
    load0 = os.getloadavg()
    snap0 = code_snapshot()

    items, source = load_articles(n, args.size_kb)
    texts = [it["text"] for it in items]
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    stage_kb = sum(len(t.encode("utf-8")) for t in texts[:n_stage]) / 1024
    rows: list[Row] = []

    import rawi
    from rawi.pipeline import analyze

    disable = probe_components(texts[0], rows) + list(args.disable or [])
    warm, _ = timed(lambda: analyze(texts[0], disable=disable))  # models load here, not in the throughput rows

    # Baseline and pipeline on the same N articles, interleaved slice by slice.
    base, secs, analyses = interleaved(items, disable)
    base_stage = base * stage_kb / kb if base else None
    reference = [digest(a) for a in analyses]  # every item is readable text
    sec = f"whole pipeline ({n} articles, {kb / n:.1f} KB avg)"
    if base:
        rows.append(rate_row(sec, "hazm 0.10: normalise + sent + word tokenise (baseline)", base, n, kb, base))
    ratio = secs / base if base else None
    aps = n / secs
    rows.append(rate_row(sec, "rawi.analyze + JSON output (full analysis, 1 core)", secs, n, kb, base,
                         target="≥ 100 art/s; ≤ 5× hazm",
                         ok=verdict(aps * (kb / n) / 5 >= 100 and (ratio is None or ratio <= 5))))
    rows.append(Row(sec, "  same, in ~5 KB-article equivalents", f"{kb / 5 / secs:,.0f} art(5 KB)/s"))
    if not args.no_batch_row:
        bench_batch_path(n, args.size_kb, rows, sec, disable)
    n_ingest = min(n, 300)
    from rawi.schema import Analysis

    ingest_docs, ingest_texts = [Analysis.model_validate_json(j) for j in analyses[:n_ingest]], texts[:n_ingest]
    ser, _ = timed(lambda: [a.model_dump_json() for a in ingest_docs])
    rows.append(rate_row(sec, f"Analysis → JSON (model_dump_json, {n_ingest} articles)", ser, n_ingest, kb * n_ingest / n, base * n_ingest / n if base else None))
    del analyses
    gc.collect()

    if not args.dask_only:
        bench_stages(items[:n_stage], stage_kb, base_stage, rows, disable)
        bench_ner(items[:n_stage], rows)
        bench_ingest(ingest_docs, ingest_texts, rows)
    del ingest_docs
    if args.dask_only:
        args.no_startup = args.no_rss = True
    if not args.no_startup:
        bench_startup(rounds, rows, disable)
        bench_cli_startup(rounds, rows)
    if not args.no_rss:
        bench_rss(n, args.size_kb, rows, disable)
        bench_rss(min(n, 1200), args.size_kb, rows, disable, new_words=250)
    if not args.no_dask:
        if not args.no_ceiling:
            bench_two_processes(min(n, 1000), args.size_kb, rows, disable)
        bench_dask(items, kb, reference, rows, args.batch_size, disable, args.dask_rounds)
        if not args.no_dask_ingest and not args.dask_only:
            bench_dask_ingest(items[:min(n, 600)], rows, disable)

    load1 = os.getloadavg()
    if code_snapshot() != snap0:
        rows.insert(0, Row("WARNING", "rawi's files changed during this run", "rows may mix two code versions; "
                           "the Dask identity check compares them", ok="NO"))
    title = f"rawi {rawi.__version__} benchmarks: {n} articles from {source}"
    caption = (f"first analyze in this process (model loading) {warm * 1000:,.0f} ms · cores {os.cpu_count()} · "
               f"load average {load0[0]:.2f} before, {load1[0]:.2f} after (other work on the machine skews timings) · "
               f"'time ÷ hazm' = time of the row ÷ time of hazm on the same articles")
    print_table(rows, title, caption)
    if args.markdown:
        cmd = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
        args.markdown.write_text(markdown(rows, title, caption, cmd.strip()), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"title": title, "caption": caption, "rows": [r.__dict__ for r in rows]}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
