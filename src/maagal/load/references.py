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
                    "'authors' is missing",
                    f"add a line 'authors: [key]' with keys from {self.layout.authors_file}",
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
            named = _named(key, known)
            for rel, line in uses:
                if named:  # a name where the key goes: 'נועה ברקאי' for noa-barkai
                    self.report.add(
                        rel,
                        line,
                        f"'{key}' is the name of the {noun} '{named}', not its key",
                        f"write its key '{named}' in place of the name (the keys are in "
                        f"{registry})",
                    )
                    continue
                self.report.add(
                    rel,
                    line,
                    f"unknown {noun} '{key}'{did_you_mean(key, known)}",
                    f"use a key from {registry}, or add '{key}' there",
                )

    def _unknown_in_registry(
        self, field_name: str, key: str, uses: list, known: dict, registry: str
    ) -> None:
        noun = field_name.removesuffix("s")
        near = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
        renamed = _named(key, known) or (near[0] if near else None)
        places = list(dict.fromkeys(f"{rel}:{line}" if line else rel for rel, line in uses))
        shown = ", ".join(places[:8]) + (f" and {len(places) - 8} more" if len(places) > 8 else "")
        if noun == "author":
            moves = f"the author's page is /{urls.author_path(key)}, by its key: a new key moves it"
        else:
            moves = (
                f"the topic's page and feed are at /{urls.topic_path(key)}, by its key: a new "
                "key moves them, and the old feed's subscribers get nothing new"
            )
        self.report.add(
            registry,
            self.registries[field_name].lines.get(renamed) if renamed else None,
            f"'{key}' is not in {registry}, but {len(places)} documents name it as their "
            f"{noun}: {shown}" + (f" — was it renamed '{renamed}'?" if renamed else ""),
            f"add '{key}' back to {registry}"
            + (f", or write '{renamed}' in those documents" if renamed else "")
            + f" ({moves})",
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
