"""Progress of a long ingest when stderr is not a terminal: plain lines, not a bar drawn at the end."""
from __future__ import annotations

import json

from rawi.corpus import ingest as ingest_mod
from rawi.corpus.ingest import ingest
from rawi.corpus.store import Store

from .corpus_util import text_only


def test_progress_lines_when_stderr_is_not_a_terminal(tmp_path, capsys, monkeypatch):
    lines = [json.dumps({"url": f"https://example.com/{i}", "text": f"سخنگوی دولت گفت برنامه {i} ادامه دارد."},
                        ensure_ascii=False) for i in range(3)]
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(ingest_mod._progress, "LOG_EVERY", 0.0)
    rep = ingest([src], Store(f"sqlite:///{tmp_path / 'p.db'}"), analyzer=text_only, progress=True)
    assert rep.added == 3
    err = capsys.readouterr().err
    assert "ingest: 3 records read, 3 added" in err
