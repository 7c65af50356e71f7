"""One Markdown converter per build for Maagal's pages (`plugin/page_render.py`): the pages it
renders are the pages MkDocs' own rendering gives, however many pages it converted before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Project, dedent

# Two articles that share a heading's words and both have footnotes: a converter that kept
# anything from the page before would number the second one's footnotes or heading ids on.
FIRST = dedent(
    """
    ---
    title: ראשון
    authors: [noa-barkai]
    ---
    פסקה ראשונה עם הערה.[^1]

    ## רקע

    /// pullquote | נועה ברקאי
    ציטוט מודגש.
    ///

    [^1]: ההערה של המאמר הראשון.
    """
)
SECOND = dedent(
    """
    ---
    title: שני
    authors: [noa-barkai]
    ---
    פסקה שנייה עם שתי הערות.[^a][^b]

    ## רקע

    [^a]: הערה ראשונה.
    [^b]: הערה שנייה.
    """
)


def _pages(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in site.rglob("*.html")
        if "admin" not in path.parts
    }


@pytest.mark.slow
def test_reused_converter_renders_what_mkdocs_own_rendering_gives(tmp_path: Path) -> None:
    sites = []
    for name, extra in (("reused", ""), ("own", "  - abbr\n")):
        project = Project(tmp_path / name)
        project.fill()
        project.write("issues/1/first.md", FIRST)
        project.write("issues/1/second.md", SECOND)
        if extra:  # an extension Maagal does not know: MkDocs renders every page itself
            config = project.root / "mkdocs.yml"
            text = config.read_text(encoding="utf-8")
            config.write_text(
                text.replace("markdown_extensions:\n", "markdown_extensions:\n" + extra),
                encoding="utf-8",
            )
        result = project.maagal("build", "--no-cache")
        assert result.code == 0, result.text
        sites.append(_pages(project.root / "site"))
    reused, own = sites
    second = reused["issues/1/second/index.html"].decode()
    # Each page numbers its own footnotes and heading ids from the start.
    assert 'id="fn:a"' in second and 'id="רקע"' in second and "fn:1" not in second
    assert "ציטוט מודגש" in reused["issues/1/first/index.html"].decode()
    assert reused.keys() == own.keys()
    differ = [name for name in reused if reused[name] != own[name]]
    assert differ == [], differ


def test_every_known_extension_is_one_the_converter_resets() -> None:
    """An extension is known only if `Markdown.reset()` clears what it keeps (or it keeps
    nothing): adding one to `RESETTABLE` without checking that is what this guards."""
    import markdown

    from maagal.plugin.page_render import RESETTABLE

    md = markdown.Markdown(extensions=sorted(RESETTABLE))
    first = md.convert("# רקע\n\nא[^1]\n\n[^1]: הערה.\n")
    again = md.reset().convert("# רקע\n\nא[^1]\n\n[^1]: הערה.\n")
    assert first == again


@pytest.mark.slow
def test_blocks_kept_per_depth_point_each_page_at_the_site_root(project: Project) -> None:
    """The stylesheets, configuration, scripts and footer are rendered once per depth and
    reused: every page, whatever its depth, still finds its language's root, the assets and the
    circle's pages from where it is."""
    project.write("docs/about.md", "---\ntitle: אודות\n---\nמי אנחנו.\n")
    project.write("docs/about.en.md", "---\ntitle: About\n---\nWho we are.\n")
    result = project.maagal("build", "--no-cache")
    assert result.code == 0, result.text
    site = project.root / "site"
    pages = [p for p in site.rglob("index.html") if "admin" not in p.parts]
    depths = set()
    for path in pages:
        rel = path.parent.relative_to(site)
        depth = len(rel.parts)
        depths.add(depth)
        soup = project.page(path.relative_to(site).as_posix())
        config = json.loads(soup.find("script", id="__config").string)
        root = site / "en" if rel.parts[:1] == ("en",) else site  # each language's own root
        assert (site / rel / config["base"]).resolve() == root.resolve(), path
        for link in soup.select('link[rel="stylesheet"]') + soup.select("script[src]"):
            target = link.get("href") or link.get("src")
            if "://" not in target:
                assert (site / rel / target).is_file(), (path, target)
        footer = [a["href"] for a in soup.select(".maagal-footer__links a")]
        assert footer, path
        for target in footer:
            assert (site / rel / target / "index.html").is_file(), (path, target)
    assert len(depths) >= 3, depths  # the home page, sections, and pages within them
