"""Reading the repository into a `Site`: every file, every reference, every error at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maagal import skeletons
from maagal.errors import Report, did_you_mean
from maagal.load.body_checks import check_body, outside_code
from maagal.load.files import asset_files, check_slug, group_translations, markdown_files
from maagal.load.parse_cache import ParseCache
from maagal.load.registries import Registry, load_authors, load_labels, load_topics
from maagal.load.schema import (
    ArticleMeta,
    EventMeta,
    IssueMeta,
    PageMeta,
    PaperMeta,
    validate_meta,
)
from maagal.load.source import SourceText, split_excerpt, split_source
from maagal.model.documents import (
    SUMMARY_MARKER,
    Article,
    Author,
    Document,
    Event,
    Issue,
    Page,
    PositionPaper,
    Topic,
    Variant,
)
from maagal.model.layout import ContentLayout
from maagal.model.site import Site

_NOT_TRANSLATED = (
    " (not translated yet? delete this file: the page then offers the original's language)"
)
STRUCTURAL = ("id", "date", "authors", "topics", "order", "status", "supersedes", "cover")


@dataclass
class _Loaded:
    """The validated files of one document, primary language first."""

    key: str
    sources: dict[str, SourceText] = field(default_factory=dict)
    metas: dict[str, Any] = field(default_factory=dict)

    @property
    def primary_lang(self) -> str:
        return next(iter(self.metas))

    @property
    def primary(self) -> Any:
        return self.metas[self.primary_lang]

    @property
    def primary_source(self) -> SourceText:
        return self.sources[self.primary_lang]


class SiteLoader:
    """Loads one repository; `load()` returns the site and the report of every problem."""

    def __init__(
        self,
        layout: ContentLayout,
        *,
        include_drafts: bool = False,
        cache: ParseCache | None = None,
    ) -> None:
        self.layout = layout
        self.cache = cache
        self.root = layout.root
        self.languages = list(layout.languages)
        self.include_drafts = include_drafts
        self.report = Report()
        self.site = Site(layout)
        self._bodies: list[tuple[str, str, int]] = []
        self._documents: set[str] = set()
        self._stable_ids: dict[str, str] = {}
        self._registries = {"authors": Registry(), "topics": Registry(), "series": Registry()}
        self._order_lines: dict[str, tuple[str, int]] = {}  # article key → where 'order' is

    def load(self) -> tuple[Site, Report]:
        layout = self.layout
        self.site.authors = load_authors(
            self.root / layout.authors_file,
            layout.authors_file,
            self.languages,
            self.report,
            self._registries["authors"],
        )
        self.site.topics = load_topics(
            self.root / layout.topics_file,
            layout.topics_file,
            self.languages,
            self.report,
            self._registries["topics"],
        )
        self._load_issues()
        self._load_papers()
        self._load_pages()
        self._load_events()
        self._check_bodies()
        for doc in self.site.documents():
            doc.stable_id = self._stable_ids.get(doc.key, doc.key)
        self._check_ids()
        return self.site, self.report

    def _check_ids(self) -> None:
        seen: dict[str, Document] = {}
        for doc in self.site.documents():
            other = seen.setdefault(doc.stable_id, doc)
            if other is not doc:
                self.report.add(
                    doc.primary.rel_path,
                    None,
                    f"the id '{doc.stable_id}' is already used by {other.primary.rel_path}",
                    "give each document its own id (or remove the 'id' line)",
                )

    # -- reading -----------------------------------------------------------------------

    def _read(
        self, key: str, files: dict[str, Path], schema: type, required: bool
    ) -> _Loaded | None:
        loaded = _Loaded(key)
        original_failed = False
        for lang in self.languages:
            if lang not in files:
                continue
            rel = files[lang].relative_to(self.root).as_posix()
            source, meta = self._parse(files[lang], rel, schema, required)
            if source is not None:
                self._bodies.append((rel, source.body, source.body_line))
            if source is None or meta is None:
                original_failed = original_failed or not loaded.metas
                continue
            if meta.draft and not self.include_drafts:
                if not loaded.metas and lang == self.languages[0]:
                    return None  # a draft original hides its translations too
                continue
            loaded.sources[lang] = source
            loaded.metas[lang] = meta
        if original_failed:
            # The original's own mistake is reported; its translations are not checked for
            # what they take from it, and links to the document are not called broken.
            self._documents.add(key)
            return None
        if not loaded.metas:
            return None
        self._check_translations_agree(loaded)
        if not self.include_drafts:  # the preview shows a skeleton while it is being written
            self._check_placeholders(loaded)
        self._documents.add(key)
        self._stable_ids[key.removesuffix(".md")] = loaded.primary.id or key.removesuffix(".md")
        return loaded

    def _parse(
        self, path: Path, rel: str, schema: type, required: bool
    ) -> tuple[SourceText | None, Any]:
        def work(report: Report) -> tuple[SourceText | None, Any]:
            source = split_source(path, rel, report, front_matter_required=required)
            return source, (validate_meta(schema, source, report) if source else None)

        if self.cache is None:
            return work(self.report)
        return self.cache.file(path, (rel, schema, required), self.report, work)

    def _check_placeholders(self, loaded: _Loaded) -> None:
        """Text that `maagal new` wrote and nobody replaced is never published: one message
        per file, at its first placeholder."""
        for lang, source in loaded.sources.items():
            meta = loaded.metas[lang]
            fields = [
                (source.line_of(name), f"the {name.replace('_', ' ')}")
                for name in skeletons.PLACEHOLDER_FIELDS
                if getattr(meta, name, None) in skeletons.placeholder_fields(name)
            ]
            lines = [
                source.body_line + offset
                for offset, _ in skeletons.placeholder_lines(outside_code(source.body))
            ]
            if not fields and not lines:
                continue
            parts = [what for _, what in fields]
            if lines:
                parts.append(("line " if len(lines) == 1 else "lines ") + join_and(lines))
            self.report.add(
                source.rel_path,
                min([line for line, _ in fields] + lines),
                f"still holds the placeholder text 'maagal new' wrote: {', '.join(parts)}",
                "write the document's own words in its place"
                + (_NOT_TRANSLATED if lang != loaded.primary_lang else ""),
            )

    def _check_translations_agree(self, loaded: _Loaded) -> None:
        primary = loaded.primary
        for lang, meta in loaded.metas.items():
            if lang == loaded.primary_lang:
                continue
            for name in STRUCTURAL:
                if getattr(primary, name, None) is None:
                    continue  # missing in the original: reported there, once
                if name in meta.model_fields_set and getattr(meta, name) != getattr(primary, name):
                    source = loaded.sources[lang]
                    report_path = loaded.primary_source.rel_path
                    self.report.add(
                        source.rel_path,
                        source.line_of(name),
                        f"'{name}' differs from the original ({report_path})",
                        f"delete the line here (translations take '{name}' from {report_path}) "
                        "or make both files say the same",
                    )

    def _variants(self, loaded: _Loaded, *, title_fallback: str = "") -> dict[str, Variant]:
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
                subtitle=getattr(meta, "subtitle", None),
                description=getattr(meta, "description", None),
                team=getattr(meta, "team", None),
                cover_alt=getattr(meta, "cover_alt", None),
                location=getattr(meta, "location", None)
                or getattr(loaded.primary, "location", None),
                summary=_summary(source.body),
            )
        return variants

    # -- references --------------------------------------------------------------------

    def _authors(self, loaded: _Loaded, *, required: bool) -> list[Author]:
        keys = loaded.primary.authors
        source = loaded.primary_source
        if not keys:
            if required:
                self.report.add(
                    source.rel_path,
                    source.front_line,
                    "'authors' is missing",
                    f"add a line 'authors: [key]' with keys from {self.layout.authors_file}",
                )
            return []
        return self._resolve(
            keys, self.site.authors, "author", "authors", source, self.layout.authors_file
        )

    def _topics(self, loaded: _Loaded) -> list[Topic]:
        return self._resolve(
            loaded.primary.topics or [],
            self.site.topics,
            "topic",
            "topics",
            loaded.primary_source,
            self.layout.topics_file,
        )

    def _resolve(
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
            if self._registries[field_name].excuses(key):
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

    def _require(self, loaded: _Loaded, name: str, example: str) -> bool:
        if getattr(loaded.primary, name) is not None:
            return True
        source = loaded.primary_source
        if name in source.meta:
            return False  # present but invalid: already reported with its line
        self.report.add(
            source.rel_path,
            source.front_line,
            f"'{name}' is missing",
            f"add a line '{example}' to the front matter",
        )
        return False

    # -- kinds -------------------------------------------------------------------------

    def _load_issues(self) -> None:
        folder = self.root / self.layout.issues_dir
        groups = group_translations(markdown_files(folder), self.root, self.languages, self.report)
        by_folder: dict[str, dict[str, dict[str, Path]]] = {}
        for key, files in groups.items():
            parts = Path(key).relative_to(self.layout.issues_dir).parts
            if len(parts) != 2:
                self.report.add(
                    key,
                    None,
                    "bulletin files belong in a numbered issue folder",
                    f"move it to {self.layout.issues_dir}/<number>/",
                )
                continue
            by_folder.setdefault(parts[0], {})[key] = files
        numbers: dict[int, str] = {}
        for name, group in sorted(by_folder.items()):
            rel_folder = f"{self.layout.issues_dir}/{name}"
            if not name.isdigit():
                self.report.add(
                    rel_folder,
                    None,
                    f"the issue folder '{name}' is not a number",
                    f"rename it to the issue's number, e.g. {self.layout.issues_dir}/4",
                )
                continue
            number = int(name)
            if number in numbers:
                self.report.add(
                    rel_folder,
                    None,
                    f"issue {number} appears twice ({numbers[number]} and {rel_folder})",
                    "give each issue folder its own number",
                )
                continue
            numbers[number] = rel_folder
            issue = self._load_issue(number, rel_folder, group)
            if issue is not None:
                self.site.issues.append(issue)
        self.site.issues.sort(key=lambda issue: issue.number, reverse=True)

    def _load_issue(self, number: int, rel_folder: str, group: dict) -> Issue | None:
        index_key = f"{rel_folder}/index.md"
        if index_key not in group:
            self.report.add(
                rel_folder,
                None,
                "the issue folder has no index.md",
                "add index.md with the issue's date and title (maagal new issue)",
            )
            return None
        loaded = self._read(index_key, group[index_key], IssueMeta, True)
        if loaded is None or not self._require(loaded, "date", "date: 2017-11"):
            return None
        meta = loaded.primary
        cover = f"{rel_folder}/{meta.cover}" if meta.cover else None
        if cover:
            if not (self.root / cover).is_file():
                source = loaded.primary_source
                self.report.add(
                    source.rel_path,
                    source.line_of("cover"),
                    f"the cover '{meta.cover}' does not exist",
                    f"put the image in {rel_folder}/ or correct the file name",
                )
            for lang, lang_meta in loaded.metas.items():
                if not lang_meta.cover_alt:
                    source = loaded.sources[lang]
                    self.report.add(
                        source.rel_path,
                        source.front_line,
                        "the cover has no alt text ('cover_alt' is missing)",
                        "add a line 'cover_alt: <what the cover shows>'",
                    )
        issue = Issue(
            key=index_key.removesuffix(".md"),
            variants=self._variants(loaded),
            primary_lang=loaded.primary_lang,
            number=number,
            date=meta.date,
            cover=cover,
        )
        articles = [
            self._load_article(issue, key, files)
            for key, files in sorted(group.items())
            if key != index_key
        ]
        ordered = [a for a in articles if a is not None]
        issue.articles = sorted(ordered, key=lambda a: (a.order or 10_000, a.slug))
        self._check_orders(issue)
        return issue

    def _check_orders(self, issue: Issue) -> None:
        """Two articles with one place in the table of contents: their order would be chance."""
        first: dict[int, Article] = {}
        for article in issue.articles:
            if not article.order:
                continue
            other = first.setdefault(article.order, article)
            if other is article:
                continue
            rel_path, line = self._order_lines[article.key]
            taken = [a.order for a in issue.articles if a.order]
            self.report.add(
                rel_path,
                line,
                f"'order: {article.order}' is also the place of "
                f"{self._order_lines[other.key][0]} in issue {issue.number}",
                f"give each article of the issue its own number, e.g. 'order: {max(taken) + 1}'",
            )

    def _load_article(self, issue: Issue, key: str, files: dict[str, Path]) -> Article | None:
        slug = Path(key).stem
        if not check_slug(slug, key, self.report):
            return None
        loaded = self._read(key, files, ArticleMeta, True)
        if loaded is None:
            return None
        meta = loaded.primary
        if meta.order is not None:
            source = loaded.primary_source
            self._order_lines[key.removesuffix(".md")] = (source.rel_path, source.line_of("order"))
        article = Article(
            key=key.removesuffix(".md"),
            variants=self._variants(loaded),
            primary_lang=loaded.primary_lang,
            authors=self._authors(loaded, required=True),
            topics=self._topics(loaded),
            issue=issue,
            slug=slug,
            order=meta.order or 0,
            date=meta.date,
        )
        return article

    def _load_papers(self) -> None:
        folder = self.root / self.layout.papers_dir
        groups = group_translations(markdown_files(folder), self.root, self.languages, self.report)
        by_slug: dict[str, tuple[PositionPaper, _Loaded]] = {}
        for key, files in sorted(groups.items()):
            slug = Path(key).stem
            if not check_slug(slug, key, self.report):
                continue
            loaded = self._read(key, files, PaperMeta, True)
            if loaded is None:
                continue
            ok = self._require(loaded, "date", "date: 2005-09-20")
            ok = self._require(loaded, "status", "status: working-draft") and ok
            meta = loaded.primary
            if meta.team is None and not meta.authors:
                source = loaded.primary_source
                self.report.add(
                    source.rel_path,
                    source.front_line,
                    "the paper names neither a team nor authors",
                    "add 'team: <the professional team>' or 'authors: [key]'",
                )
            if not ok:
                continue
            paper = PositionPaper(
                key=key.removesuffix(".md"),
                variants=self._variants(loaded),
                primary_lang=loaded.primary_lang,
                authors=self._authors(loaded, required=False),
                topics=self._topics(loaded),
                slug=slug,
                status=meta.status,
                date=meta.date,
                supersedes_slug=meta.supersedes,
            )
            by_slug[slug] = (paper, loaded)
        for paper, loaded in by_slug.values():
            self._link_supersedes(paper, loaded, by_slug)
        self.site.papers = sorted(
            (p for p, _ in by_slug.values()), key=lambda p: (p.date.value, p.slug), reverse=True
        )

    def _link_supersedes(self, paper: PositionPaper, loaded: _Loaded, by_slug: dict) -> None:
        target = loaded.primary.supersedes
        source = loaded.primary_source
        if not target:
            return
        if target not in by_slug:
            self.report.add(
                source.rel_path,
                source.line_of("supersedes"),
                f"supersedes an unknown paper '{target}'{did_you_mean(target, by_slug)}",
                f"write the file name (without .md) of a paper in {self.layout.papers_dir}/",
            )
            return
        older, older_loaded = by_slug[target]
        paper.supersedes, older.superseded_by = older, paper
        if older.status != "superseded":
            older_source = older_loaded.primary_source
            self.report.add(
                older_source.rel_path,
                older_source.line_of("status"),
                f"the paper is superseded by '{paper.slug}' but its status is '{older.status}'",
                "set 'status: superseded'",
            )

    def _load_pages(self) -> None:
        folder = self.root / self.layout.docs_dir
        groups = group_translations(markdown_files(folder), self.root, self.languages, self.report)
        for key, files in sorted(groups.items()):
            path = Path(key).relative_to(self.layout.docs_dir).as_posix()
            if not all(
                check_slug(part.removesuffix(".md"), key, self.report, "path part")
                for part in path.split("/")
            ):
                continue
            loaded = self._read(key, files, PageMeta, False)
            if loaded is None:
                continue
            self.site.pages.append(
                Page(
                    key=key.removesuffix(".md"),
                    variants=self._variants(loaded, title_fallback=_humanize(path)),
                    primary_lang=loaded.primary_lang,
                    authors=self._authors(loaded, required=False),
                    topics=self._topics(loaded),
                    path=path,
                    date=loaded.primary.date,
                )
            )

    def _load_events(self) -> None:
        layout = self.layout
        folder = self.root / layout.events_dir
        if not folder.is_dir():
            return
        if (self.root / layout.series_file).is_file():
            self.site.series = load_labels(
                self.root / layout.series_file,
                layout.series_file,
                self.languages,
                self.report,
                "series",
                self._registries["series"],
            )
        groups = group_translations(markdown_files(folder), self.root, self.languages, self.report)
        for key, files in sorted(groups.items()):
            if len(Path(key).relative_to(layout.events_dir).parts) != 1:
                self.report.add(
                    key,
                    None,
                    "events live directly in the events folder",
                    f"move it to {layout.events_dir}/",
                )
                continue
            event = self._load_event(key, files)
            if event is not None:
                self.site.events.append(event)
        self.site.events.sort(key=lambda e: (e.start.day, e.start.time or dt.time.min, e.slug))

    def _load_event(self, key: str, files: dict[str, Path]) -> Event | None:
        slug = Path(key).stem
        if not check_slug(slug, key, self.report):
            return None
        loaded = self._read(key, files, EventMeta, True)
        if loaded is None:
            return None
        ok = self._require(loaded, "kind", "kind: forum")
        ok = self._require(loaded, "start", "start: 2027-07-12 17:00") and ok
        ok = self._require(loaded, "location", "location: …") and ok
        if not ok:
            return None
        meta, source = loaded.primary, loaded.primary_source
        series = None
        if meta.series:
            series = self.site.series.get(meta.series)
            if series is None and not self._registries["series"].excuses(meta.series):
                self.report.add(
                    source.rel_path,
                    source.line_of("series"),
                    f"unknown series '{meta.series}'{did_you_mean(meta.series, self.site.series)}",
                    f"use a key from {self.layout.series_file}, or add it there",
                )
        self._check_event_times(meta, source)
        return Event(
            key=key.removesuffix(".md"),
            variants=self._variants(loaded),
            primary_lang=loaded.primary_lang,
            topics=self._topics(loaded),
            slug=slug,
            event_kind=meta.kind,
            series=series,
            start=meta.start,
            end=meta.end,
            region=meta.region,
            status=meta.status or "scheduled",
            registration=meta.registration,
        )

    def _check_event_times(self, meta: EventMeta, source: SourceText) -> None:
        start, end = meta.start, meta.end
        if end is None:
            return
        if start.all_day != end.all_day:
            self.report.add(
                source.rel_path,
                source.line_of("end"),
                "start and end must both have a time, or both be dates alone",
                "write e.g. 'start: 2027-07-12 17:00' and 'end: 2027-07-12 20:00', "
                "or 'start: 2027-05-04' and 'end: 2027-05-05' for whole days",
            )
            return
        if (end.day, end.time or dt.time.min) < (start.day, start.time or dt.time.min) or (
            not start.all_day and (end.day, end.time) == (start.day, start.time)
        ):
            self.report.add(
                source.rel_path,
                source.line_of("end"),
                "the event ends before it starts",
                "check the dates and times of 'start' and 'end'",
            )

    # -- bodies ------------------------------------------------------------------------

    def _check_bodies(self) -> None:
        assets = set()
        for folder in (
            self.layout.docs_dir,
            self.layout.issues_dir,
            self.layout.papers_dir,
            self.layout.events_dir,
        ):
            for path in asset_files(self.root / folder):
                assets.add(path.relative_to(self.root).as_posix())
        self.site.assets = sorted(assets)
        if self.cache is None:
            for rel, body, line in self._bodies:
                check_body(rel, body, line, self._documents, assets, self.report)
            return
        self.cache.use_body_context(self._documents, assets)
        for rel, body, line in self._bodies:
            self.cache.body(
                rel,
                body,
                line,
                self.report,
                lambda report, rel=rel, body=body, line=line: check_body(
                    rel, body, line, self._documents, assets, report
                ),
            )


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


def _humanize(path: str) -> str:
    stem = Path(path).stem
    if stem == "index":
        stem = Path(path).parent.name or "home"
    return stem.replace("-", " ").capitalize()


def load_site(
    layout: ContentLayout, *, include_drafts: bool = False, cache: ParseCache | None = None
) -> tuple[Site, Report]:
    """Load and validate a whole repository. Never raises for content mistakes.

    `cache` (kept by a long-lived process) skips re-parsing files whose bytes are unchanged.
    """
    return SiteLoader(layout, include_drafts=include_drafts, cache=cache).load()


__all__ = ["ContentLayout", "Document", "load_site"]


def _named(text: str, known: dict) -> str | None:
    """The key of the author or topic whose name, in any language, is `text`."""
    wanted = " ".join(text.split()).casefold()
    for key, item in known.items():
        names = getattr(item, "name", None) or getattr(item, "label", None) or {}
        if any(" ".join(name.split()).casefold() == wanted for name in names.values()):
            return key
    return None


def join_and(items: list) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [str(item) for item in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
