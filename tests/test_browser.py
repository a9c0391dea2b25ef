"""The pages in a real browser: Debian's Chromium driven by Playwright against `search serve` on loopback.

Every test fails on a console error, an uncaught exception, a failed request, an unexpected 4xx/5xx
or any request to a host other than the server. The main pages are screenshotted at 1280 and 390 px
wide into screenshots/ (or $SEARCH_SCREENSHOTS) and checked with all of axe-core's rules (WCAG 2.2 A and
AA, colour contrast included, and best practice): serious and critical findings fail, lesser ones warn.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import quote as urlquote
from urllib.parse import urlsplit

import pytest

from .conftest import ROOT

ENABLE = ("browser tests need Chromium and Playwright; enable them with `apt-get install chromium` "
          "and `pip install -e '.[browser]'`")
CHROMIUM = Path(os.environ.get("SEARCH_CHROMIUM", "/usr/bin/chromium"))


try:
    from playwright import sync_api
except ImportError:
    sync_api = None
WHY_NOT = f"no {CHROMIUM}" if not CHROMIUM.exists() else "no playwright package" if sync_api is None else ""
if WHY_NOT and os.environ.get("SEARCH_REQUIRE_BROWSER"):
    # CI sets it: a missing browser fails the run instead of passing it with the browser tests unrun.
    pytest.fail(f"{ENABLE} ({WHY_NOT}; SEARCH_REQUIRE_BROWSER is set)", pytrace=False)
# Each test is skipped on its own, so that the summary lists every one left unrun rather than one line.
pytestmark = pytest.mark.skipif(bool(WHY_NOT), reason=f"{ENABLE} ({WHY_NOT})")
expect = sync_api.expect if sync_api is not None else None

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("SEARCH_SCREENSHOTS", ROOT / "screenshots"))
AXE_VERSION = "4.14.1"
AXE_CACHE = ROOT / ".cache" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
# Naming the tags switches on WCAG 2.2's target size, which axe leaves out of a default run.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
MARK_BACKGROUND = "rgb(255, 229, 138)"
CLI = "from search import cli; cli.main()"


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str):
    """Fetch JSON from the loopback server."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="session")
def server(seed_index, tmp_path_factory):
    """Serve the seed index with `search serve` on a free loopback port; yield its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("server") / "serve.log"
    env = dict(os.environ, SEARCH_BASE_URL=base)
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--index-dir", str(seed_index)], cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 30  # a hung start fails here instead of blocking CI
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"`search serve` did not come up:\n{log.read_text(errors='replace')}")
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def ids(server) -> dict:
    """Return the ids the tests visit: a quote carried by two sources, its document and its speaker."""
    hit = get_json(f"{server}/api/search?q=intelligence")["results"][0]
    return {"quote": hit["id"], "doc": hit["doc"], "speaker": hit["speaker_key"]}


class ScreenshotNote:
    """Name the screenshot folder in pytest's closing summary, where a person reads it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def pytest_terminal_summary(self, terminalreporter):
        if any(self.folder.iterdir()):
            terminalreporter.write_line(f"browser screenshots: {self.folder}")


@pytest.fixture(scope="session")
def shots(request) -> Path:
    """Return the screenshot folder; files are overwritten, never removed, so parallel runs do not collide."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    request.config.pluginmanager.register(ScreenshotNote(SHOTS), "browser-screenshots")
    return SHOTS


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium once for the session; playwright never downloads a browser here."""
    with sync_api.sync_playwright() as playwright:
        # launch() gives Chromium a fresh temporary profile of its own, removed on close.
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watch:
    """Record everything that should never happen on a page: errors, failures, foreign requests."""

    def __init__(self, context, base: str):
        self.base = base
        self.host = urlsplit(base).netloc
        self.problems: list[str] = []
        self.allowed: set[tuple[str, int]] = set()
        context.route("**/*", self._route)
        context.on("page", self.attach)

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).netloc != self.host:
            self.problems.append(f"request to another host: {url}")
            route.abort()
        else:
            route.continue_()

    def attach(self, page) -> None:
        """Listen to one page's console, exceptions, failed requests and error responses."""
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught exception on {page.url}: {exc}"))
        page.on("requestfailed", lambda req: self.problems.append(f"request failed: {req.url} ({req.failure})"))
        page.on("response", self._response)

    def _console(self, page, msg) -> None:
        # Chromium logs every 4xx as a console error; a deliberate one is already vetted by _response.
        if msg.type != "error":
            return
        where = msg.location.get("url", "")
        if msg.text.startswith("Failed to load resource") and any(
                where == self.base + path for path, _ in self.allowed):
            return
        self.problems.append(f"console error on {page.url}: {msg.text}")

    def _response(self, response) -> None:
        path = response.url[len(self.base):] if response.url.startswith(self.base) else response.url
        if response.status >= 400 and (path, response.status) not in self.allowed:
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def allow(self, path: str, status: int) -> None:
        """Expect `status` for `path` (a deliberate error page)."""
        self.allowed.add((path, status))


