"""`maagal check-feeds`, the publishing workflows' feed check, on small hand-made feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from maagal.commands import check_feeds

RSS = """<?xml version='1.0' encoding='UTF-8'?>
<rss version="2.0"><channel>
  <title>המעגל השיתופי</title><link>https://maagal.example/</link><description>d</description>
  <item>
    <title>גיליון 4</title><link>{link}</link>
    <description>&lt;p&gt;&lt;a href="{href}"&gt;עוד&lt;/a&gt;
      &lt;a href="mailto:maagal@maagal.example"&gt;כתבו&lt;/a&gt;&lt;/p&gt;</description>
    <enclosure url="{enclosure}" length="1" type="image/png"/>
  </item>
</channel></rss>
"""

ATOM = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>https://maagal.example/en/</id><title>The Cooperative Circle</title>
  <updated>2026-11-25T00:00:00+02:00</updated>
  <entry>
    <id>urn:uuid:7a6da3a1-38ef-5be0-9cf7-12aff8c5b3d4</id><title>Study day</title>
    <updated>2026-11-25T00:00:00+02:00</updated>
    <link href="{link}"/>
    <content type="html">&lt;img src="{src}" alt="x"&gt;</content>
  </entry>
</feed>
"""

GOOD = "https://maagal.example/issues/4/"


def site(tmp_path: Path, rss: str | None = None, atom: str | None = None) -> Path:
    root = tmp_path / "site"
    (root / "issues").mkdir(parents=True)
    (root / "en").mkdir()
    (root / "issues" / "feed.xml").write_text(
        rss or RSS.format(link=GOOD, href=GOOD, enclosure=GOOD + "cover.png"), encoding="utf-8"
    )
    (root / "en" / "atom.xml").write_text(
        atom or ATOM.format(link=GOOD, src=GOOD + "chart.svg"), encoding="utf-8"
    )
    return root


def test_sound_feeds_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_feeds.main([str(site(tmp_path))]) == 0
    assert "2 feeds" in capsys.readouterr().out


def test_malformed_xml_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = ATOM.format(link=GOOD, src=GOOD).replace("</feed>", "</fed>")
    assert check_feeds.main([str(site(tmp_path, atom=broken))]) == 1
    assert "en/atom.xml: does not parse as a feed" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("rss", "expected"),
    [
        (
            RSS.format(link="/issues/4/", href=GOOD, enclosure=GOOD),
            "item 1 ('גיליון 4') links to '/issues/4/', not an absolute http(s) URL",
        ),
        (
            RSS.format(link=GOOD, href="../3/", enclosure=GOOD),
            "item 1 ('גיליון 4') has a relative URL '../3/' in its text",
        ),
        (
            RSS.format(link=GOOD, href=GOOD, enclosure="cover.png"),
            "item 1 ('גיליון 4') has a relative link 'cover.png'",
        ),
        (RSS.format(link="", href=GOOD, enclosure=GOOD), "item 1 ('גיליון 4') has no link"),
    ],
    ids=["item-link", "link-in-text", "enclosure", "no-link"],
)
def test_relative_or_missing_links_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rss: str, expected: str
) -> None:
    assert check_feeds.main([str(site(tmp_path, rss=rss))]) == 1
    err = capsys.readouterr().err
    assert f"issues/feed.xml: {expected}" in err
    assert "1 problem in the feeds" in err


def test_relative_image_in_atom_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    atom = ATOM.format(link=GOOD, src="chart.svg")
    assert check_feeds.main([str(site(tmp_path, atom=atom))]) == 1
    assert "has a relative URL 'chart.svg' in its text" in capsys.readouterr().err


def test_no_feeds_or_no_site_fail(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert check_feeds.main([str(tmp_path / "empty")]) == 1
    assert check_feeds.main([str(tmp_path / "missing")]) == 2
