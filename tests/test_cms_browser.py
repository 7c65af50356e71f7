"""The web editor's sign-in screen in headless Chromium, with the network cut off: the pinned
script reads the generated configuration without an error (a configuration it rejects shows
"There is an error in the CMS configuration" in place of the sign-in choices, naming the
collection and field), and nothing leaves the site: its fonts come from /admin/, and what
Sveltia would still ask of other hosts the page's Content-Security-Policy refuses before it is
sent."""

from __future__ import annotations

import base64
import dataclasses
import importlib.util
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from browser_support import require_chromium, screenshot, served, track_external
from cms_harness import keep_local, read_during_a_write
from conftest import REPO
from maagal.addresses.project import find_project
from maagal.load.site_loader import load_site
from maagal.outputs.cms_config import admin_files

require_chromium()

# What Sveltia CMS 0.221.1 tries to ask of other hosts on its sign-in screen, and the page's
# policy refuses in the browser (no request is made): its check for a new version and GitHub's
# status. A new one here is seen (and refused) before it is allowed.
REFUSED = {"unpkg.com", "www.githubstatus.com"}
_REFUSED_MESSAGE = re.compile(r"^Connecting to '([^']+)' violates the following Content Security")


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    found = find_project(REPO / "mkdocs.yml")
    site, report = load_site(found.layout())
    assert not report, report.format()
    settings = dataclasses.replace(found.settings(), editor_repo="circle/site")
    root = tmp_path_factory.mktemp("admin")
    for rel, content in admin_files(site, settings).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