@pytest.fixture()
def open_page(browser, server):
    """Return a function that opens a page at a viewport; every problem on it fails the test."""
    watches: list[Watch] = []
    contexts = []

    def opener(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, base_url=server, is_mobile=viewport is MOBILE,
                                      has_touch=viewport is MOBILE, **options)
        contexts.append(context)
        watch = Watch(context, server)
        watches.append(watch)
        # Waits fail fast instead of after playwright's half minute; no assertion is about speed.
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.watch = watch
        return page

    yield opener
    problems = [p for w in watches for p in w.problems]
    for context in contexts:
        context.close()
    assert not problems, "the browser saw problems:\n" + "\n".join(problems)


@pytest.fixture()
def page(open_page):
    """Return a desktop page whose problems fail the test."""
    return open_page()


@pytest.fixture(scope="session")
def axe_source(tmp_path_factory) -> str:
    """Return axe-core's script, fetched once with npm into the git-ignored .cache/ folder."""
    if not AXE_CACHE.exists():
        npm = shutil.which("npm")
        if not npm:
            pytest.skip(f"the accessibility checks need axe-core {AXE_VERSION} from the npm registry and there is "
                        f"no npm; install npm or put axe.min.js at {AXE_CACHE}")
        folder = tmp_path_factory.mktemp("axe")
        done = subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(folder)],
                              capture_output=True, text=True, timeout=180, cwd=folder)
        tarballs = list(folder.glob("axe-core-*.tgz"))
        if done.returncode or not tarballs:
            pytest.skip(f"could not fetch axe-core {AXE_VERSION} with npm ({done.stderr.strip()[-300:]}); "
                        f"the accessibility checks need it at {AXE_CACHE}")
        with tarfile.open(tarballs[0]) as tar:
            source = tar.extractfile("package/axe.min.js").read()
        AXE_CACHE.parent.mkdir(parents=True, exist_ok=True)
        partial = AXE_CACHE.with_suffix(".part")
        partial.write_bytes(source)
        partial.replace(AXE_CACHE)
    return AXE_CACHE.read_text(encoding="utf-8")


