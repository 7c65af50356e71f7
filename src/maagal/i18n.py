"""The site's own interface words, per language (Material translates its own labels)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "he": {
        "issue": "גיליון",
        "issues": "גיליונות העלון",
        "bulletin": "העלון",
        "latest_issue": "הגיליון האחרון",
        "in_this_issue": "בגיליון",
        "editorial": "דבר המערכת",
        "archive": "ארכיון הגיליונות",
        "papers": "ניירות עמדה",
        "recent_papers": "ניירות עמדה אחרונים",
        "paper": "נייר עמדה",
        "knowledge": "מאגר הידע",
        "authors": "כותבים",
        "author": "כותב/ת",
        "topics": "נושאים",
        "topic": "נושא",
        "by": "מאת",
        "and": "ו",
        "read_more": "להמשך קריאה",
        "reading_time_one": "דקת קריאה",
        "reading_time_many": "{n} דקות קריאה",
        "previous_article": "המאמר הקודם",
        "next_article": "המאמר הבא",
        "team": "צוות",
        "status": "מעמד",
        "status_draft": "טיוטה",
        "status_discussion": "לדיון",
        "status_adopted": "אומץ",
        "status_superseded": "הוחלף",
        "supersedes": "מחליף את",
        "superseded_by": "הוחלף בנייר",
        "superseded_notice": "נייר זה הוחלף ואינו משקף עוד את עמדת המעגל. העמדה העדכנית:",
        "not_translated": "עמוד זה אינו מתורגם לעברית. הנה {section} בעברית.",
        "not_translated_title": "אין תרגום לעמוד זה",
        "written_by": "כתבות ומאמרים",
        "no_items": "אין עדיין פריטים.",
        "all_issues": "לכל הגיליונות",
        "all_papers": "לכל ניירות העמדה",
        "by_status": "לפי מעמד",
        "by_topic": "לפי נושא",
        "contact": "יצירת קשר",
        "home": "דף הבית",
        "cover_of": "שער גיליון {n}",
        "articles_count": "{n} מאמרים",
        "language_name": "עברית",
        "switch_language": "English",
        "hebrew_date": "תאריך עברי",
        "published": "פורסם",
        "issue_badge": "גיליון {n} · {month}",
        "skip": "דלג לתוכן",
        "about": "אודות",
        "subscribe": "הרשמה לעדכונים",
        "accessibility": "הצהרת נגישות",
        "translations": "שפות",
        "earlier_issues": "גיליונות קודמים",
        "not_translated_note": "העמוד שממנו הגעת אינו מתורגם לעברית, ולכן הגעת לעמוד הקרוב אליו.",
        "site_pages": "עמודי האתר",
        "to_dark": "מעבר למצב כהה",
        "to_light": "מעבר למצב בהיר",
    },
    "en": {
        "issue": "Issue",
        "issues": "Bulletin issues",
        "bulletin": "Bulletin",
        "latest_issue": "Latest issue",
        "in_this_issue": "In this issue",
        "editorial": "Editorial",
        "archive": "Issue archive",
        "papers": "Position papers",
        "recent_papers": "Recent position papers",
        "paper": "Position paper",
        "knowledge": "Knowledge base",
        "authors": "Authors",
        "author": "Author",
        "topics": "Topics",
        "topic": "Topic",
        "by": "By",
        "and": "and",
        "read_more": "Read more",
        "reading_time_one": "1 min read",
        "reading_time_many": "{n} min read",
        "previous_article": "Previous article",
        "next_article": "Next article",
        "team": "Team",
        "status": "Status",
        "status_draft": "Draft",
        "status_discussion": "For discussion",
        "status_adopted": "Adopted",
        "status_superseded": "Superseded",
        "supersedes": "Supersedes",
        "superseded_by": "Superseded by",
        "superseded_notice": "This paper has been superseded and no longer states the circle's "
        "position. The current paper:",
        "not_translated": "This page has not been translated into English. Here is {section} "
        "in English instead.",
        "not_translated_title": "Not translated",
        "written_by": "Articles and papers",
        "no_items": "Nothing here yet.",
        "all_issues": "All issues",
        "all_papers": "All position papers",
        "by_status": "By status",
        "by_topic": "By topic",
        "contact": "Contact",
        "home": "Home",
        "cover_of": "Cover of issue {n}",
        "articles_count": "{n} articles",
        "language_name": "English",
        "switch_language": "עברית",
        "hebrew_date": "Hebrew date",
        "published": "Published",
        "issue_badge": "Issue {n} · {month}",
        "skip": "Skip to content",
        "about": "About",
        "subscribe": "Subscribe",
        "accessibility": "Accessibility statement",
        "translations": "Languages",
        "earlier_issues": "Earlier issues",
        "not_translated_note": "The page you came from has not been translated into English, "
        "so this is the closest page in English.",
        "site_pages": "Site pages",
        "to_dark": "Switch to dark mode",
        "to_light": "Switch to light mode",
    },
}


def strings(lang: str) -> dict[str, str]:
    """The interface words for `lang`, falling back to English for missing ones."""
    return {**STRINGS["en"], **STRINGS.get(lang, {})}


def join_names(names: list[str], lang: str) -> str:
    """'א, ב וג' / 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    words = strings(lang)
    if lang == "he":
        return ", ".join(names[:-1]) + f" {words['and']}" + names[-1]
    return ", ".join(names[:-1]) + f" {words['and']} " + names[-1]


def reading_time(words: int, lang: str) -> str:
    minutes = max(1, round(words / 200))
    text = strings(lang)
    return text["reading_time_one"] if minutes == 1 else text["reading_time_many"].format(n=minutes)
