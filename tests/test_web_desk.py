"""The analyst's pages over HTTP: stories (clusters), English beside the Persian, entities and
places once with counts, bidi isolation, a chart on a real month axis with undated and
implausible dates counted apart, tables that fit the page, titles instead of paths,
collapsible sections, CSVs with a BOM."""
from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_util import text_only  # noqa: E402
from web_fixtures import article_analysis, relay_analysis  # noqa: E402

from rawi.schema import Entity, Place  # noqa: E402
from rawi.corpus.store import Store  # noqa: E402
from rawi.web import render  # noqa: E402
from rawi.web.app import create_app  # noqa: E402

HTML = {"accept": "text/html"}
STORY = ("وزیر امور خارجه روز دوشنبه در نشست خبری گفت که مذاکرات هسته‌ای هفته آینده در ژنو ادامه می‌یابد و هیئت "
         "ایرانی با پیشنهادهای تازه به این نشست می‌رود. او افزود که تحریم‌ها باید برداشته شود و طرف مقابل باید به "
         "تعهدات خود عمل کند.")


def _repeated() -> dict:
    """An analysis naming one organisation three times and one place twice."""
    text = "داعش حمله کرد. داعش عقب نشست و داعش بیانیه داد. در عراق و باز در عراق."
    ents, pls = [], []
    for m in re.finditer("داعش", text):
        ents.append(Entity(text="داعش", start=m.start(), end=m.end(), label="ORG", name_en="ISIS"))
    for m in re.finditer("عراق", text):
        pls.append(Place(text="عراق", start=m.start(), end=m.end(), name_en="Iraq", lat=33.0, lon=44.0, country_code="IQ"))
    a = text_only(text, outlet="o9", url="http://o9/1", published="2024-03-01", title="حمله")
    return a.model_copy(update={"entities": ents, "places": pls})


@pytest.fixture()
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'desk.db'}")
    s.add_analysis(article_analysis())
    s.add_analysis(relay_analysis())
    s.add_analysis(text_only(STORY, outlet="o1", url="https://www.o1.example/news/%D8%AE%D8%A8%D8%B1", published="2024-01-01"))
    s.add_analysis(text_only(STORY + " این خبر تکمیل می‌شود.", outlet="o2", url="http://o2.example/1", published="2024-01-02"))
    s.add_analysis(text_only("زندان شهر بازسازی شد و زندانیان منتقل شدند.", outlet="o3", path="/data/crawl/o3-0001.txt"))
    s.add_analysis(text_only("زندان قدیمی تعطیل شد.", outlet="farsnews.ir", url="https://www.farsnews.ir/news/6012100255",
                             published="1981-12-01"))
    s.add_analysis(_repeated())
    yield s
    s.close()


@pytest.fixture()
def client(store):
    return TestClient(create_app(store=store, token="t"))


def _id(client, outlet):
    return client.get("/api/articles", params={"outlet": outlet}).json()[0]["id"]


def test_clusters_page_and_api(client):
    api = client.get("/api/clusters").json()
    assert len(api) == 1 and api[0]["size"] == 2 and api[0]["outlets"] == 2
    assert {m["outlet"] for m in api[0]["articles"]} == {"o1", "o2"}
    r = client.get("/clusters", headers=HTML)
    assert r.status_code == 200 and f'id="cluster-{api[0]["cluster_id"]}"' in r.text
    assert "o1.example/news/خبر" in r.text  # an untitled member is named by its URL, decoded
    assert client.get("/clusters.json").json()["clusters"] == api
    assert client.get("/api/clusters", params={"min_size": 3}).json() == []
    body = client.get("/clusters.csv").content
    assert body.startswith(b"\xef\xbb\xbf") and "cluster_id" in body.decode("utf-8-sig").splitlines()[0]
    assert 'href="/clusters"' in client.get("/", headers=HTML).text


