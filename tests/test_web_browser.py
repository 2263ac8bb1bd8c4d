"""The web app in a real headless Chromium (Debian's chromium + chromedriver, via Selenium).

Checks what only a browser can: the article renders right-to-left with its highlights, the
Leaflet map draws markers with no tiles reachable, and markup inside an article never runs
(the strict CSP and escaping hold). Screenshots go to $RAWI_SCREENSHOTS or a pytest tmp dir.
Skips cleanly when chromium, chromedriver or selenium are missing (scripts/ci_browser.sh
installs them).
"""
from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMEDRIVER = os.environ.get("RAWI_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not (CHROMIUM and os.path.exists(CHROMEDRIVER)):
    pytest.skip("headless chromium/chromedriver not installed (run scripts/ci_browser.sh)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver")
uvicorn = pytest.importorskip("uvicorn")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_fixtures import XSS, article_analysis, relay_analysis  # noqa: E402

from rawi.corpus.store import Store  # noqa: E402
from rawi.web.app import create_app  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """uvicorn in a thread on a free port, over a SQLite store holding the test article.
    Tiles point at a closed port, as on a machine with no network."""
    db = tmp_path_factory.mktemp("web") / "web.db"
    store = Store(f"sqlite:///{db}")
    aid = store.add_analysis(article_analysis())
    store.add_analysis(relay_analysis())
    from corpus_util import text_only

    from test_web_desk import STORY

    store.add_analysis(text_only(STORY, outlet="o1", url="https://o1.example/news/1", published="2024-01-01"))
    store.add_analysis(text_only(STORY + " این خبر تکمیل می‌شود.", outlet="o2", url="http://o2.example/1", published="2024-01-02"))
    app = create_app(store=store, token="t", tiles_url=f"http://127.0.0.1:{_free_port()}/{{z}}/{{x}}/{{y}}.png")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield {"base": f"http://127.0.0.1:{port}", "article": aid}
    srv.should_exit = True
    th.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="rawi-chrome-")
    opts = Options()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1400,1100", f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    d = Path(os.environ["RAWI_SCREENSHOTS"]) if os.environ.get("RAWI_SCREENSHOTS") else tmp_path_factory.mktemp("screenshots")
    d.mkdir(parents=True, exist_ok=True)
    return d


def _shot(drv, shots: Path, name: str) -> Path:
    p = shots / f"{name}.png"
    drv.save_screenshot(str(p))
    assert p.stat().st_size > 10_000, "blank screenshot"
    print(f"screenshot: {p}")
    return p


def test_article_page_rtl_highlights_map_and_no_script(server, browser, shots):
    browser.get(f"{server['base']}/articles/{server['article']}")
    wait = WebDriverWait(browser, 15)
    # Markers drawn by Leaflet even though every tile request fails.
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map .leaflet-marker-icon")) == 3)
    wait.until(lambda d: "outline-ready" in d.find_element(By.ID, "map").get_attribute("class"))
    text = browser.find_element(By.ID, "article-text")
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", text) == "rtl"
    for cls in ("hl-source", "hl-cue", "hl-content", "hl-place", "hl-time", "hl-ent"):
        assert browser.find_elements(By.CSS_SELECTOR, f"#article-text .{cls}"), cls
    # Highlights are visibly styled (not just classes) and carry English glosses on hover.
    src = browser.find_element(By.CSS_SELECTOR, "#article-text .hl-source-anonymous")
    assert browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", src) not in ("rgba(0, 0, 0, 0)", "transparent")
    assert "special sources" in src.get_attribute("title")
    place = browser.find_element(By.CSS_SELECTOR, "#article-text .hl-place")
    assert "Al-Hasakah" in place.get_attribute("title")
    # The injected <script> and <img onerror> are text, not elements, and nothing ran.
    assert "<script>" in text.text
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert "pwned" not in browser.title
    assert browser.execute_script("return document.querySelectorAll('#article-text script, #article-text img').length") == 0
    # The chain graph is drawn.
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chain-graph g.node")) == 4
    _shot(browser, shots, "article")
    browser.execute_script("document.getElementById('places').scrollIntoView()")
    _shot(browser, shots, "article-map")
    # Our own page raises no CSP violation or script error (the closed tile port is expected).
    errors = [e["message"] for e in browser.get_log("browser")
              if e["level"] == "SEVERE" and "127.0.0.1" not in e["message"].split(" ")[0] and "favicon" not in e["message"]]
    assert not [m for m in errors if "Content Security Policy" in m or "Uncaught" in m], errors


