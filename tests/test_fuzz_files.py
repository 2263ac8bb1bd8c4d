"""Malformed files through the two batch commands (a few dozen in CI; the long run is
``python -m tests.fuzz_files --n 500``)."""
from __future__ import annotations

import json
import os

from rawi.batch import analyze_paths

from .fuzz_files import run


def test_malformed_files_never_abort_a_batch(tmp_path):
    r = run(36, seed=7, workdir=tmp_path)
    assert not r["problems"], r["problems"]
    assert r["analysed"] > 0 and r["ingest"].startswith("added ")


def test_analyze_dir_with_a_name_that_is_not_utf8(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    (d / os.fsdecode(b"x-\xff.txt")).write_text("وزیر نیرو گفت سد پر است.", encoding="utf-8")
    (d / "y.txt").write_text("رئیس شورا گفت آب کافی است.", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert analyze_paths([d], fmt="jsonl", output=out) == 0
    paths = [json.loads(line)["meta"]["path"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(paths) == 2 and paths[0].endswith("x-\ufffd.txt")


def test_analyze_warns_about_utf8_cut_mid_character(tmp_path, capsys):
    p = tmp_path / "cut.txt"
    p.write_bytes("وزیر نیرو گفت سد پر است".encode("utf-8")[:-1])
    out = tmp_path / "o.jsonl"
    assert analyze_paths([p], fmt="jsonl", output=out) == 0
    a = json.loads(out.read_text(encoding="utf-8"))
    assert a["text"].endswith("اس") and any("UTF-8" in w for w in a["warnings"])
    assert "warning" in capsys.readouterr().err