def axe_violations(page, source: str) -> list[dict]:
    """Run every axe-core rule in the page; return serious and critical violations, warn of the rest."""
    # evaluate goes through the DevTools protocol, which the page's CSP does not govern.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                           AXE_TAGS)
    lesser = [v for v in result["violations"] if v["impact"] not in ("serious", "critical")]
    if lesser:
        warnings.warn(f"axe on {page.url}:\n{describe(lesser)}", stacklevel=2)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    """Return axe violations as readable lines: rule, impact, and the first few offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def shoot(page, name: str, shots: Path, full_page: bool = True) -> None:
    """Save a screenshot of the page, whole or as the viewport shows it."""
    page.screenshot(path=str(shots / f"{name}.png"), full_page=full_page)


def main_pages(ids: dict) -> dict[str, tuple[str, int]]:
    """Return the main pages by name: their path and the status they answer with."""
    return {
        "overview": ("/", 200),
        "search": ("/?q=iran", 200),
        "paragraphs": ("/?q=iraq&type=paragraph&page=2", 200),
        "all-speakers": ("/?from=2019", 200),
        "did-you-mean": ("/?q=intelligense", 200),
        "permalink": (f"/quote/{ids['quote']}", 200),
        "document": (f"/doc/{ids['doc']}#q-{ids['quote']}", 200),
        "speaker": (f"/speaker/{ids['speaker']}", 200),
        "check": ("/check?q=" + urlquote("all the army's intelligence is yours"), 200),
        "not-found": ("/quote/0000000000000000", 404),
        "speakers": ("/speakers?letter=h", 200),
        "documents": ("/documents", 200),
        "help": ("/help", 200),
    }


PAGE_NAMES = ["overview", "search", "paragraphs", "all-speakers", "did-you-mean", "permalink", "document", "speaker", "check",
              "not-found", "speakers", "documents", "help"]


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_main_pages_are_accessible_and_fit(open_page, ids, shots, axe_source, name, viewport):
    path, status = main_pages(ids)[name]
    page = open_page(DESKTOP if viewport == "desktop" else MOBILE)
    if status != 200:
        page.watch.allow(path, status)
    response = page.goto(path)
    assert response.status == status
    shoot(page, f"{name}-{viewport}", shots)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {viewport} width"
    for landmark in ("banner", "main", "contentinfo", "search"):
        assert page.get_by_role(landmark).count() >= 1, f"{name} lacks a {landmark} landmark"
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe found on {name} ({viewport}):\n{describe(violations)}"


README_SHOT = ROOT / "docs" / "search-results.png"


def test_the_readme_screenshot_is_the_results_page_as_it_is_now(open_page):
    """Write docs/search-results.png, the README's picture, from the page as it is, so it never goes stale."""
    page = open_page(DESKTOP)
    page.goto("/?q=iran")
    expect(page.locator(".hits mark").first).to_be_visible()
    # The time a search took changes run to run; the picture should change only when the page does.
    page.evaluate("""() => { const s = document.querySelector('.summary');
                             s.textContent = s.textContent.replace(/ in \\d+ ms$/, ''); }""")
    assert " ms" not in page.locator(".summary").inner_text()
    page.screenshot(path=str(README_SHOT), full_page=True)
    assert README_SHOT.stat().st_size > 10_000


def test_typing_a_query_and_pressing_enter_shows_highlighted_results(page):
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search quotes")
    box.fill("intelligence")
    with page.expect_navigation():
        box.press("Enter")
    assert "q=intelligence" in page.url
    expect(page.locator(".summary")).to_contain_text("2 results for “intelligence”")
    marks = page.locator(".hits mark")
    expect(marks.first).to_be_visible()
    assert {m.lower() for m in marks.all_inner_texts()} == {"intelligence"}
    expect(page.get_by_role("searchbox", name="Search quotes")).to_have_value("intelligence")


def facet_counts(page, legend: str) -> dict[str, str]:
    """Return the facet entries under a legend: label text to count."""
    group = page.get_by_role("group", name=legend)
    return {row.locator("label").first.inner_text().rsplit("(", 1)[0].strip() if row.locator("label").count()
            else row.inner_text(): row.locator(".count").first.inner_text()
            for row in group.locator(".facet").all()}


def test_picking_a_speaker_changes_results_and_counts(page):
    page.goto("/?q=iran")
    expect(page.locator(".summary")).to_contain_text("4 results")
    before = facet_counts(page, "Sources")
    cable = page.get_by_role("group", name="Speakers").get_by_role("checkbox", name="the cable")
    cable.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "speaker=" in page.url
    expect(page.locator(".summary")).to_contain_text("2 results")
    assert set(page.locator(".hits .speaker").all_inner_texts()) == {"the cable"}
    after = facet_counts(page, "Sources")
    assert after != before
    expect(page.get_by_role("group", name="Speakers").get_by_role("checkbox", name="the cable")).to_be_checked()
    chip = page.get_by_role("link", name="Remove the cable")
    expect(chip).to_be_visible()
    with page.expect_navigation():
        chip.click()
    expect(page.locator(".summary")).to_contain_text("4 results")
    page.go_back()
    expect(page.locator(".summary")).to_contain_text("2 results")


