"""Reading one document: its file in each language, validated, and checked against its
original; what every kind of document needs before it becomes part of the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maagal.cache.parse_cache import ParseCache
from maagal.load.files import relative_posix
from maagal.load.kept import ParsedFile
from maagal.load.schema import field_value, validate_meta
from maagal.load.source import SourceText, split_excerpt, split_source
from maagal.model.documents import MORE_MARKER, SUMMARY_MARKER, Variant
from maagal.run import progress
from maagal.run.errors import ContentError, Report
from maagal.run.said import Joined, say
from maagal.text import skeletons

# The fields `maagal new` fills with placeholder text, as the report names them.
_FIELD_WORDS = {
    "title": say("the title"),
    "subtitle": say("the subtitle"),
    "team": say("the team"),
    "location": say("the location"),
    "cover_alt": say("the cover alt"),
}
STRUCTURAL = ("id", "date", "authors", "topics", "order", "status", "supersedes", "cover")


@dataclass
class Loaded:
    """The validated files of one document, primary language first."""

    key: str
    sources: dict[str, SourceText] = field(default_factory=dict)
    metas: dict[str, Any] = field(default_factory=dict)
    # Its variants by title fallback, made once: a document read again unchanged is this
    # same object (see `_Reading`), and so are its variants, which nothing changes.
    made: dict[str, dict[str, Variant]] = field(default_factory=dict)

    @property
    def primary_lang(self) -> str:
        return next(iter(self.metas))

    @property
    def primary(self) -> Any:
        return self.metas[self.primary_lang]

    @property
    def primary_source(self) -> SourceText:
        return self.sources[self.primary_lang]


@dataclass
class _Reading:
    """What reading one document did, for a long-lived process to do again at once when the
    document's files are the same: `maagal serve` loads the whole site on every save."""

    signature: tuple
    loaded: Loaded | None
    bodies: list[tuple[str, str, int]]
    errors: list[ContentError]
    notes: list[ContentError]
    known: bool  # one of `documents`
    draft: bool  # one of `drafts`
    stable_id: str | None
    id_line: int | None


