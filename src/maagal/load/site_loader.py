"""Reading the repository into a `Site`: every file, every reference, every error at once."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from functools import partial
from pathlib import Path

from maagal.addresses.links import KnownTargets, canonical_document
from maagal.cache.parse_cache import ParseCache
from maagal.load.anchors import check_anchors
from maagal.load.body_checks import check_body
from maagal.load.files import (
    asset_files,
    check_links,
    check_slug,
    check_unpublished,
    group_translations,
    markdown_files,
    within,
)
from maagal.load.html_checks import check_html
from maagal.load.parse_checks import check_structure
from maagal.load.pictures import CHECKED as PICTURES_CHECKED
from maagal.load.pictures import check_picture, check_pictures
from maagal.load.reading import DocumentReader, Loaded
from maagal.load.references import References
from maagal.load.registries import Registry, load_authors, load_labels, load_topics
from maagal.load.schema import (
    ArticleMeta,
    EventMeta,
    IssueMeta,
    PageMeta,
    PaperMeta,
)
from maagal.load.source import SourceText
from maagal.load.svg_checks import check_svg
from maagal.model.documents import (
    Article,
    Document,
    Event,
    Issue,
    Page,
    PositionPaper,
)
from maagal.model.layout import ContentLayout
from maagal.model.site import Site
from maagal.model.when import ContentDate
from maagal.run.errors import ContentError, Report, did_you_mean
from maagal.run.said import say
from maagal.text.markdown_code import blank_code


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
        self._registries = {"authors": Registry(), "topics": Registry(), "series": Registry()}
        self.reader = DocumentReader(
            self.root, self.languages, self.report, include_drafts=include_drafts, cache=cache
        )
        self.refs = References(self.site, layout, self.report, self._registries)
        self._order_lines: dict[str, tuple[str, int]] = {}  # article key → where 'order' is
        self._date_lines: dict[str, tuple[str, int | None]] = {}  # issue key → where 'date' is
        self._refused: set[str] = set()  # content files that are links the build refuses

    def load(self) -> tuple[Site, Report]:
        layout = self.layout
        # A shared file that is a link out of the project is reported, never read.
        self._refused = check_links(self.root, layout.folders, layout.files, self.report)
        imports = {
            layout.docs_dir: "--knowledge",
            layout.issues_dir: "--issue",
            layout.papers_dir: "--paper",
            layout.events_dir: None,
        }
        check_unpublished(self.root, imports, {layout.series_file}, self.report)
        for name, file in (("authors", layout.authors_file), ("topics", layout.topics_file)):
            self._registries[name].readable = file not in self._refused
        if self._registries["authors"].readable:
            self.site.authors = load_authors(
                self.root / layout.authors_file,
                layout.authors_file,
                self.languages,
                self.report,
                self._registries["authors"],
            )
        if self._registries["topics"].readable:
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
        self.refs.report_unknown()
        self._check_bodies()
        for doc in self.site.documents():
            doc.stable_id = self.reader.stable_ids.get(doc.key, doc.key)
        self._check_ids()
        return self.site, self.report

    def _check_ids(self) -> None:
        seen: dict[str, Document] = {}
        for doc in self.site.documents():
            other = seen.setdefault(doc.stable_id, doc)
            if other is not doc:
                self.report.add(
                    doc.primary.rel_path,
                    self.reader.id_lines.get(doc.key),
                    say(
                        "the id '{stable_id}' is already used by {rel_path}",
                        stable_id=doc.stable_id,
                        rel_path=other.primary.rel_path,
                    ),
                    say("give each document its own id (or remove the 'id' line)"),
                )

    # -- kinds -------------------------------------------------------------------------

    def _groups(self, folder: Path) -> dict[str, dict[str, Path]]:
        """The documents under `folder`: their files by language (see `group_translations`)."""
        files = markdown_files(folder, self.root)
        return group_translations(files, self.root, self.languages, self.report)

    def _load_issues(self) -> None:
        folder = self.root / self.layout.issues_dir
        groups = self._groups(folder)
        by_folder: dict[str, dict[str, dict[str, Path]]] = {}
        for key, files in groups.items():
            parts = Path(key).relative_to(self.layout.issues_dir).parts
            if len(parts) != 2:
                self.report.add(
                    key,
                    None,
                    say("bulletin files belong in a numbered issue folder"),
                    say("move it to {issues_dir}/<number>/", issues_dir=self.layout.issues_dir),
                )
                continue
            by_folder.setdefault(parts[0], {})[key] = files
        numbers: dict[int, str] = {}
        for name, group in sorted(by_folder.items()):
            rel_folder = f"{self.layout.issues_dir}/{name}"
            number = self._issue_number(name, rel_folder)
            if number is None:
                continue
            if number in numbers:
                self.report.add(
                    rel_folder,
                    None,
                    say(
                        "issue {number} appears twice ({numbers} and {rel_folder})",
                        number=number,
                        numbers=numbers[number],
                        rel_folder=rel_folder,
                    ),
                    say("give each issue folder its own number"),
                )
                continue
            numbers[number] = rel_folder
            issue = self._load_issue(number, rel_folder, group)
            if issue is not None:
                self.site.issues.append(issue)
        self.site.issues.sort(key=lambda issue: issue.number, reverse=True)
        self._check_issue_dates(self.site.issues[::-1])

    def _check_issue_dates(self, issues: list[Issue]) -> None:
        """Issues come out in the order of their numbers: a date before the issue before it
        (a year typo, 2016-01 for 2027-01) would publish the issue out of order, at once."""
        for index in range(1, len(issues)):
            first, second = issues[index - 1], issues[index]
            if second.date.value >= first.date.value:
                continue
            earlier = issues[index - 2] if index > 1 else None
            if earlier is not None and earlier.date.value <= second.date.value:
                # the first stands out of its neighbours (2017, 2028, 2018): its date is wrong
                self._report_issue_date(first, second, "after", "before")
            else:
                self._report_issue_date(second, first, "before", "after")

    def _report_issue_date(self, issue: Issue, other: Issue, side: str, comes: str) -> None:
        rel_path, line = self._date_lines[issue.key]
        written, theirs = _written(issue.date), _written(other.date)
        near = _same_date_in_year(issue.date, other.date, side)
        self.report.add(
            rel_path,
            line,
            say(
                "issue {number} is dated {written}, after issue {other} ({theirs}){did_you_mean}"
                if side == "after"
                else "issue {number} is dated {written}, before issue {other} ({theirs})"
                "{did_you_mean}",
                number=issue.number,
                written=written,
                other=other.number,
                theirs=theirs,
                did_you_mean=say(" — did you mean {near}?", near=near) if near else "",
            ),
            say(
                "correct the date: issue {number} comes before issue {other}, and the issues "
                "come out in the order of their numbers (or correct the folder's number)"
                if comes == "before"
                else "correct the date: issue {number} comes after issue {other}, and the issues "
                "come out in the order of their numbers (or correct the folder's number)",
                number=issue.number,
                other=other.number,
            ),
        )

    def _issue_number(self, name: str, rel_folder: str) -> int | None:
        """The number an issue folder's name is, written in the digits 0-9 (Python would also
        read '٥' as 5 and fail on '²'); None, reported, when it is not."""
        if name.isascii() and name.isdigit():
            return int(name)
        issues = self.layout.issues_dir
        if name.isdecimal():  # digits of another script: '٥', '５'
            self.report.add(
                rel_folder,
                None,
                say("the issue folder '{name}' is not written in the digits 0-9", name=name),
                say("rename it to {issues}/{number}", issues=issues, number=int(name)),
            )
        else:
            self.report.add(
                rel_folder,
                None,
                say("the issue folder '{name}' is not a number", name=name),
                say("rename it to the issue's number, e.g. {issues}/4", issues=issues),
            )
        return None

    def _load_issue(self, number: int, rel_folder: str, group: dict) -> Issue | None:
        index_key = f"{rel_folder}/index.md"
        if index_key not in group:
            self.report.add(
                rel_folder,
                None,
                say("the issue folder has no index.md"),
                say("add index.md with the issue's date and title (maagal new issue)"),
            )
            return None
        loaded = self.reader.read(index_key, group[index_key], IssueMeta, True)
        if loaded is None or not self.reader.require(loaded, "date", "date: 2017-11"):
            return None
        cover = self._cover(loaded, rel_folder)
        source = loaded.primary_source
        self._date_lines[index_key.removesuffix(".md")] = (source.rel_path, source.line_of("date"))
        issue = Issue(
            key=index_key.removesuffix(".md"),
            variants=self.reader.variants(loaded),
            primary_lang=loaded.primary_lang,
            number=number,
            date=loaded.primary.date,
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

    def _cover(self, loaded: Loaded, rel_folder: str) -> str | None:
        """The issue's cover (its path from the root), whose file must exist and which every
        language must describe."""
        meta = loaded.primary
        if not meta.cover:
            return None
        cover = within(rel_folder, meta.cover, self.root)
        source = loaded.primary_source
        # None: '../../etc/passwd', or a link to a file outside the project
        if cover is None or not (self.root / cover).is_file():
            problem = _missing_cover(meta.cover, rel_folder, outside=cover is None)
            self.report.add(source.rel_path, source.line_of("cover"), *problem)
            if cover is None:
                return None
        elif os.path.splitext(cover)[1].lower() in PICTURES_CHECKED:
            check_picture(
                self.root / cover, source.rel_path, source.line_of("cover"), meta.cover, self.report
            )
        for lang, lang_meta in loaded.metas.items():
            if not lang_meta.cover_alt:
                source = loaded.sources[lang]
                self.report.add(
                    source.rel_path,
                    source.front_line,
                    say("the cover has no alt text ('cover_alt' is missing)"),
                    say("add a line 'cover_alt: <what the cover shows>'"),
                )
        return cover

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
                say(
                    "'order: {order}' is also the place of {other} in issue {number}",
                    order=article.order,
                    other=self._order_lines[other.key][0],
                    number=issue.number,
                ),
                say(
                    "give each article of the issue its own number, e.g. 'order: {free}'",
                    free=max(taken) + 1,
                ),
            )

    def _load_article(self, issue: Issue, key: str, files: dict[str, Path]) -> Article | None:
        slug = posixpath.splitext(posixpath.basename(key))[0]  # Path(key).stem, without pathlib
        if not check_slug(slug, key, self.report):
            return None
        loaded = self.reader.read(key, files, ArticleMeta, True)
        if loaded is None:
            return None
        self.reader.check_text(
            loaded,
            say("article"),
            say("in its issue, the email edition, the print edition and the feeds"),
        )
        meta = loaded.primary
        if meta.order is not None:
            source = loaded.primary_source
            self._order_lines[key.removesuffix(".md")] = (source.rel_path, source.line_of("order"))
        article = Article(
            key=key.removesuffix(".md"),
            variants=self.reader.variants(loaded),
            primary_lang=loaded.primary_lang,
            authors=self.refs.authors(loaded, required=True),
            topics=self.refs.topics(loaded),
            issue=issue,
            slug=slug,
            order=meta.order or 0,
            date=meta.date,
        )
        return article

    def _load_papers(self) -> None:
        folder = self.root / self.layout.papers_dir
        groups = self._groups(folder)
        by_slug: dict[str, tuple[PositionPaper, Loaded]] = {}
        for key, files in sorted(groups.items()):
            loaded_paper = self._load_paper(key, files)
            if loaded_paper is not None:
                by_slug[loaded_paper[0].slug] = loaded_paper
        for paper, loaded in by_slug.values():
            self._link_supersedes(paper, loaded, by_slug)
        self.site.papers = sorted(
            (p for p, _ in by_slug.values()), key=lambda p: (p.date.value, p.slug), reverse=True
        )

    def _load_paper(self, key: str, files: dict[str, Path]) -> tuple[PositionPaper, Loaded] | None:
        """A paper, with what was read of it (its supersedes link is made once all are read)."""
        slug = Path(key).stem
        if not check_slug(slug, key, self.report):
            return None
        loaded = self.reader.read(key, files, PaperMeta, True)
        if loaded is None:
            return None
        self.reader.check_text(
            loaded, say("position paper"), say("its page, its PDF and the feeds")
        )
        ok = self.reader.require(loaded, "date", "date: 2005-09-20")
        ok = self.reader.require(loaded, "status", "status: working-draft") and ok
        meta = loaded.primary
        if meta.team is None and not meta.authors:
            source = loaded.primary_source
            self.report.add(
                source.rel_path,
                source.front_line,
                say("the paper names neither a team nor authors"),
                say("add 'team: <the professional team>' or 'authors: [key]'"),
            )
        if not ok:
            return None
        paper = PositionPaper(
            key=key.removesuffix(".md"),
            variants=self.reader.variants(loaded),
            primary_lang=loaded.primary_lang,
            authors=self.refs.authors(loaded, required=False),
            topics=self.refs.topics(loaded),
            slug=slug,
            status=meta.status,
            date=meta.date,
            supersedes_slug=meta.supersedes,
        )
        return paper, loaded

    def _link_supersedes(self, paper: PositionPaper, loaded: Loaded, by_slug: dict) -> None:
        target = loaded.primary.supersedes
        source = loaded.primary_source
        if not target:
            return
        if target not in by_slug:
            self.report.add(
                source.rel_path,
                source.line_of("supersedes"),
                say(
                    "supersedes an unknown paper '{target}'{did_you_mean}",
                    target=target,
                    did_you_mean=did_you_mean(target, by_slug),
                ),
                say(
                    "write the file name (without .md) of a paper in {papers_dir}/",
                    papers_dir=self.layout.papers_dir,
                ),
            )
            return
        older, older_loaded = by_slug[target]
        problem = _supersedes_problem(paper, older, by_slug)
        if problem is not None:
            if problem:
                self.report.add(source.rel_path, source.line_of("supersedes"), *problem)
            return
        paper.supersedes, older.superseded_by = older, paper
        if older.status != "superseded":
            older_source = older_loaded.primary_source
            self.report.add(
                older_source.rel_path,
                older_source.line_of("status"),
                say(
                    "the paper is superseded by '{slug}' but its status is '{status}'",
                    slug=paper.slug,
                    status=older.status,
                ),
                say("set 'status: superseded'"),
            )

    def _load_pages(self) -> None:
        folder = self.root / self.layout.docs_dir
        groups = self._groups(folder)
        for key, files in sorted(groups.items()):
            path = Path(key).relative_to(self.layout.docs_dir).as_posix()
            if not all(
                check_slug(part.removesuffix(".md"), key, self.report, say("path part"))
                for part in path.split("/")
            ):
                continue
            loaded = self.reader.read(key, files, PageMeta, False)
            if loaded is None:
                continue
            if path.startswith("knowledge/") and Path(path).name != "index.md":
                self.reader.check_text(
                    loaded, say("page"), say("in the knowledge base and its feeds")
                )
            self.site.pages.append(
                Page(
                    key=key.removesuffix(".md"),
                    variants=self.reader.variants(loaded, title_fallback=_humanize(path)),
                    primary_lang=loaded.primary_lang,
                    authors=self.refs.authors(loaded, required=False),
                    topics=self.refs.topics(loaded),
                    path=path,
                    date=loaded.primary.date,
                )
            )

    def _load_events(self) -> None:
        layout = self.layout
        folder = self.root / layout.events_dir
        if not folder.is_dir():
            return
        if layout.series_file in self._refused:
            self._registries["series"].readable = False
        elif (self.root / layout.series_file).is_file():
            self.site.series = load_labels(
                self.root / layout.series_file,
                layout.series_file,
                self.languages,
                self.report,
                say("series"),
                self._registries["series"],
            )
        groups = self._groups(folder)
        for key, files in sorted(groups.items()):
            if len(Path(key).relative_to(layout.events_dir).parts) != 1:
                self.report.add(
                    key,
                    None,
                    say("events live directly in the events folder"),
                    say("move it to {events_dir}/", events_dir=layout.events_dir),
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
        loaded = self.reader.read(key, files, EventMeta, True)
        if loaded is None:
            return None
        ok = self.reader.require(loaded, "kind", "kind: forum")
        ok = self.reader.require(loaded, "start", "start: 2027-07-12 17:00") and ok
        ok = self.reader.require(loaded, "location", "location: …") and ok
        if not ok:
            return None
        meta, source = loaded.primary, loaded.primary_source
        series = None
        if meta.series:
            series = self.site.series.get(meta.series)
            if series is None and not self._registries["series"].excuses(meta.series):
                self._unknown_series(meta.series, source)
        self._check_event_times(meta, source)
        return Event(
            key=key.removesuffix(".md"),
            variants=self.reader.variants(loaded),
            primary_lang=loaded.primary_lang,
            topics=self.refs.topics(loaded),
            slug=slug,
            event_kind=meta.kind,
            series=series,
            start=meta.start,
            end=meta.end,
            region=meta.region,
            status=meta.status or "scheduled",
            registration=meta.registration,
        )

    def _unknown_series(self, key: str, source: SourceText) -> None:
        self.report.add(
            source.rel_path,
            source.line_of("series"),
            say(
                "unknown series '{series}'{did_you_mean}",
                series=key,
                did_you_mean=did_you_mean(key, self.site.series),
            ),
            say(
                "use a key from {series_file}, or add it there",
                series_file=self.layout.series_file,
            ),
        )

    def _check_event_times(self, meta: EventMeta, source: SourceText) -> None:
        start, end = meta.start, meta.end
        if start is None or end is None:
            return
        if start.all_day != end.all_day:
            self.report.add(
                source.rel_path,
                source.line_of("end"),
                say("start and end must both have a time, or both be dates alone"),
                say(
                    "write e.g. 'start: 2027-07-12 17:00' and 'end: 2027-07-12 20:00', or "
                    "'start: 2027-05-04' and 'end: 2027-05-05' for whole days"
                ),
            )
            return
        if (end.day, end.time or dt.time.min) < (start.day, start.time or dt.time.min) or (
            not start.all_day and (end.day, end.time) == (start.day, start.time)
        ):
            self.report.add(
                source.rel_path,
                source.line_of("end"),
                say("the event ends before it starts"),
                say("check the dates and times of 'start' and 'end'"),
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
            for path in asset_files(self.root / folder, self.root):
                assets.add(path.relative_to(self.root).as_posix())
        self.site.assets = sorted(assets)
        for rel in self.site.assets:
            if rel.lower().endswith(".svg"):
                check_svg(self.root / rel, rel, self.report)
        self.site.unpublished = [
            (rel, body)
            for rel, body, _ in self.reader.bodies
            if canonical_document(rel) in self.reader.drafts
        ]
        known = KnownTargets(self.reader.documents, assets, self.reader.drafts, layout=self.layout)
        check_pictures(self.root, self.reader.bodies, assets, self.report)
        if self.cache is None:
            for rel, body, line in self.reader.bodies:
                _check_body(rel, body, line, known, assets, self.report)
        else:
            self.cache.use_body_context(
                {*self.reader.documents, *(f"draft:{d}" for d in self.reader.drafts)},
                assets | {f"site:{self.layout.site_url}"},
            )
            for rel, body, line in self.reader.bodies:
                self.cache.body(
                    rel,
                    body,
                    line,
                    self.report,
                    partial(_check_body, rel, body, line, known, assets),
                )
        check_anchors(self.reader.bodies, known, self.report)


def _check_body(
    rel: str, body: str, line: int, documents: KnownTargets, assets: set[str], report: Report
) -> None:
    """The body as written (images, links, raw HTML), its constructs as the parser reads them
    (blocks, headings, tables, lists, footnotes) and the HTML it becomes; what the source's
    check already names (raw HTML, a picture's or a link's address) is not named again by the
    HTML's: one mistake, one message."""
    written, rendered = Report(), Report()
    blanked = blank_code(body)  # once, for each check that reads the body outside code
    check_body(rel, body, line, documents, assets, written, blanked=blanked)
    check_structure(rel, body, line, written, blanked=blanked)
    check_html(rel, body, line, rendered)
    report.errors += written.errors
    report.errors += [e for e in rendered.errors if not _said(e, written.errors)]