def test_paging_through_paragraphs(page):
    page.goto("/?q=iraq")
    page.get_by_role("radio", name="Paragraphs").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    pager = page.get_by_role("navigation", name="Pages")
    expect(pager).to_contain_text("Page 1 of 3")
    first = page.locator(".hits .para-text").all_inner_texts()
    with page.expect_navigation():
        pager.get_by_role("link", name="Next").click()
    expect(pager).to_contain_text("Page 2 of 3")
    second = page.locator(".hits .para-text").all_inner_texts()
    assert first and second and not set(first) & set(second)
    assert "type=paragraph" in page.url and "page=2" in page.url
    with page.expect_navigation():
        pager.get_by_role("link", name="Previous").click()
    expect(pager).to_contain_text("Page 1 of 3")
    page.go_back()
    expect(pager).to_contain_text("Page 2 of 3")


def test_opening_a_permalink_from_a_result(page, ids):
    page.goto("/?q=intelligence")
    with page.expect_navigation():
        page.locator(".hits").get_by_role("link", name="Permalink & citation").first.click()
    assert page.url.endswith(f"/quote/{ids['quote']}")
    expect(page.locator(".quote-large")).to_contain_text("intelligence")
    expect(page.get_by_role("link", name="Hatem al-Maksusi")).to_be_visible()
    expect(page.get_by_role("heading", name="Also reported in")).to_be_visible()
    expect(page.locator(".context mark")).to_be_visible()
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "Quotation"


def test_copying_a_citation(open_page, ids, server):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"/quote/{ids['quote']}")
    citation = page.locator("#cite-text").inner_text()
    assert f"{server}/quote/{ids['quote']}" in citation
    page.get_by_role("button", name="Copy plain text citation").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_text("Copied the plain text citation.")
    assert page.evaluate("() => navigator.clipboard.readText()") == citation
    page.get_by_role("button", name="Copy BibTeX citation").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_text("Copied the BibTeX citation.")
    assert page.evaluate("() => navigator.clipboard.readText()").startswith("@article{")
    page.goto("/?q=intelligence")
    page.locator(".hits").get_by_role("button", name="Copy citation").first.click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_text("Copied the plain text citation.")
    assert page.evaluate("() => navigator.clipboard.readText()") == citation


def test_a_deep_link_highlights_the_quote_in_its_document(open_page, ids, shots):
    page = open_page(MOBILE)
    page.goto(f"/doc/{ids['doc']}")
    last = page.locator("a.q").last.get_attribute("id")
    page.goto(f"/doc/{ids['doc']}#{last}")
    target = page.locator(f"[id='{last}']")
    expect(target).to_have_class(has_class("arrived"))
    expect(target).to_be_in_viewport()
    assert page.evaluate("() => window.scrollY") > 0
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") == MARK_BACKGROUND
    shoot(page, "deep-link-mobile", shots, full_page=False)
    page.goto(f"/quote/{ids['quote']}")
    with page.expect_navigation():
        page.get_by_role("link", name="Read it in the document").click()
    arrived = page.locator(f"[id='q-{ids['quote']}']")
    expect(arrived).to_have_class(has_class("arrived"))
    expect(arrived).to_be_in_viewport()


def has_class(name: str):
    """Return a pattern matching a class attribute that holds `name` among others."""
    import re

    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def focused(page) -> dict:
    """Describe the focused element: tag, id, text, href, and whether its focus ring shows."""
    return page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || '').trim(),
                href: el.getAttribute('href'), inHits: !!el.closest('.hits'),
                ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
    }""")


def tab_until(page, wanted, limit: int = 40) -> dict:
    """Press Tab until `wanted(focused)` holds; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["ring"], f"no visible focus ring on {now}"
        if wanted(now):
            return now
    pytest.fail(f"{limit} presses of Tab never reached the element; focus is on {focused(page)}")


def test_keyboard_only_from_the_search_box_to_a_result(page, ids):
    page.goto("/")
    tab_until(page, lambda f: f["id"] == "q", limit=5)
    page.keyboard.type("intelligence")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    skip = tab_until(page, lambda f: f["text"].startswith("Skip to"), limit=1)
    assert skip["href"] == "#results"
    page.keyboard.press("Enter")
    first = tab_until(page, lambda f: f["inHits"], limit=6)
    assert first["tag"] == "a"
    link = tab_until(page, lambda f: f["text"] == "Permalink & citation", limit=6)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(link["href"]) and f"/quote/{ids['quote']}" in page.url