def test_english_is_shown_beside_the_persian(client):
    html = client.get(f"/articles/{_id(client, 'Defa Press')}", headers=HTML).text
    assert 'data-en="Al-Hasakah"' in html and 'data-en="ISIS"' in html and 'data-en="special sources"' in html
    assert 'data-layer="en"' in html  # the toggle that hides them
    css = client.get("/static/rawi.css").text
    assert "[data-en]::after" in css and "attr(data-en)" in css
    # English columns in the grouped lists
    assert re.search(r"<bdi dir=\"rtl\">حسکه</bdi>.*?<bdi>Al-Hasakah</bdi>", html, re.S)


def test_entities_and_places_once_with_counts(client, store):
    a = _repeated().model_dump(mode="json")
    ents = render.grouped_entities(a)
    assert [(e["text"], e["name_en"], e["count"]) for e in ents] == [("داعش", "ISIS", 3)]
    assert [(p["name_en"], p["count"]) for p in render.grouped_places(a)] == [("Iraq", 2)]
    html = client.get(f"/articles/{_id(client, 'o9')}", headers=HTML).text
    section = html.split('id="entities"', 1)[1].split("</table>", 1)[0]
    assert section.count("داعش") == 1 and '<td class="num">3</td>' in section
    places = html.split('id="places"', 1)[1].split("</table>", 1)[0]
    assert places.count("<bdi dir=\"rtl\">عراق</bdi>") == 1 and '<td class="num">2</td>' in places


def test_sections_fold_and_persian_is_isolated(client):
    html = client.get(f"/articles/{_id(client, 'Defa Press')}", headers=HTML).text
    assert html.count('<details open class="fold') >= 6 and 'id="fold-all"' in html
    assert '<bdi class="fa" dir="rtl" lang="fa">منابع ویژه</bdi>' in html


def test_chart_keeps_empty_months_with_y_axis_and_counts_undated_apart(client):
    res = client.get("/api/search", params={"q": "زندان"}).json()
    assert res["undated"] == 1 and res["implausible_dates"] == 1  # o3 has no date; Fars in 1981 did not exist
    assert all(d["date"] >= "2003" for d in res["by_date"])
    html = client.get("/search", params={"q": "زندان"}, headers=HTML).text
    assert 'id="undated">1<' in html and 'id="implausible">1<' in html
    assert 'class="axis y-tick"' in html
    chart = render.bars([{"date": "2020-01", "count": 4}, {"date": "2021-12", "count": 1}], undated=3)
    assert chart["months"] == 24 and len(chart["bars"]) == 2 and chart["undated"] == 3
    xs = [b["x"] for b in chart["bars"]]
    assert xs[1] - xs[0] == pytest.approx(23 * (chart["plot_right"] - chart["left"]) / 24, abs=0.1)  # a real time axis
    assert [t["label"] for t in chart["yticks"]] == ["0", "2", "5"]


def test_claim_table_fits_the_page(client):
    cid = next(c["id"] for c in client.get("/api/claims").json() if c["n_outlets"] == 2)
    html = client.get(f"/claims/{cid}", headers=HTML).text
    table = html.split('id="appearances"', 1)[1].split("</table>", 1)[0]
    assert 'class="fa claim-cell"' in table and "<colgroup>" in html.split('id="appearances"', 1)[0][-200:] + table
    assert "table.fit { table-layout: fixed; width: 100%" in client.get("/static/rawi.css").text


def test_articles_list_shows_titles_not_paths(client):
    html = client.get("/articles", headers=HTML).text
    assert "o3-0001.txt" in html and "/data/crawl/o3-0001.txt" not in html
    assert "انتقال زندانیان" in html and "o1.example/news/خبر" in html
    assert "%D8%AE" not in html


def test_page_csvs_carry_the_bom(client):
    for url in ("/articles.csv", "/search.csv?q=زندان", "/claims.csv", "/outlets.csv"):
        body = client.get(url).content
        assert body.startswith(b"\xef\xbb\xbf"), url
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows and "id" in rows[0] or "outlet" in rows[0], url


def test_an_article_dated_before_its_outlet_existed_is_flagged(client):
    html = client.get(f"/articles/{_id(client, 'farsnews.ir')}", headers=HTML).text
    assert 'id="date-warning"' in html and "1981-12-01 is before farsnews.ir existed (2003)" in html
    assert 'id="date-warning"' not in client.get(f"/articles/{_id(client, 'Defa Press')}", headers=HTML).text
