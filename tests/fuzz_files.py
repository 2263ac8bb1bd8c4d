"""Seeded malformed files through ``rawi analyze DIR`` and ``rawi ingest DIR``: no traceback,
no aborted batch, every readable file analysed or stored, every other one reported.

    python -m tests.fuzz_files --n 500        # the long run (tests/test_fuzz_files.py: a few dozen)

Files: text (random bytes, mutated articles, UTF-8 cut mid-character, presentation forms,
names that are not UTF-8), HTML, JSON and JSONL (deep nesting, huge integers, non-string
fields, invalid URLs, U+2028 inside strings, syntax errors), RSS/Atom (broken XML, bad
links) and WARC (responses without WARC-Target-URI, truncated archives).
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Optional

from .fuzz import generate

ROOT = Path(__file__).resolve().parents[1]


def _article(rng: random.Random) -> str:
    inp, _ = generate(rng.randrange(10**9))
    if isinstance(inp, bytes):
        return inp.decode("utf-8", "replace")
    return inp.encode("utf-8", "replace").decode("utf-8")


def _json_record(rng: random.Random) -> str:
    k = rng.random()
    if k < 0.1:
        return "[" * rng.choice([10, 5000, 100_000]) + "]" * 10
    if k < 0.2:
        return '{"text": "خبر کوتاه", "n": ' + "9" * rng.choice([10, 5000]) + "}"
    if k < 0.3:
        return '{"text": "خبر", "url": ' + rng.choice(["5", "[1]", '{"a": 1}', "true", '"http://[::1/x"']) + "}"
    if k < 0.35:
        return '{"text": "ناتمام'
    rec: dict[str, Any] = {"text": _article(rng), "url": f"https://news.example/{rng.randrange(10**6)}"}
    if rng.random() < 0.2:
        rec["text"] += "\u2028ادامه\u2029پایان\u0085"
    if rng.random() < 0.2:
        rec["abstract"], rec["paragraphs"] = rng.choice([7, None, "چکیده"]), [_article(rng)]
        del rec["text"]
    if rng.random() < 0.2:
        rec["published"] = rng.choice(["2024-01-02", "9999-12-31", "garbage", 20240102, "1402/10/12"])
    return json.dumps(rec, ensure_ascii=rng.random() < 0.5)


def _feed(rng: random.Random) -> str:
    items = []
    for i in range(rng.randint(0, 4)):
        link = rng.choice([f"https://news.example/f{i}", "http://[::1/bad", "", "javascript:x"])
        body = _article(rng).replace("&", "&amp;").replace("<", "&lt;")
        items.append(f"<item><title>خبر {i}</title><link>{link}</link><description>{body}</description></item>")
    xml = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>نمونه</title>{"".join(items)}</channel></rss>'
    return xml[: rng.randint(10, len(xml))] if rng.random() < 0.2 else xml


def _warc(rng: random.Random) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for i in range(rng.randint(1, 4)):
        uri = rng.choice([f"https://news.example/w{i}", None, "ftp://x/y"])
        html = f"<html><body><article><p>{_article(rng)}</p></article></body></html>"
        hh = StatusAndHeaders("200 OK", [("Content-Type", rng.choice(["text/html; charset=utf-8", "text/html; charset=bogus", "text/plain"]))],
                              protocol="HTTP/1.0")
        rec = w.create_warc_record(uri or "https://placeholder.example/", "response", payload=io.BytesIO(html.encode("utf-8", "replace")),
                                   http_headers=hh)
        if uri is None:
            rec.rec_headers.remove_header("WARC-Target-URI")
        w.write_record(rec)
    data = buf.getvalue()
    return data[: rng.randint(20, len(data))] if rng.random() < 0.2 else data


def make_files(folder: Path, n: int, seed: int = 0) -> dict[str, int]:
    """``n`` files in ``folder``; returns how many of each kind."""
    rng = random.Random(seed)
    kinds: dict[str, int] = {}
    for i in range(n):
        k = rng.random()
        if k < 0.35:
            inp, _ = generate(rng.randrange(10**9))
            data = inp if isinstance(inp, bytes) else inp.encode("utf-8", "surrogatepass")
            name = f"a{i}.txt" if rng.random() > 0.1 else os.fsdecode(b"a%d-\xff.txt" % i)
            kind = "txt"
        elif k < 0.45:
            data = f"<html><body><p>{_article(rng)}</p></body></html>".encode("utf-8", "replace")
            name, kind = f"p{i}.html", "html"
        elif k < 0.6:
            data = "\n".join(_json_record(rng) for _ in range(rng.randint(1, 6))).encode("utf-8", "surrogatepass")
            name, kind = f"r{i}.jsonl", "jsonl"
        elif k < 0.75:
            data = ("[" + ",".join(_json_record(rng) for _ in range(rng.randint(0, 5))) + ("]" if rng.random() > 0.1 else "")).encode("utf-8", "surrogatepass")
            name, kind = f"r{i}.json", "json"
        elif k < 0.88:
            data, name, kind = _feed(rng).encode("utf-8", "replace"), f"f{i}.rss", "rss"
        else:
            data, name, kind = _warc(rng), f"w{i}.warc.gz", "warc"
        (folder / name).write_bytes(data)
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def _rawi(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "rawi.cli", *args], capture_output=True, env=env, cwd=str(ROOT))


def run(n: int, seed: int = 0, workdir: Optional[Path] = None) -> dict[str, Any]:
    """Make the files, run both commands, return what was found (``problems`` must be empty)."""
    from rawi.schema import Analysis

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        kinds = make_files(folder, n, seed)
        problems: list[str] = []
        a = _rawi("analyze", str(folder), "--format", "jsonl")
        err = a.stderr.decode("utf-8", "replace")
        if "Traceback" in err or a.returncode not in (0, 1, 2):
            problems.append(f"rawi analyze: exit {a.returncode}\n{err[-2000:]}")
        analysed = 0
        for line in a.stdout.decode("utf-8", "replace").split("\n"):
            if not line:
                continue
            try:
                Analysis.model_validate_json(line)
                analysed += 1
            except ValueError as e:
                problems.append(f"rawi analyze: an output line is not a valid Analysis ({str(e)[:200]})")
        skipped = err.count("rawi: skipped ")
        n_inputs = kinds.get("txt", 0) + kinds.get("html", 0)
        if analysed + skipped != n_inputs:
            problems.append(f"rawi analyze: {analysed} analysed + {skipped} skipped != {n_inputs} inputs")
        g = _rawi("ingest", str(folder), "--db", f"sqlite:///{tmp}/c.db", "--quiet")
        gerr = g.stderr.decode("utf-8", "replace")
        if "Traceback" in gerr or g.returncode not in (0, 1):
            problems.append(f"rawi ingest: exit {g.returncode}\n{gerr[-2000:]}")
        summary = next((ln for ln in gerr.splitlines() if ln.startswith("added ")), "")
        if not summary:
            problems.append("rawi ingest printed no summary")
        return {"files": n, "kinds": kinds, "analysed": analysed, "analyze_skipped": skipped, "ingest": summary, "problems": problems}


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    r = run(args.n, args.seed)
    print(f"{r['files']} files {r['kinds']}: rawi analyze {r['analysed']} analysed, {r['analyze_skipped']} skipped; "
          f"rawi ingest: {r['ingest']}")
    for p in r["problems"]:
        print("PROBLEM:", p)
    return 1 if r["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
