"""References from documents to the authors and topics files, resolved to their entries."""

from __future__ import annotations

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
            named = _named(key, known)
            if named:  # a name where the key goes: 'נועה ברקאי' for noa-barkai
                self.report.add(
                    source.rel_path,
                    source.line_of(field_name, index),
                    f"'{key}' is the name of the {noun} '{named}', not its key",
                    f"write its key '{named}' in place of the name (the keys are in {registry})",
                )
                continue
            self.report.add(
                source.rel_path,
                source.line_of(field_name, index),
                f"unknown {noun} '{key}'{did_you_mean(key, known)}",
                f"use a key from {registry}, or add '{key}' there",
            )
        return found


def _named(text: str, known: dict) -> str | None:
    """The key of the author or topic whose name, in any language, is `text`."""
    wanted = " ".join(text.split()).casefold()
    for key, item in known.items():
        names = getattr(item, "name", None) or getattr(item, "label", None) or {}
        if any(" ".join(name.split()).casefold() == wanted for name in names.values()):
            return key
    return None
