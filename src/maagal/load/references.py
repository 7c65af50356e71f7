"""References from documents to the authors and topics files, resolved to their entries."""

from __future__ import annotations

import difflib
import re

from maagal.addresses import urls
from maagal.load.reading import Loaded
from maagal.load.registries import Registry
from maagal.load.source import SourceText
from maagal.model.documents import Author, Topic
from maagal.model.layout import ContentLayout
from maagal.model.site import Site
from maagal.run.errors import Report, did_you_mean
from maagal.run.said import say


class References:
    """Resolves the keys a document names; an unknown key is reported with what was meant."""

    def __init__(
        self, site: Site, layout: ContentLayout, report: Report, registries: dict[str, Registry]
    ) -> None:
        self.site = site
        self.layout = layout
        self.report = report
        self.registries = registries
        # Keys no entry has, with where each is written: said once at the registry when
        # several documents name one (an entry deleted or renamed), else in the document.
        self.unknown: dict[tuple[str, str], list[tuple[str, int | None]]] = {}

    def authors(self, loaded: Loaded, *, required: bool) -> list[Author]:
        keys = loaded.primary.authors
        source = loaded.primary_source
        if not keys:
            # 'authors: 5' is reported where it is written, as a value that is not a list.
            invalid = "authors" in source.meta and "authors" not in loaded.primary.model_fields_set
            if required and not source.misspells("authors") and not invalid:
                self.report.add(
                    source.rel_path,
                    source.front_line,
                    say("'authors' is missing"),
                    say(
                        "add a line 'authors: [key]' with keys from {authors_file}",
                        authors_file=self.layout.authors_file,
                    ),
                )
            return []
        return self.resolve(
            keys, self.site.authors, "author", "authors", source, self.layout.authors_file
        )

    def topics(self, loaded: Loaded) -> list[Topic]:
        return self.resolve(
            loaded.primary.topics or [],
            self.site.topics,
            "topic",
            "topics",
            loaded.primary_source,
            self.layout.topics_file,
        )

    def resolve(
        self,
        keys: list[str],
        known: dict,
        noun: str,
        field_name: str,
        source: SourceText,
        registry: str,
    ) -> list:
        found = []
        for index, key in enumerate(keys):
            if key in known:
                found.append(known[key])
                continue
            if self.registries[field_name].excuses(key):
                continue  # the registry file's own mistake is reported there, once
            uses = self.unknown.setdefault((field_name, key), [])
            uses.append((source.rel_path, source.line_of(field_name, index)))
        return found

    def report_unknown(self) -> None:
        """Each unknown key: in its document when one names it (a misspelling), once at the
        registry when several do (an entry deleted or renamed there)."""
        for (field_name, key), uses in sorted(self.unknown.items()):
            noun = field_name.removesuffix("s")
            known = self.site.authors if field_name == "authors" else self.site.topics
            registry = self.layout.authors_file if noun == "author" else self.layout.topics_file
            if len({rel for rel, _ in uses}) > 1 and _KEY.match(key):
                self._unknown_in_registry(field_name, key, uses, known, registry)
                continue
            message, fix = _unknown_key(key, _NOUNS.get(noun, noun), known, registry)
            for rel, line in uses:
                self.report.add(rel, line, message, fix)

    def _unknown_in_registry(
        self, field_name: str, key: str, uses: list, known: dict, registry: str
    ) -> None:
        noun = field_name.removesuffix("s")
        near = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
        renamed = _named(key, known) or (near[0] if near else None)
        places = list(dict.fromkeys(f"{rel}:{line}" if line else rel for rel, line in uses))
        shown = ", ".join(places[:8])
        if len(places) > 8:
            shown = say("{places} and {more} more", places=shown, more=len(places) - 8)
        values = {"key": key, "registry": registry, "renamed": renamed, "moves": _moves(noun, key)}
        self.report.add(
            registry,
            self.registries[field_name].lines.get(renamed) if renamed else None,
            say(
                "'{key}' is not in {registry}, but {count} documents name it as their {noun}: "
                "{places} — was it renamed '{renamed}'?"
                if renamed
                else "'{key}' is not in {registry}, but {count} documents name it as their "
                "{noun}: {places}",
                key=key,
                registry=registry,
                count=len(places),
                noun=_NOUNS.get(noun, noun),
                places=shown,
                renamed=renamed,
            ),
            say(
                "add '{key}' back to {registry}, or write '{renamed}' in those documents ({moves})"
                if renamed
                else "add '{key}' back to {registry} ({moves})",
                **values,
            ),
        )


_NOUNS = {"author": say("author"), "topic": say("topic")}


def _moves(noun: str, key: str) -> str:
    """What a new key for an author or a topic moves."""
    if noun == "author":
        return say(
            "the author's page is /{path}, by its key: a new key moves it",
            path=urls.author_path(key),
        )
    return say(
        "the topic's page and feed are at /{path}, by its key: a new key moves them, "
        "and the old feed's subscribers get nothing new",
        path=urls.topic_path(key),
    )


def _unknown_key(key: str, noun: str, known: dict, registry: str) -> tuple[str, str]:
    """A key no entry has, in a document: a name where the key goes ('נועה ברקאי' for
    noa-barkai), or a misspelling."""
    named = _named(key, known)
    if named:
        return (
            say(
                "'{key}' is the name of the {noun} '{named}', not its key",
                key=key,
                noun=noun,
                named=named,
            ),
            say(
                "write its key '{named}' in place of the name (the keys are in {registry})",
                named=named,
                registry=registry,
            ),
        )
    return (
        say(
            "unknown {noun} '{key}'{did_you_mean}",
            noun=noun,
            key=key,
            did_you_mean=did_you_mean(key, known),
        ),
        say("use a key from {registry}, or add '{key}' there", registry=registry, key=key),
    )


_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # a key as the registries write them, not a name


def _named(text: str, known: dict) -> str | None:
    """The key of the author or topic whose name, in any language, is `text`."""
    wanted = " ".join(text.split()).casefold()
    for key, item in known.items():
        names = getattr(item, "name", None) or getattr(item, "label", None) or {}
        if any(" ".join(name.split()).casefold() == wanted for name in names.values()):
            return key
    return None
