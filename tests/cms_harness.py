"""The web editor (Sveltia CMS 0.221.1) driven in headless Chromium against a copy of a site.

Sveltia's `test-repo` backend keeps its repository in the browser's origin-private file system
(OPFS): "Work with Test Repository" opens the folder `sveltia-cms-test` under
`navigator.storage.getDirectory()`, reads every file in the collections' folders from it, and a
save writes the entry's files back there (read in the script: `signIn` → `getDirectoryHandle`,
`commitChanges` → `createWritable`). So a test writes the site's files into that folder (from a
page of the same origin, before the editor starts), drives the editor as a volunteer would, and
reads the folder back into the site's copy on disk, where `maagal check` and `maagal build` run.

The configuration is the one `maagal build` writes (`outputs/cms_config.py`) with its backend
swapped for `test-repo` (which has no editorial workflow), so what is tested is the generated
field list, formats and i18n settings.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Error as PlaywrightError

from browser_support import served, track_external
from conftest import REPO
from maagal.addresses.project import find_project
from maagal.load.site_loader import load_site
from maagal.outputs.cms_config import admin_files, cms_config

# What a site's copy needs to be checked and built, and what the editor is given of it.
SITE_PARTS = (
    "mkdocs.yml",
    "overrides",
    "authors.yml",
    "topics.yml",
    "docs",
    "issues",
    "position_papers",
    "events",
)
CONTENT = ("authors.yml", "topics.yml", "docs", "issues", "position_papers", "events")
TEST_FOLDER = "sveltia-cms-test"
_SEED = """async ({folder, files}) => {
  const root = await navigator.storage.getDirectory();
  try { await root.removeEntry(folder, {recursive: true}); } catch (e) {}
  const top = await root.getDirectoryHandle(folder, {create: true});
  for (const [path, data] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = top;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const file = await dir.getFileHandle(parts.at(-1), {create: true});
    const out = await file.createWritable();
    await out.write(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
    await out.close();
  }
}"""

_READ = """async (folder) => {
  const found = {};
  const walk = async (dir, prefix) => {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') { await walk(handle, prefix + name + '/'); continue; }
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 8192)
        text += String.fromCharCode(...bytes.subarray(i, i + 8192));
      found[prefix + name] = btoa(text);
    }
  };
  const root = await navigator.storage.getDirectory();
  await walk(await root.getDirectoryHandle(folder), '');
  return found;
}"""

_SAVE_BY_SCRIPT = """async () => {
  const pause = () => new Promise((done) => setTimeout(done, 5));
  const start = Date.now();
  const find = () => [...document.querySelectorAll('button')]
    .find((b) => b.textContent.trim() === 'Save');
  let button = find();
  while (!button || button.disabled || button.getAttribute('aria-disabled') === 'true') {
    if (Date.now() - start > 20000) throw new Error('Save stayed disabled');
    await pause();
    button = find();
  }
  const opened = location.href;
  button.click();
  while (location.href === opened || location.href.includes('/entries/')) {
    if (Date.now() - start > 20000) throw new Error('the editor did not close after Save');
    await pause();
  }
}"""


def copy_site(target: Path, source: Path = REPO) -> Path:
    """A copy of the sample site's sources (no build, no cache) in `target`."""
    target.mkdir(parents=True)
    for part in SITE_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        else:
            shutil.copy2(source / part, target / part)
    return target


def content_files(root: Path) -> dict[str, bytes]:
    """The files the editor works on: the content folders and the site's lists."""
    found: dict[str, bytes] = {}
    for part in CONTENT:
        paths = [root / part] if (root / part).is_file() else sorted((root / part).rglob("*"))
        for path in paths:
            if path.is_file():
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def editor_config(root: Path) -> dict[str, Any]:
    """The generated configuration of the site at `root`, on the test-repo backend."""
    found = find_project(root / "mkdocs.yml")
    site, report = load_site(found.layout())
    assert not report, report.format()
    settings = dataclasses.replace(found.settings(), editor_repo="circle/site")
    config = cms_config(site, settings)
    config["backend"] = {"name": "test-repo"}
    config.pop("publish_mode", None)  # the editorial workflow needs GitHub or GitLab
    return config