_ADDRESS = re.compile(r"the (?:image|link) ('.*?') ")


def _said(error: ContentError, written: list[ContentError]) -> bool:
    on_its_line = [w.message for w in written if w.line == error.line]
    if any(message.startswith("raw HTML") for message in on_its_line):
        return True
    address = _ADDRESS.match(error.message)
    return address is not None and any(address[1] in message for message in on_its_line)


def _missing_cover(cover: str, rel_folder: str, *, outside: bool) -> tuple[str, str]:
    if outside:
        return (
            say("the cover '{cover}' is not in the issue's folder", cover=cover),
            say(
                "put the image in {rel_folder}/ and write its name (e.g. 'cover: cover.jpg')",
                rel_folder=rel_folder,
            ),
        )
    return (
        say("the cover '{cover}' does not exist", cover=cover),
        say("put the image in {rel_folder}/ or correct the file name", rel_folder=rel_folder),
    )


def _supersedes_problem(
    paper: PositionPaper, older: PositionPaper, by_slug: dict
) -> tuple[str, str] | tuple[()] | None:
    """What is wrong with `paper` superseding `older`: itself, a later paper, or a paper that
    leads back to it (said once, of the cycle's first paper by name; `()` for the others),
    each of which would publish a "current position" that points back. None when nothing."""
    fix = say(
        "write the file name (without .md) of the older paper this one replaces, or delete "
        "the 'supersedes' line"
    )
    if older is paper:
        return say("the paper supersedes itself ('supersedes: {slug}')", slug=paper.slug), fix
    if older.date.value > paper.date.value:
        return _supersedes_later(paper, older)
    cycle, slug = [paper.slug], older.slug
    while slug in by_slug and slug not in cycle:
        cycle.append(slug)
        slug = by_slug[slug][0].supersedes_slug
    if slug != paper.slug:
        return None
    members = [by_slug[member][0] for member in cycle]
    if any(m.date.value < by_slug[m.supersedes_slug][0].date.value for m in members):
        return ()  # one of them supersedes a later paper: that is said of it
    if paper.slug != min(cycle):
        return ()
    chain = " → ".join([*cycle, paper.slug])
    return (
        say(
            "the papers supersede one another in a circle ({chain}): none would be the current "
            "position",
            chain=chain,
        ),
        say("keep 'supersedes' only in the newer paper of each pair: it names the older one"),
    )