@pytest.mark.browser
@pytest.mark.slow
def test_the_sign_in_screen_reads_the_configuration_offline(admin: Path, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    external = track_external(page)
    errors: list[str] = []
    refused: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: refused.extend(_REFUSED_MESSAGE.findall(message.text)),
    )
    page.route("**/*", keep_local)
    with served(admin) as base:
        page.goto(base + "admin/")
        # The configuration is accepted: the sign-in choices, under the circle's name (the
        # script wraps names in bidi isolates: U+2068 … U+2069). With no authenticator set,
        # only the token: "Sign In with GitHub" would go to Netlify's service and fail.
        page.get_by_role("button", name="Sign In Using Access Token").wait_for(timeout=20_000)
        assert page.get_by_text("המעגל השיתופי").first.is_visible()
        github = page.get_by_role("button", name=re.compile("Sign In with .*GitHub"))
        assert github.count() == 0
        page.wait_for_function("document.fonts.status === 'loaded'")
        fonts = page.evaluate("[...document.fonts].map(f => [f.family, f.status])")
        loaded = page.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(n => n.endsWith('.woff2'))"
        )
    assert errors == []
    # Nothing left the site; the interface's fonts and icons are the site's own copies.
    assert external == []
    assert ["Source Sans 3", "loaded"] in fonts and ["Material Symbols Outlined", "loaded"] in fonts
    assert sorted(urlsplit(url).path for url in loaded) == [
        "/admin/fonts/material-symbols-outlined-latin-wght-normal.woff2",
        "/admin/fonts/source-sans-3-latin-wght-normal.woff2",
    ]
    assert {urlsplit(url).hostname for url in refused} <= REFUSED, refused
    page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_with_an_authenticator_the_sign_in_screen_offers_github(
    tmp_path: Path, browser, admin: Path
) -> None:
    served_root = tmp_path / "served"
    shutil.copytree(admin, served_root)
    config_file = served_root / "admin/config.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    assert config["backend"].pop("auth_methods") == ["token"]
    config["backend"]["base_url"] = "https://sveltia-cms-auth.circle.workers.dev"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/*", keep_local)
    with served(served_root) as base:
        page.goto(base + "admin/")
        page.get_by_role("button", name=re.compile("Sign In with .*GitHub")).wait_for(
            timeout=20_000
        )
        assert page.get_by_role("button", name="Sign In Using Access Token").is_visible()
    page.close()


# The editor itself, with Sveltia's `test-repo` backend (files in the browser's origin-private
# file system) in place of GitHub: the same page and configuration otherwise.
_SEED = """async (files) => {
  let root = await navigator.storage.getDirectory();
  root = await root.getDirectoryHandle('sveltia-cms-test', {create: true});
  for (const [path, text] of Object.entries(files)) {
    let dir = root;
    const parts = path.split('/');
    const name = parts.pop();
    for (const part of parts) dir = await dir.getDirectoryHandle(part, {create: true});
    const writable = await (await dir.getFileHandle(name, {create: true})).createWritable();
    await writable.write(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
    await writable.close();
  }
}"""
_READ = """async (path) => {
  let dir = await navigator.storage.getDirectory();
  dir = await dir.getDirectoryHandle('sveltia-cms-test');
  const parts = path.split('/');
  const name = parts.pop();
  for (const part of parts) dir = await dir.getDirectoryHandle(part);
  return await (await (await dir.getFileHandle(name)).getFile()).text();
}"""
THEME = REPO / "src" / "maagal" / "theme" / "assets"
MATERIAL = Path(importlib.util.find_spec("material").origin).parent / "templates/assets/stylesheets"


@pytest.fixture(scope="module")
def editor_site(admin: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The admin page over the test repository, under a home page that links the site's own
    stylesheets (the preview takes what the home page links)."""
    root = tmp_path_factory.mktemp("editor")
    shutil.copytree(admin / "admin", root / "admin")
    config = yaml.safe_load((root / "admin" / "config.yml").read_text(encoding="utf-8"))
    config["backend"] = {"name": "test-repo"}
    del config["publish_mode"]  # the editorial workflow needs GitHub or GitLab
    (root / "admin" / "config.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    for folder in ("stylesheets", "fonts"):
        shutil.copytree(THEME / folder, root / "assets" / folder)
    material = next(MATERIAL.glob("main.*.min.css"))  # Material's own, as the site links it
    shutil.copy(material, root / "assets" / "stylesheets")
    links = "".join(
        f'<link rel="stylesheet" href="assets/stylesheets/{name}">'
        for name in (material.name, "fonts.css", "maagal.css")
    )
    (root / "index.html").write_text(
        '<!doctype html><html lang="he" dir="rtl"><head><title>home</title>'
        f"{links}</head><body></body></html>",
        encoding="utf-8",
    )
    return root


def _bodies() -> dict[str, str]:
    """Every sample document's text below its front matter."""
    return {
        str(path.relative_to(REPO)): path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        for folder in ("issues", "position_papers", "events", "docs")
        for path in sorted((REPO / folder).rglob("*.md"))
        if path.read_text(encoding="utf-8").startswith("---\n")
    }


_INVERSE = """(bodies) => {
  const found = {};
  for (const [path, body] of Object.entries(bodies)) {
    for (const component of MAAGAL.components) {
      // Where the component's block starts: a line's start (pull quote, figure), or anywhere
      // (a picture, which may stand in a line of text).
      const anchored = component.pattern.source.startsWith('^');
      const starts = anchored
        ? [0, ...[...body.matchAll(/\\n/g)].map((m) => m.index + 1)]
        : [...body.matchAll(/!\\[/g)].map((m) => m.index);
      for (const start of starts) {
        const match = body.slice(start).match(component.pattern);
        if (!match || match.index !== 0) continue;
        const again = component.toBlock(component.fromBlock(match));
        (found[component.id] ??= []).push([path, match[0], again]);
      }
    }
  }
  return found;
}"""


@pytest.mark.browser
@pytest.mark.slow
def test_the_furniture_components_write_back_what_they_read(admin: Path, browser) -> None:
    """Over every sample document: each pull quote, figure and picture the components find is
    written back byte for byte, and they find every one (none is left to the rich text)."""
    page = browser.new_page()
    bodies = _bodies()
    with served(admin) as base:
        page.goto(base + "admin/")
        page.wait_for_function("typeof MAAGAL === 'object' && MAAGAL.components.length === 3")
        found = page.evaluate(_INVERSE, bodies)
        unfinished = page.evaluate("MAAGAL.components.map(c => [c.id, c.toBlock({})])")
        required = page.evaluate(
            "MAAGAL.components.map(c => [c.id, c.label, "
            "c.fields.filter(f => f.required).map(f => f.name)])"
        )
    page.close()
    for kind in ("pullquote", "figure", "picture"):
        assert found[kind], kind
        assert [(path, block) for path, block, again in found[kind] if block != again] == []
    text = "".join(bodies.values())
    assert len(found["pullquote"]) == text.count("/// pullquote")
    assert len(found["figure"]) == text.count("/// caption")
    assert len(found["picture"]) == text.count("![")
    # A component left empty is written as such (`maagal check` names `![]()`, case 236).
    assert unfinished == [
        ["pullquote", "/// pullquote\n\n///"],
        ["figure", "![]()\n/// caption\n\n///"],
        ["picture", "![]()"],
    ]
    # Labels in the site's language; a picture's description is required wherever it is asked.
    assert required == [
        ["pullquote", "ציטוט מודגש", ["text"]],
        ["figure", "תמונה עם כיתוב", ["src", "alt", "caption"]],
        ["picture", "תמונה", ["src", "alt"]],
    ]


@pytest.mark.browser
@pytest.mark.slow
def test_the_rich_text_editor_keeps_the_furniture(editor_site: Path, browser) -> None:
    """An article with a figure and a pull quote, opened in the editor (rich text), a word
    added to its title and saved: its text comes back byte for byte; the Hebrew fields are
    right to left, and the preview is the site's, right to left, in its fonts."""
    article = "issues/3/budget-transparency.md"
    files = {
        str(p.relative_to(REPO)): base64.b64encode(p.read_bytes()).decode()
        for p in (REPO / "issues" / "3").iterdir()
    }
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    external = track_external(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with served(editor_site) as base:
        page.goto(base + "admin/")
        page.evaluate(_SEED, files)
        page.reload()
        page.get_by_role("button", name="Work with Test Repository").click()
        page.goto(base + "admin/#/collections/articles-3/entries/budget-transparency")
        # The rich text shows the figure and the pull quote as components, by their labels.
        page.get_by_text("תמונה עם כיתוב").first.wait_for(timeout=20_000)
        assert page.get_by_text("ציטוט מודגש").first.is_visible()
        fields = page.evaluate("[...document.querySelectorAll('textarea')].map(t => t.value)")
        assert "חבר שלא מבין את התקציב מתחיל לחשוד בו, ולא בלי סיבה." in fields
        assert "חלוקת תקציב הקהילה השנתי לפי תחומים, באחוזים. הנתונים להמחשה בלבד." in fields
        title = page.get_by_role("textbox", name="כותרת", exact=True).first
        assert title.get_attribute("dir") == "rtl"
        # The rich text's paragraphs are `dir="auto"` (each goes the way its first letter
        # does): the Hebrew article's are right to left (`<!-- more -->` is shown as a line).
        paragraphs = page.evaluate(
            "[...document.querySelectorAll('[contenteditable] p')]"
            ".map(p => [p.dir, getComputedStyle(p).direction, p.textContent])"
        )
        hebrew = [p[:2] for p in paragraphs if re.search("[א-ת]", p[2])]
        assert len(hebrew) > 5 and {tuple(p) for p in hebrew} == {("auto", "rtl")}
        preview = page.frame_locator("iframe").first
        preview.get_by_text("חבר שלא מבין את התקציב").first.wait_for()
        shown = page.evaluate(
            """() => { const doc = document.querySelector('iframe').contentDocument;
            const quote = doc.querySelector('figure.pullquote');
            return [doc.documentElement.dir, getComputedStyle(doc.body).direction,
                    getComputedStyle(doc.body).fontFamily, doc.body.className,
                    quote && getComputedStyle(quote.querySelector('blockquote')).fontFamily,
                    [...doc.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)]; }"""
        )
        screenshot(page, "cms-editor-he-1280")
        title.fill(title.input_value() + " — טיוטה")
        page.get_by_role("button", name="Save", exact=True).click()
        for _ in range(40):  # the save is written to the browser's files within moments
            try:
                saved = page.evaluate(_READ, article)
            except PlaywrightError as reading:  # read while Sveltia was writing it: again
                assert read_during_a_write(reading), reading
                saved = ""
            if "— טיוטה" in saved:
                break
            page.wait_for_timeout(250)
    page.close()
    assert errors == [] and external == []
    direction, body_direction, font, classes, quote_font, stylesheets = shown
    assert (direction, body_direction) == ("rtl", "rtl")
    assert font.startswith("Heebo") and "md-typeset" in classes
    assert quote_font and "Frank Ruhl Libre" in quote_font  # the site's pull-quote style
    assert [urlsplit(s).path for s in stylesheets if not s.startswith("blob:")] == [
        f"/assets/stylesheets/{next(MATERIAL.glob('main.*.min.css')).name}",
        "/assets/stylesheets/fonts.css",
        "/assets/stylesheets/maagal.css",
    ]
    front, body = saved.split("\n---\n", 1)
    assert "— טיוטה" in front
    # The text, pull quote and figure included, is what it was (Sveltia puts an empty line
    # after the front matter, which the page does not show).
    assert body.lstrip("\n") == (REPO / article).read_text(encoding="utf-8").split("\n---\n", 1)[1]