def test_corpus_pages_render(server, browser, shots):
    browser.get(f"{server['base']}/search?q=%D8%B2%D9%86%D8%AF%D8%A7%D9%86")  # زندان
    assert browser.find_element(By.ID, "total").text == "2"
    assert browser.find_elements(By.CSS_SELECTOR, "#by-date rect.bar")
    _shot(browser, shots, "search")
    browser.get(f"{server['base']}/outlets")
    table = browser.find_element(By.ID, "outlets").text
    assert "50%" in table and "100%" in table
    _shot(browser, shots, "outlets")
    browser.get(f"{server['base']}/claims")
    browser.find_element(By.CSS_SELECTOR, "table.rows tbody a").click()
    dots = browser.find_elements(By.CSS_SELECTOR, "#timeline circle.dot")
    assert len(dots) == 2
    assert float(dots[0].get_attribute("cx")) < float(dots[1].get_attribute("cx"))  # Defa Press first, Tasnim a day later
    _shot(browser, shots, "claim")
    browser.get(f"{server['base']}/docs")
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock"))
    _shot(browser, shots, "docs")


def test_paste_form_analysis_never_runs_article_markup(server, browser, shots):
    """The real user path: paste an article holding markup into the form, get the analysis."""
    text = (Path(__file__).resolve().parent / "fixtures" / "defapress-alsinaa-prison.txt").read_text(encoding="utf-8")
    browser.get(server["base"] + "/")
    area = browser.find_element(By.ID, "text")
    # send_keys is slow for long text: set the value as a user's paste would.
    browser.execute_script("arguments[0].value = arguments[1]", area, text[:1500] + "\n" + XSS + "\n" + text[1500:])
    browser.find_element(By.NAME, "outlet").send_keys("Defa Press")
    browser.find_element(By.CSS_SELECTOR, "#analyze-form button[type=submit]").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.ID, "article-text"))
    art = browser.find_element(By.ID, "article-text")
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", art) == "rtl"
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text .hl-source")
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text .hl-cue")
    assert "<script>" in art.text
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert "pwned" not in browser.title
    _shot(browser, shots, "pasted")


def _fits(drv) -> bool:
    """No horizontal scrolling: the page is not wider than the window."""
    return drv.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_clusters_page(server, browser, shots):
    browser.get(f"{server['base']}/clusters")
    assert browser.find_element(By.ID, "n-clusters").text == "1"
    rows = browser.find_elements(By.CSS_SELECTOR, "section.cluster table.members tbody tr")
    assert len(rows) == 2 and _fits(browser)
    _shot(browser, shots, "clusters")


def test_claim_page_fits_the_window(server, browser, shots):
    browser.get(f"{server['base']}/claims")
    browser.find_element(By.CSS_SELECTOR, "table.rows tbody a").click()
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.ID, "appearances"))
    cell = browser.find_element(By.CSS_SELECTOR, "#appearances td.claim-cell")
    right = browser.execute_script("return arguments[0].getBoundingClientRect().right", cell)
    assert right <= browser.execute_script("return window.innerWidth") and _fits(browser)
    browser.set_window_size(900, 1000)  # a narrow window too
    try:
        assert _fits(browser)
        _shot(browser, shots, "claim-narrow")
    finally:
        browser.set_window_size(1400, 1100)


def test_article_shows_english_and_grouped_lists(server, browser, shots):
    browser.get(f"{server['base']}/articles/{server['article']}")
    place = browser.find_element(By.CSS_SELECTOR, "#article-text .hl-place[data-en]")
    after = browser.execute_script("return getComputedStyle(arguments[0], '::after').content", place)
    assert "Al-Hasakah" in after  # visible, not only on hover
    browser.find_element(By.CSS_SELECTOR, "#legend input[data-layer=en]").click()
    assert browser.execute_script("return getComputedStyle(arguments[0], '::after').content", place) in ("none", "normal")
    browser.find_element(By.CSS_SELECTOR, "#legend input[data-layer=en]").click()
    ents = browser.find_elements(By.CSS_SELECTOR, "#entities table.grouped tbody tr, #entities table.grouped tr:not(:first-child)")
    assert ents and "ISIS" in browser.find_element(By.ID, "entities").text
    browser.execute_script("document.getElementById('lists').scrollIntoView()")
    _shot(browser, shots, "article-english")
    browser.find_element(By.ID, "fold-all").click()
    assert browser.execute_script("return [...document.querySelectorAll('details.fold')].every(d => !d.open)")
    _shot(browser, shots, "article-folded")
    browser.find_element(By.ID, "fold-all").click()
    assert browser.execute_script("return [...document.querySelectorAll('details.fold')].every(d => d.open)")
