"""Reading commands refuse what they cannot read, in one line, instead of answering about nothing."""
from __future__ import annotations

from typer.testing import CliRunner

from rawi.cli import app

runner = CliRunner()


def test_a_missing_store_is_refused_not_created(tmp_path):
    db = tmp_path / "missing.db"
    for args in (["search", "ایران"], ["claims"], ["sources"], ["clusters"], ["check", "ایران آماده است"]):
        r = runner.invoke(app, args + ["--db", str(db)])
        assert r.exit_code != 0 and "no store at" in r.output, args
    assert not db.exists()


def test_an_unsupported_url_is_one_line(tmp_path):
    r = runner.invoke(app, ["search", "ایران", "--db", "mysql://u@h/db"])
    assert r.exit_code != 0 and "not supported" in r.output and "Traceback" not in r.output


def test_bad_dates_and_source_kinds_are_refused(tmp_path):
    db = tmp_path / "s.db"
    from rawi.corpus.store import Store

    Store(f"sqlite:///{db}").close()
    r = runner.invoke(app, ["search", "ایران", "--db", str(db), "--from", "2020-13-01"])
    assert r.exit_code != 0 and "not a date" in r.output
    r = runner.invoke(app, ["search", "ایران", "--db", str(db), "--source-kind", "bogus"])
    assert r.exit_code != 0 and "one of anonymous" in r.output


def test_an_unknown_ner_model_is_refused():
    r = runner.invoke(app, ["ner-tag", "--model", "bogus"], input="سلام\n")
    assert r.exit_code == 2


def test_a_json_file_is_not_analysed_as_one_article(tmp_path):
    f = tmp_path / "records.json"
    f.write_text('[{"text": "وزیر نیرو گفت سدها آماده‌اند."}]', encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(f), "--format", "jsonl"])
    assert r.exit_code == 2 and "rawi ingest" in r.output


def test_every_command_help_shows_examples():
    """Each command's --help ends with runnable examples that name the command itself."""
    from typer.testing import CliRunner

    from rawi.cli import EXAMPLES, app

    commands = {c.name for c in app.registered_commands}
    assert commands <= set(EXAMPLES)
    for name in commands:
        out = CliRunner().invoke(app, [name, "--help"]).output
        assert "Examples:" in out and f"rawi {name}" in out, name


def test_search_and_sources_write_csv(tmp_path):
    """`--format csv` writes a header and one row per hit, with the BOM `rawi export csv` has."""
    import csv
    import io

    import rawi
    from rawi.corpus.store import Store

    db = tmp_path / "s.db"
    s = Store(f"sqlite:///{db}")
    s.add_analysis(rawi.analyze("وزیر خارجه ایران گفت که تحریم‌ها باید لغو شود.", title="تحریم‌ها", outlet="example.ir"))
    s.close()
    r = runner.invoke(app, ["search", "تحریم ها", "--db", str(db), "--format", "csv"])
    assert r.exit_code == 0 and r.output.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(r.output.lstrip("\ufeff"))))
    assert len(rows) == 1 and rows[0]["outlet"] == "example.ir" and "snippet" in rows[0]
    r = runner.invoke(app, ["sources", "--db", str(db), "--format", "csv"])
    assert r.exit_code == 0 and r.output.startswith("\ufeff") and "example.ir" in r.output
    r = runner.invoke(app, ["clusters", "--db", str(db), "--format", "xml"])
    assert r.exit_code != 0 and "one of table, json, csv" in r.output