def write_admin(root: Path, target: Path, preview: bool = True) -> Path:
    """`/admin/` as `maagal build` writes it for the site at `root`, on the test backend, and
    an empty page of the same origin (where the test repository is seeded); `preview=False`
    turns the editor's preview pane off in every collection."""
    found = find_project(root / "mkdocs.yml")
    site, _ = load_site(found.layout())
    settings = dataclasses.replace(found.settings(), editor_repo="circle/site")
    for rel, content in admin_files(site, settings).items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_bytes(content if isinstance(content, bytes) else content.encode())
    made = editor_config(root)
    if not preview:
        for collection in made["collections"]:
            collection["editor"] = {"preview": False}
    config = yaml.safe_dump(made, allow_unicode=True, sort_keys=False)
    (target / "admin/config.yml").write_text(config, encoding="utf-8")
    (target / "seed.html").write_text("<!doctype html><title>seed</title>\n", encoding="utf-8")
    return target


@dataclasses.dataclass
class Editor:
    """One browser page on `/admin/`, working on the test repository."""

    page: Any
    base: str
    external: list[str]
    errors: list[str]
    asked: list[str] = dataclasses.field(default_factory=list)  # every address requested

    def open_entry(self, collection: str, slug: str) -> None:
        self.page.goto(f"{self.base}admin/#/collections/{collection}/entries/{slug}")
        self.page.locator("input[lang], textarea[lang]").first.wait_for(state="attached")

    def save_button(self) -> Any:
        return self.page.get_by_role("button", name="Save", exact=True)

    def save(self) -> None:
        """Save and wait until the editor has closed (back at the collection's list)."""
        url = self.page.url
        self.save_button().click()
        self.page.wait_for_url(lambda now: now != url and "/entries/" not in now)

    def save_by_script(self) -> None:
        """Save as `save` does, with the page's own `click()` on the button once it is enabled:
        Playwright's checks before a mouse click (visible, stable, enabled, hit) took 0.3 s of
        the round trip's 0.7 s per document. For the round trip, whose subject is what Sveltia
        writes; the volunteer's test clicks as a person does."""
        self.page.evaluate(_SAVE_BY_SCRIPT)

    def files(self) -> dict[str, bytes]:
        """Every file of the test repository, as the editor left it."""
        for attempt in range(20):
            try:
                found = self.page.evaluate(_READ, TEST_FOLDER)
                break
            except PlaywrightError as reading:  # a file read while Sveltia was writing it
                if not read_during_a_write(reading) or attempt == 19:
                    raise
                self.page.wait_for_timeout(250)
        return {path: base64.b64decode(data) for path, data in found.items()}

    def offsite_hosts(self) -> set[str]:
        from urllib.parse import urlsplit

        return {urlsplit(url).hostname or url for url in self.external}


def read_during_a_write(error: Exception) -> bool:
    """Whether reading the browser's files failed only because Sveltia was writing them: a file
    being written is not readable, and one being replaced is briefly not found (seen in CI)."""
    return any(name in str(error) for name in ("NotReadableError", "NotFoundError"))


def keep_local(route: Any) -> None:
    """A Playwright route handler: requests to the local server go on, the rest are aborted."""
    if route.request.url.startswith("http://127.0.0.1"):
        route.continue_()
    else:
        route.abort()


@contextmanager
def editor(
    browser: Any,
    site: Path,
    admin: Path,
    width: int = 1280,
    seed: dict[str, bytes] | None = None,
    height: int = 900,
) -> Iterator[Editor]:
    """The editor at `/admin/` (served from `admin`) on a test repository seeded with the
    content of the site at `site` (or the files `seed`), in a window `width` × `height`; every
    request that would leave localhost is aborted."""
    given = content_files(site) if seed is None else seed
    files = {p: base64.b64encode(data).decode() for p, data in given.items()}
    with served(admin) as base:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        made = Editor(page, base, track_external(page), [])
        page.on("pageerror", lambda error: made.errors.append(str(error)))
        page.on("request", lambda request: made.asked.append(request.url))
        page.route("**/*", keep_local)
        page.goto(base + "seed.html")
        page.evaluate(_SEED, {"folder": TEST_FOLDER, "files": files})
        page.goto(base + "admin/")
        page.get_by_role("button", name="Work with Test Repository").click()
        page.wait_for_url("**/#/collections/**")
        try:
            yield made
        finally:
            context.close()


def write_back(files: dict[str, bytes], root: Path) -> list[str]:
    """Write the editor's files over the site's copy at `root`; returns the paths that changed
    (a file the editor deleted is deleted)."""
    before = content_files(root)
    changed = sorted(p for p in files.keys() | before.keys() if files.get(p) != before.get(p))
    for path in changed:
        if path in files:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(files[path])
        else:
            (root / path).unlink()
    return changed