class DocumentReader:
    """Reads documents for the loader; remembers every body (for the checks that need all
    documents) and every document's key and permanent id."""

    def __init__(
        self,
        root: Path,
        languages: list[str],
        report: Report,
        *,
        include_drafts: bool = False,
        cache: ParseCache | None = None,
    ) -> None:
        self.root = root
        self.languages = languages
        self.report = report
        self.include_drafts = include_drafts
        self.cache = cache
        self.bodies: list[tuple[str, str, int]] = []
        self.documents: set[str] = set()
        self.drafts: set[str] = set()  # documents left out as drafts: a link to one is refused
        self.stable_ids: dict[str, str] = {}
        self.id_lines: dict[str, int] = {}  # where a document's 'id:' is
        self.files_read = 0

    def read(self, key: str, files: dict[str, Path], schema: type, required: bool) -> Loaded | None:
        """The document's validated files (None if it is a draft or its original has
        mistakes), each body remembered and each problem reported."""
        signature = self._signature(files, schema, required)
        if signature is None or self.cache is None:
            return self._read(key, files, schema, required)
        kept = self.cache.readings.get(key)
        if kept is not None and kept.signature == signature:
            return self._replay(key, kept, len(files))
        counts = (len(self.bodies), len(self.report.errors), len(self.report.notes))
        loaded = self._read(key, files, schema, required)
        self.cache.readings[key] = self._record(key, signature, loaded, counts)
        return loaded

    def _signature(self, files: dict[str, Path], schema: type, required: bool) -> tuple | None:
        """What decides a reading: the files' bytes and how they are read; None when a file
        cannot be read (reading it again reports that)."""
        if self.cache is None:
            return None
        try:
            digests = tuple(
                (lang, str(path), self.cache.digest(path)) for lang, path in files.items()
            )
        except OSError:
            return None
        return (digests, schema.__name__, required, self.include_drafts, tuple(self.languages))

    def _record(
        self, key: str, signature: tuple, loaded: Loaded | None, counts: tuple[int, int, int]
    ) -> _Reading:
        name = key.removesuffix(".md")
        return _Reading(
            signature,
            loaded,
            self.bodies[counts[0] :],
            self.report.errors[counts[1] :],
            self.report.notes[counts[2] :],
            key in self.documents,
            key in self.drafts,
            self.stable_ids.get(name),
            self.id_lines.get(name),
        )

    def _replay(self, key: str, kept: _Reading, files: int) -> Loaded | None:
        """What reading the document did when its files were last read, done again."""
        self.files_read += files
        progress.report(self.files_read, 0, "read")
        self.bodies += kept.bodies
        self.report.errors += kept.errors
        self.report.notes += kept.notes
        name = key.removesuffix(".md")
        if kept.known:
            self.documents.add(key)
        if kept.draft:
            self.drafts.add(key)
        if kept.stable_id is not None:
            self.stable_ids[name] = kept.stable_id
        if kept.id_line is not None:
            self.id_lines[name] = kept.id_line
        return kept.loaded

    def _read(
        self, key: str, files: dict[str, Path], schema: type, required: bool
    ) -> Loaded | None:
        loaded = Loaded(key)
        original_failed = False
        for lang in self.languages:
            if lang not in files:
                continue
            rel = relative_posix(files[lang], self.root)
            source, meta = self._parse(files[lang], rel, schema, required)
            if source is not None:
                self.bodies.append((rel, source.body, source.body_line))
            if source is None or meta is None:
                original_failed = original_failed or not loaded.metas
                continue
            if meta.draft and not self.include_drafts:
                if not loaded.metas and lang == self.languages[0]:
                    self.drafts.add(key)
                    return None  # a draft original hides its translations too
                continue
            loaded.sources[lang] = source
            loaded.metas[lang] = meta
        if original_failed:
            # The original's own mistake is reported; its translations are not checked for
            # what they take from it, and links to the document are not called broken.
            self.documents.add(key)
            return None
        if not loaded.metas:
            return None
        self._check_translations_agree(loaded)
        if not self.include_drafts:  # the preview shows a skeleton while it is being written
            self._check_placeholders(loaded)
        self.documents.add(key)
        self.stable_ids[key.removesuffix(".md")] = loaded.primary.id or key.removesuffix(".md")
        if loaded.primary.id:
            source = loaded.primary_source
            self.id_lines[key.removesuffix(".md")] = source.line_of("id")
        return loaded

    def _parse(
        self, path: Path, rel: str, schema: type, required: bool
    ) -> tuple[SourceText | None, Any]:
        def work(report: Report) -> tuple[SourceText | None, Any]:
            source = split_source(path, rel, report, front_matter_required=required)
            return source, (validate_meta(schema, source, report) if source else None)

        self.files_read += 1
        progress.report(self.files_read, 0, "read")
        if self.cache is None:
            return work(self.report)
        key = (rel, schema.__name__, required)
        return self.cache.file(path, key, self.report, work, ParsedFile(rel, schema))

    def _check_placeholders(self, loaded: Loaded) -> None:
        """Text that `maagal new` wrote and nobody replaced is never published: one message
        per file, at its first placeholder."""
        for lang, source in loaded.sources.items():
            meta = loaded.metas[lang]
            fields = [
                (source.line_of(name), _FIELD_WORDS.get(name, name))
                for name in skeletons.PLACEHOLDER_FIELDS
                if field_value(meta, name) in skeletons.placeholder_fields(name)
            ]
            lines = [source.body_line + offset for offset in source.placeholder_offsets]
            if not fields and not lines:
                continue
            parts = [what for _, what in fields]
            if lines:
                shown = join_and(lines)
                parts.append(
                    say("line {line}", line=shown)
                    if len(lines) == 1
                    else say("lines {lines}", lines=shown)
                )
            self.report.add(
                source.rel_path,
                min([line for line, _ in fields] + lines),
                say(
                    "still holds the placeholder text 'maagal new' wrote: {parts}",
                    parts=Joined(parts),
                ),
                say(
                    "write the document's own words in its place (not translated yet? delete "
                    "this file: the page then offers the original's language)"
                )
                if lang != loaded.primary_lang
                else say("write the document's own words in its place"),
            )

    def check_text(self, loaded: Loaded, what: str, published: str) -> None:
        """A document (`what`: "article") with front matter and no text would be published
        empty (`published`: where); each file of it, at the line that closes its front matter."""
        for lang, source in loaded.sources.items():
            body = source.body.replace(MORE_MARKER, "").replace(SUMMARY_MARKER, "")
            if body.strip():
                continue
            fix = say("write the {what} under the front matter, or delete the file", what=what)
            if lang != loaded.primary_lang:
                fix = say(
                    "write the translation under the front matter, or delete this file (the "
                    "page then offers the original's language)"
                )
            self.report.add(
                source.rel_path,
                max(source.body_line - 1, 1),
                say(
                    "the {what} has no text: it would be published empty ({published})",
                    what=what,
                    published=published,
                ),
                fix,
            )

    def _check_translations_agree(self, loaded: Loaded) -> None:
        primary = loaded.primary
        for lang, meta in loaded.metas.items():
            if lang == loaded.primary_lang:
                continue
            for name in STRUCTURAL:
                if field_value(primary, name) is None:
                    continue  # missing in the original: reported there, once
                if name in meta.model_fields_set and field_value(meta, name) != field_value(
                    primary, name
                ):
                    source = loaded.sources[lang]
                    report_path = loaded.primary_source.rel_path
                    self.report.add(
                        source.rel_path,
                        source.line_of(name),
                        say(
                            "'{name}' differs from the original ({report_path})",
                            name=name,
                            report_path=report_path,
                        ),
                        say(
                            "delete the line here (translations take '{name}' from "
                            "{report_path}) or make both files say the same",
                            name=name,
                            report_path=report_path,
                        ),
                    )

    def variants(self, loaded: Loaded, *, title_fallback: str = "") -> dict[str, Variant]:
        made = loaded.made.get(title_fallback)
        if made is None:
            made = loaded.made[title_fallback] = self._variants(loaded, title_fallback)
        return dict(made)

    def _variants(self, loaded: Loaded, title_fallback: str) -> dict[str, Variant]:
        variants = {}
        for lang, meta in loaded.metas.items():
            source = loaded.sources[lang]
            excerpt, _ = split_excerpt(source.body)
            variants[lang] = Variant(
                lang=lang,
                rel_path=source.rel_path,
                title=meta.title or _first_heading(source.body) or title_fallback,
                body=source.body,
                body_line=source.body_line,
                excerpt=excerpt,
                subtitle=field_value(meta, "subtitle"),
                description=field_value(meta, "description"),
                team=field_value(meta, "team"),
                cover_alt=field_value(meta, "cover_alt"),
                location=field_value(meta, "location") or field_value(loaded.primary, "location"),
                summary=_summary(source.body),
            )
        return variants

    def require(self, loaded: Loaded, name: str, example: str) -> bool:
        if field_value(loaded.primary, name) is not None:
            return True
        source = loaded.primary_source
        if name in source.meta or source.misspells(name):
            return False  # present but invalid, or misspelled: already reported with its line
        self.report.add(
            source.rel_path,
            source.front_line,
            say("'{name}' is missing", name=name),
            say("add a line '{example}' to the front matter", example=example),
        )
        return False


def _summary(body: str) -> str | None:
    """An event's summary: the text after `<!-- summary -->`, when there is any."""
    if SUMMARY_MARKER not in body:
        return None
    return body.split(SUMMARY_MARKER, 1)[1].strip() or None


def _first_heading(body: str) -> str | None:
    for line in body.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return None


def join_and(items: list) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [str(item) for item in items]
    if len(words) == 1:
        return words[0]
    return say("{items} and {last}", items=", ".join(words[:-1]), last=words[-1])
