"""The analyze command and API: formats, folders, bad inputs, the offset map."""
import json
import subprocess
import sys

from typer.testing import CliRunner

import rawi
from rawi.cli import app
from rawi.normalize.offsets import to_raw
from rawi.schema import Analysis

from .conftest import EXAMPLE

runner = CliRunner()


def test_api_returns_analysis(example_text):
    a = rawi.analyze(example_text, outlet=None, url="https://example.org/a")
    assert isinstance(a, Analysis)
    assert a.meta.url == "https://example.org/a"
    assert len(a.sentences) >= 17
    for s in a.sentences:
        assert a.text[s.start:s.end].strip() == a.text[s.start:s.end]


def test_offset_map_points_back_to_raw():
    raw = "سلام ,  دنيا!  كتابها   ۳.۵ درصد"
    a = rawi.analyze(raw)
    assert a.offset_map
    i = a.text.index("دنیا")
    r = to_raw(a.offset_map, i)
    assert raw[r:r + 4] == "دنيا"


def test_bytes_input_is_decoded():
    a = rawi.analyze("منابع آگاه گفتند که حمله شد.".encode("utf-16"))
    assert a.text.startswith("منابع")


def test_cli_json_and_schema():
    r = runner.invoke(app, ["analyze", str(EXAMPLE), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    Analysis.model_validate(data)
    r = runner.invoke(app, ["schema"])
    schema = json.loads(r.stdout)
    assert {"attributions", "provenance", "places", "times", "entities"} <= set(schema["properties"])


def test_cli_folder_with_bad_files(tmp_path):
    (tmp_path / "a.txt").write_text("منابع آگاه گفتند که حمله شد.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02\xff\xfe")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.html").write_text("<html><body><p>" + "گزارش‌ها حاکی است که حمله شد. " * 8 + "</p></body></html>", encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "rawi.cli", "analyze", str(tmp_path), "-f", "jsonl", "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "b.txt" in proc.stderr and "binary" in proc.stderr
    assert "c.txt" in proc.stderr and "empty" in proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["meta"]["path"].rsplit("/", 1)[-1] for x in lines] == ["a.txt", "d.html"]
    assert "Traceback" not in proc.stderr


def test_cli_text_report():
    r = runner.invoke(app, ["analyze", str(EXAMPLE), "--format", "text"])
    assert r.exit_code == 0, r.output
    assert "Provenance" in r.stdout