def documents(root: Path) -> list[tuple[str, str]]:
    """Every document of the site at `root` as (collection, slug) of the generated
    configuration: each issue's page and articles in `articles-N` (its page is the index file,
    slug `index`; in `issues` every issue's slug is `index`, so none can be opened by its
    address), then papers, the knowledge base, events and pages (a translation is part of
    its document's entry)."""
    config = editor_config(root)
    found: list[tuple[str, str]] = []
    for collection in config["collections"]:
        folder = root / collection["folder"]
        if collection["name"] == "issues":
            continue
        for path in sorted(folder.glob("*.md")):
            slug = path.name.removesuffix(".md")
            if "." in slug:  # name.en.md: the entry's English file
                continue
            found.append((collection["name"], slug))
    return found


def site_files(site_dir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site_dir).as_posix(): p.read_bytes()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file()
    }


def field_label(config: dict[str, Any], collection: str, name: str) -> str:
    """The label the editor shows for field `name` of `collection`."""
    found = next(c for c in config["collections"] if c["name"] == collection)
    return next(f["label"] for f in found["fields"] if f["name"] == name)


# What the round trip adds to each document's title in the test repository (`marked_titles`).
MARK = "x"


def marked_titles(root: Path) -> dict[str, bytes]:
    """The editor's files of the site at `root`, each document's title (in its default
    language's file) ending in MARK. Sveltia keeps Save disabled while an entry equals what it
    read: an editor who takes the letter away (`save_unchanged`) can save, and Sveltia writes
    the entry's own values as it serializes them."""
    files = content_files(root)
    config = editor_config(root)
    folders = {c["name"]: c["folder"] for c in config["collections"]}
    for collection, slug in documents(root):
        rel = f"{folders[collection]}/{slug}.md"
        text = files[rel].decode("utf-8")
        front = text.split("---\n", 2)[1]
        title = yaml.safe_load(front)["title"]
        line = re.search(r"^title:[ \t]*(.*)$", front, re.MULTILINE)
        assert line and yaml.safe_load(line.group(1)) == title, f"{rel}: a one-line title"
        marked = "title: " + json.dumps(title + MARK, ensure_ascii=False)
        text = text.replace(line.group(0), marked, 1)
        files[rel] = text.encode("utf-8")
    return files


def save_unchanged(editor: Editor, collection: str, slug: str, title_label: str) -> None:
    """Open an entry of the repository `marked_titles` seeded, take MARK off its title and
    save. The title is set (not typed), so a save the editor was slow to take is taken again
    without changing what is saved."""
    wanted = None
    for attempt in range(3):
        try:
            editor.open_entry(collection, slug)
            title = _title(editor, title_label)
            title.wait_for(state="attached")
            shown = title.input_value()
            if wanted is None:
                assert shown.endswith(MARK), f"{collection}/{slug}: {shown!r} is not marked"
                wanted = shown.removesuffix(MARK)
            if shown == wanted:
                return  # the previous attempt's save went through after all
            title.fill(wanted)
            editor.save_by_script()
            return
        except PlaywrightError:  # a timeout, in Playwright or in the script
            if attempt == 2:
                raise
            editor.page.reload()


def _title(editor: Editor, label: str) -> Any:
    return editor.page.get_by_role("textbox", name=label, exact=True).first


def choose(editor: Editor, label: str, option: str) -> None:
    """Pick `option` in the drop-down list labelled `label` (one pick per opening)."""
    editor.page.get_by_role("combobox", name=label).click()
    editor.page.get_by_role("option", name=option, exact=True).click()


def type_markdown(editor: Editor, text: str, lang_dir: str = "rtl") -> None:
    """Switch the body to Markdown mode ("Edit in Markdown") and type `text` there."""
    editor.page.get_by_role("button", name="Edit in Markdown").click()
    editor.page.locator(f"textarea[dir={lang_dir}]").first.fill(text)


def field_directions(editor: Editor) -> list[list[str]]:
    """[tag, its lang, its dir, the direction it is drawn in] of every text field shown in
    the editor (the search box, which has no language, left out) and of every paragraph of
    the rich-text editor (its box has no direction: each paragraph is `dir="auto"`)."""
    found: list[list[str]] = editor.page.evaluate(
        """() => [...document.querySelectorAll(
             'input[lang], textarea, [contenteditable=true] > *')]
           .filter(e => e.checkVisibility())
           .map(e => [e.tagName.toLowerCase(), e.lang, e.dir, getComputedStyle(e).direction])"""
    )
    return found
