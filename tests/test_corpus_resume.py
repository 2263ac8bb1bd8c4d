"""A killed ingest (SIGKILL to a real process at random points) restarted gives exactly the
database of an uninterrupted run: nothing lost, nothing duplicated."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rawi.corpus.store import Store

from .conftest import FIXTURES, ROOT
from .corpus_util import canonical, dump

OUTLETS = 12


def _corpus(path: Path) -> int:
    """The four Fars sample articles as relayed by twelve outlets (48 articles, many near-duplicates)."""
    recs = json.loads((FIXTURES / "corpus" / "fars-sample.json").read_text(encoding="utf-8"))
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        for k in range(OUTLETS):
            for i, r in enumerate(recs):
                paras = r["paragraphs"][k % 2:] if k % 3 else r["paragraphs"]  # some relays drop the lead
                out.write(json.dumps({"text": "\n".join([r["abstract"], *paras]), "title": r["title"], "outlet": f"outlet-{k}",
                                      "url": f"https://outlet-{k}.example/{i}", "published": f"2024-01-{1 + k:02d}"},
                                     ensure_ascii=False) + "\n")
                n += 1
    return n


def _disable() -> str:
    """Run the full pipeline when it can analyse an article here; else only decode/normalise/segment."""
    from rawi.pipeline import COMPONENTS

    try:
        import rawi

        rawi.analyze((FIXTURES / "defapress-alsinaa-prison.txt").read_text(encoding="utf-8"))
        return ""
    except Exception:
        return ",".join(c.name for c in COMPONENTS)


def _cmd(src: Path, db, disable: str) -> list[str]:
    cmd = [sys.executable, "-m", "rawi.corpus", "ingest", str(src), "--db", str(db), "--quiet"]
    return cmd + (["--disable", disable] if disable else [])


def _count(db) -> int:
    if isinstance(db, str):  # a PostgreSQL URL
        import sqlalchemy as sa

        eng = sa.create_engine(db)
        try:
            with eng.connect() as c:
                return c.exec_driver_sql("SELECT count(*) FROM articles").scalar() or 0
        except sa.exc.SQLAlchemyError:
            return 0
        finally:
            eng.dispose()
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _kill_and_resume(src: Path, ref, db, total: int, disable: str, compare) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.monotonic()
    done = subprocess.run(_cmd(src, ref, disable), env=env, capture_output=True, text=True, timeout=600)
    ref_seconds = time.monotonic() - t0
    assert done.returncode == 0, done.stderr
    assert _count(ref) == total

    seed = int.from_bytes(os.urandom(4), "little")
    rng = random.Random(seed)
    partial = []
    for attempt in range(4):
        before = _count(db)
        # each process its own string-hash seed: decisions must not depend on set iteration order
        penv = {**env, "PYTHONHASHSEED": str(rng.randint(1, 2**31))}
        p = subprocess.Popen(_cmd(src, db, disable), env=penv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt % 2 == 0:  # kill once a random number of further articles has been committed
            target = min(total - 1, before + rng.randint(1, max(1, total // 5)))
            deadline = time.monotonic() + ref_seconds * 3 + 30
            while _count(db) < target and p.poll() is None and time.monotonic() < deadline:
                time.sleep(rng.uniform(0.0, 0.02))
        else:  # kill after a random delay (may fall in start-up, a migration or a transaction)
            time.sleep(rng.uniform(0.0, ref_seconds))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
        p.wait(timeout=60)
        partial.append(_count(db))
    assert any(0 < n < total for n in partial), f"no kill landed mid-ingest (seed {seed}, counts {partial})"

    done = subprocess.run(_cmd(src, db, disable), env={**env, "PYTHONHASHSEED": str(rng.randint(1, 2**31))},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    got, want = compare(db), compare(ref)
    for table in want:
        assert got[table] == want[table], f"table {table} differs after kills at {partial} (seed {seed})"
    assert _count(db) == total


def test_killed_ingest_resumes_to_the_same_database(tmp_path):
    src = tmp_path / "corpus.jsonl"
    total = _corpus(src)

    def compare(path: Path) -> dict:
        return dump(Store(f"sqlite:///{path}"))  # ids included: SQLite reuses ids of rolled-back inserts

    _kill_and_resume(src, tmp_path / "ref.db", tmp_path / "killed.db", total, _disable(), compare)


@pytest.mark.postgres
def test_killed_ingest_resumes_on_postgresql(tmp_path):
    from .corpus_util import make_store_url

    src = tmp_path / "corpus.jsonl"
    total = _corpus(src)
    gens = [make_store_url("postgresql", tmp_path) for _ in range(2)]
    ref, db = (next(g) for g in gens)
    try:
        _kill_and_resume(src, ref, db, total, _disable(), lambda url: canonical(Store(url)))
    finally:
        for g in gens:
            for _ in g:
                pass


@pytest.mark.parametrize("runs", [2])
def test_rerun_is_idempotent(tmp_path, runs):
    src = tmp_path / "corpus.jsonl"
    total = _corpus(src)
    from rawi.pipeline import COMPONENTS

    off = ",".join(c.name for c in COMPONENTS)
    db = tmp_path / "x.db"
    for _ in range(runs):
        r = subprocess.run(_cmd(src, db, off), env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stderr
    assert _count(db) == total