def test_filters_fold_away_on_a_phone(open_page):
    page = open_page(MOBILE)
    page.goto("/?q=iran&source=" + urlquote("The Times of Israel (AFP)"))
    filters = page.locator("details.filters")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.locator(".hits .hit").first).to_be_in_viewport()
    summary = filters.locator("summary")
    expect(summary).to_have_text("Filters (1 on)")
    summary.click()
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()


def test_the_speaker_filter_box_narrows_a_long_facet(page):
    page.goto("/?from=2019")
    facet = page.get_by_role("group", name="Speakers")
    entries = facet.locator(".facet")
    assert entries.count() > 8
    facet.get_by_role("checkbox", name="Hatem al-Maksusi").check()
    facet.get_by_role("searchbox", name="Filter speakers").fill("cable")
    visible = [e.locator("label").inner_text() for e in entries.all() if e.is_visible()]
    assert len(visible) == 3 and sum("cable" in v for v in visible) == 2
    assert any("Hatem al-Maksusi" in v for v in visible), "a ticked speaker stays in view"
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Remove Hatem al-Maksusi")).to_be_visible()
    expect(page.locator(".summary")).to_contain_text("2 results")


def test_the_watch_catches_errors_and_foreign_requests(browser, server):
    # The CSP would refuse the foreign fetch before it left the page; lift it to reach the route guard.
    context = browser.new_context(base_url=server, bypass_csp=True)
    watch = Watch(context, server)
    try:
        page = context.new_page()
        page.goto("/")
        outcome = page.evaluate("""async () => {
            console.error('boom');
            const foreign = await fetch('http://203.0.113.9/x.js').then(() => 'fetched', () => 'blocked');
            const missing = (await fetch('/no-such-page')).status;
            return [foreign, missing];
        }""")
    finally:
        context.close()
    assert outcome == ["blocked", 404]
    found = "\n".join(watch.problems)
    for expected in ("console error", "boom", "request to another host: http://203.0.113.9/x.js", "HTTP 404"):
        assert expected in found, f"the watch missed {expected!r}:\n{found}"


def test_a_name_in_the_search_box_offers_the_speakers_page(page):
    page.goto("/")
    page.get_by_role("searchbox", name="Search quotes").fill("hatem al-maksusi")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Quotes by Hatem al-Maksusi (2)")
    expect(link).to_be_visible()
    # The link stands above the results, and the first result is his.
    box, first = link.bounding_box(), page.locator(".hits .hit").first.bounding_box()
    assert box["y"] < first["y"]
    expect(page.locator(".hits .hit .speaker").first).to_have_text("Hatem al-Maksusi")
    with page.expect_navigation():
        link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hatem al-Maksusi")


def test_a_speakers_fragments_are_folded_below_the_full_quotes(page):
    page.goto("/speaker/hatem-al-maksusi")
    full = page.locator("ol.hits .quote-text")
    expect(full).to_have_count(1)
    expect(full.first).to_contain_text("We are at your service")
    words = page.get_by_role("region", name="Words they used")
    expect(words.get_by_role("link", name="“all of the Iraqi Army’s intelligence — consider it yours.”")).to_be_visible()
    assert page.locator("ol.hits").bounding_box()["y"] < words.bounding_box()["y"]
    # The count above the quotes says where the fragment went, and the link there scrolls to it.
    page.get_by_role("link", name="words they used").click()
    expect(words).to_be_in_viewport()


def test_every_card_says_where_its_quote_stands(page):
    page.goto("/?q=intelligence")
    cards = page.locator(".hits .hit")
    expect(cards.first).to_be_visible()
    for locator in cards.locator(".locator").all_inner_texts():
        assert locator.startswith(("¶", "p. ", "at ")), locator
    assert cards.locator(".locator").count() == cards.count()
    expect(page.locator(".context-line .here").first).to_have_attribute("title", "Where the quote above stands in its paragraph")
    page.goto("/speaker/hatem-al-maksusi")
    expect(page.locator("ol.hits .locator").first).to_have_text("¶16")

