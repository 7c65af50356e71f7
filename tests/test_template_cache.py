"""Templates compiled once per process (`plugin/template_cache.py`) and the theme's listing
without hidden files (`plugin/theme_setup.py`): what a build renders is what it rendered
before, only compiled less often."""

from __future__ import annotations

import subprocess
from pathlib import Path

import jinja2
import material
import pytest

from maagal.plugin import template_cache
from maagal.plugin.theme_setup import THEME_DIR, _ThemeLoader


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from now on (this process's store emptied)."""
    monkeypatch.setattr(template_cache, "_COMPILED", {})
    monkeypatch.setattr(template_cache, "_INSTALLED_TAKEN", True)  # (see the tests below)
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        if not raw and name:
            names.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def _environment(folder: Path, **filters: object) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False)
    env.filters.update(filters)
    template_cache.use_compiled_templates(env)
    return env


def test_a_template_is_compiled_again_only_when_its_source_or_settings_change(
    tmp_path: Path, compiled: list[str]
) -> None:
    (tmp_path / "page.html").write_text("{{ title | shout }}", encoding="utf-8")
    shout = lambda text: text.upper()  # noqa: E731
    first = _environment(tmp_path, shout=shout).get_template("page.html").render(title="a")
    # A new environment, as each build makes: the template is taken, not compiled.
    again = _environment(tmp_path, shout=shout).get_template("page.html").render(title="b")
    assert (first, again, compiled) == ("A", "B", ["page.html"])
    # The same file with other words is compiled again, and renders the new words.
    (tmp_path / "page.html").write_text("<{{ title | shout }}>", encoding="utf-8")
    assert _environment(tmp_path, shout=shout).get_template("page.html").render(title="c") == "<C>"
    assert compiled == ["page.html"] * 2

    # A filter of another kind (given the context) changes the code Jinja writes for it.
    @jinja2.pass_context
    def shout_in_context(context: jinja2.runtime.Context, text: str) -> str:
        return f"{text.upper()}{context.get('mark', '')}"

    env = _environment(tmp_path, shout=shout_in_context)
    assert env.get_template("page.html").render(title="d", mark="!") == "<D!>"
    assert compiled == ["page.html"] * 3
    # Other syntax settings too.
    (tmp_path / "page.html").write_text("{{ title | shout }}\n", encoding="utf-8")
    plain = _environment(tmp_path, shout=shout).get_template("page.html").render(title="e")
    kept = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(tmp_path)), keep_trailing_newline=True
    )
    kept.filters["shout"] = shout
    template_cache.use_compiled_templates(kept)
    assert (plain, kept.get_template("page.html").render(title="e")) == ("E", "E\n")
    assert compiled == ["page.html"] * 5


def test_templates_handed_to_another_process_are_the_ones_compiled(
    tmp_path: Path, compiled: list[str]
) -> None:
    (tmp_path / "page.html").write_text("{{ 6 * 7 }}", encoding="utf-8")
    _environment(tmp_path).get_template("page.html").render()
    handed = template_cache.exported()
    template_cache._COMPILED.clear()
    template_cache.take(handed)
    assert _environment(tmp_path).get_template("page.html").render() == "42"
    assert compiled == ["page.html"]


@pytest.mark.slow  # (it asks git whether the file is one it tracks)
def test_templates_compiled_at_install_are_taken_unless_foreign_or_from_a_checkout(
    tmp_path: Path, compiled: list[str]
) -> None:
    (tmp_path / "page.html").write_text("{{ 6 * 7 }}", encoding="utf-8")
    _environment(tmp_path).get_template("page.html").render()
    installed = tmp_path / "share" / "compiled-templates"
    template_cache.save_installed(installed)
    assert template_cache.installed_current(installed)
    template_cache._COMPILED.clear()
    assert template_cache.take_installed(installed)
    assert _environment(tmp_path).get_template("page.html").render() == "42"
    assert compiled == ["page.html"]  # taken, not compiled again

    # Of another Maagal, Jinja or Python (its first line says whose it is): not taken.
    data = installed.read_bytes()
    installed.write_bytes(data.replace(b"maagal-templates 1 ", b"maagal-templates 1 0", 1))
    template_cache._COMPILED.clear()
    assert not template_cache.installed_current(installed)
    assert not template_cache.take_installed(installed)
    assert template_cache._COMPILED == {}
    # Damaged after its first line: not taken, and no crash.
    installed.write_bytes(data[: data.index(b"\n") + 1] + b"\x00garbage")
    assert not template_cache.take_installed(installed)
    # Where git tracks it (a pull request could add it): not taken.
    installed.write_bytes(data)
    subprocess.run(["git", "init", "-q"], cwd=installed.parent, check=True)
    subprocess.run(["git", "add", installed.name], cwd=installed.parent, check=True)
    assert not template_cache.take_installed(installed)
    assert template_cache._COMPILED == {}


def test_the_theme_lists_what_mkdocs_copies_without_walking_hidden_folders() -> None:
    dirs = [str(THEME_DIR), str(Path(material.__file__).parent / "templates")]
    everything = jinja2.FileSystemLoader(dirs).list_templates()
    hidden = [name for name in everything if any(p.startswith(".") for p in name.split("/"))]
    assert len(hidden) > 10_000  # Material's icons, which MkDocs leaves out of the site
    assert _ThemeLoader(dirs).list_templates() == sorted(set(everything) - set(hidden))


def test_a_card_is_rendered_once_for_every_page_that_shows_it_the_same() -> None:
    """The theme's card macro through `PageTemplates` in `maagal serve`: the same card is
    rendered once, and is the macro's own HTML; a card that says anything else (a title, a
    heading) is new."""
    from maagal.plugin.templates import PageTemplates
    from maagal.text.i18n import strings

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME_DIR)))
    templates = PageTemplates()
    templates.prepare(env, lambda page: [], "he")
    page = env.from_string(
        '{% import "maagal/macros.html" as m %}'
        "{% for item in items %}{{ m.card(item, t, heading) }}|{% endfor %}"
    )
    direct = env.from_string(
        '{% import "maagal/macros.html" as m %}{{ m.card_html(item, t, "h3", true) }}'
    )
    t = strings("he")
    card = {"kind": "article", "title": "על <שיתוף>", "url": "../a/", "authors": []}
    # A build keeps no card (at archive-5k they took 34 MiB); `maagal serve`'s workers do.
    built = page.render(items=[card], t=t, heading="h3").split("|")[0]
    assert built == direct.render(item=card, t=t) and templates._cards == {}
    templates.keep_cards = True
    twice = page.render(items=[card, dict(card)], t=t, heading="h3").split("|")[:2]
    assert twice[0] == twice[1] == direct.render(item=card, t=t)
    assert "על &lt;שיתוף&gt;" in twice[0] and len(templates._cards) == 1
    retitled = page.render(items=[{**card, "title": "כותרת חדשה"}], t=t, heading="h3")
    assert "כותרת חדשה" in retitled and "שיתוף" not in retitled
    assert '<h2 class="maagal-card__title">' in page.render(items=[card], t=t, heading="h2")
    assert len(templates._cards) == 3