def _supersedes_later(paper: PositionPaper, older: PositionPaper) -> tuple[str, str]:
    return (
        say(
            "supersedes '{older}', dated {date}, after this paper ({own_date}): a paper "
            "supersedes an older one",
            older=older.slug,
            date=_written(older.date),
            own_date=_written(paper.date),
        ),
        say(
            "write the file name (without .md) of the older paper this one replaces, or "
            "delete the 'supersedes' line (if '{older}' replaces this paper, write "
            "'supersedes: {slug}' in it instead)",
            older=older.slug,
            slug=paper.slug,
        ),
    )


def _written(date: ContentDate) -> str:
    """A date as an editor writes it: 2027-01, or 2027-01-05."""
    text = date.value.isoformat()
    return text[:7] if date.precision == "month" else text


def _same_date_in_year(date: ContentDate, other: ContentDate, side: str) -> str | None:
    """The date with the year that puts it right of `other` (`side`: whether it should have
    been after it or before), when only the year was mistyped."""
    step = 1 if side == "before" else -1
    for year in (other.value.year, other.value.year + step):
        try:
            candidate = date.value.replace(year=year)
        except ValueError:  # 29 February
            continue
        if (candidate >= other.value) if step == 1 else (candidate <= other.value):
            return _written(ContentDate(candidate, date.precision))
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
