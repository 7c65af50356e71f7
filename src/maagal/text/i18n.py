"""The site's own interface words, per language (Material translates its own labels), counts
with their plural forms, and what the commands tell editors in the site's language."""

from __future__ import annotations

import functools

from babel import Locale

STRINGS: dict[str, dict[str, str]] = {
    "he": {
        "issue": "גיליון",
        "issues": "גיליונות העלון",
        "bulletin": "העלון",
        "latest_issue": "הגיליון האחרון",
        "in_this_issue": "בגיליון",
        "editorial": "דבר המערכת",
        "contents": "תוכן העניינים",
        "print_edition": "להורדה והדפסה",
        "print_edition_note": "מהדורת הדפסה, PDF בגודל A4",
        "print_page": "עמוד",
        "event": "מפגש",
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
        "status_working-draft": "טיוטת עבודה",
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
        "feed_updates": "כל העדכונים",
        "events": "מפגשים ואירועים",
        "upcoming_events": "המפגשים הקרובים",
        "past_events": "מפגשים שהתקיימו",
        "next_events": "המפגשים הבאים",
        "all_events": "לכל המפגשים",
        "no_upcoming": "אין כרגע מפגשים מתוכננים.",
        "kind_forum": "פורום",
        "kind_study-day": "יום עיון",
        "kind_workshop": "סדנה",
        "kind_course": "קורס",
        "kind_conference": "כנס",
        "region_north": "צפון",
        "region_center": "מרכז",
        "region_south": "דרום",
        "region_national": "ארצי",
        "event_status_cancelled": "המפגש בוטל",
        "event_status_postponed": "המפגש נדחה; מועד חדש יפורסם",
        "cancelled": "בוטל",
        "postponed": "נדחה",
        "when": "מתי",
        "where": "איפה",
        "region": "אזור",
        "kind": "סוג",
        "series": "סדרה",
        "all": "הכול",
        "filter_events": "סינון מפגשים",
        "register": "להרשמה",
        "add_to_calendar": "הוספה ליומן",
        "subscribe_calendar": "מינוי ליומן המפגשים",
        "series_calendar": "מינוי ליומן הסדרה",
        "summary_heading": "סיכום המפגש",
        "summary_of": "סיכום: {title}",
        "online": "מקוון",
        "calendar_name": "{site} · מפגשים",
        "calendars": "יומני מפגשים",
        "calendar_help": (
            "העתיקו את כתובת היומן והוסיפו אותה כמינוי: ביומן Google – ״יומנים "
            "נוספים״ ← ״מכתובת URL״; ביומן של Apple – ״קובץ״ ← ״מינוי ליומן חדש״; "
            "ב-Outlook – ״הוספת יומן״ ← ״הירשם כמנוי מהאינטרנט״. היומן מתעדכן מעצמו "
            "כשמפגש זז או מתבטל."
        ),
        "events_in_issue": "מפגשים בחודש הגיליון",
        "search": "חיפוש",
        "guide": "מדריך לעורכים",
        "search_label": "חיפוש באתר",
        "search_needs_js": "החיפוש באתר דורש JavaScript.",
        "feed_updates_about": "כל מאמר, נייר עמדה ומאמר ידע חדש, עם פסקת הפתיחה שלו.",
        "feed_bulletin_about": "פריט אחד לכל גיליון של העלון: נושא הגיליון ותוכן העניינים שלו.",
        "feed_papers_about": "ניירות העמדה של הצוותים המקצועיים ומעמדם.",
        "feed_topic_about": "כל מה שמתפרסם בנושא {topic}.",
        "email_edition": "מהדורת הדוא״ל",
        "feeds": "עדכונים בהזנה (RSS/Atom)",
        "copy_button": "העתקה",
        "copied": "הועתק",
        "feed_address": "כתובת ההזנה",
        "newsletter": "הרשמה לעלון בדוא״ל",
        "email_label": "כתובת דוא״ל",
        "sign_up": "הרשמה",
        "read_online": "לקריאה באתר",
        "email_preheader": "גיליון {n} של העלון: {theme}",
        "not_found_title": "הדף לא נמצא",
        "not_found_text": "אין באתר דף בכתובת הזאת. אולי נפלה בה טעות, ואולי הדף עבר למקום אחר.",
        "not_found_home": "לדף הבית",
        "not_found_search": "לחיפוש באתר",
    },
    "en": {
        "issue": "Issue",
        "issues": "Bulletin issues",
        "bulletin": "Bulletin",
        "latest_issue": "Latest issue",
        "in_this_issue": "In this issue",
        "editorial": "Editorial",
        "contents": "Contents",
        "print_edition": "Download and print",
        "print_edition_note": "print edition, an A4 PDF",
        "print_page": "page",
        "event": "Meeting",
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
        "status_working-draft": "Working draft",
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
        "feed_updates": "All updates",
        "events": "Meetings and events",
        "upcoming_events": "Upcoming",
        "past_events": "Past meetings",
        "next_events": "Next meetings",
        "all_events": "All meetings",
        "no_upcoming": "No meetings are planned at the moment.",
        "kind_forum": "Forum",
        "kind_study-day": "Study day",
        "kind_workshop": "Workshop",
        "kind_course": "Course",
        "kind_conference": "Conference",
        "region_north": "North",
        "region_center": "Center",
        "region_south": "South",
        "region_national": "National",
        "event_status_cancelled": "This meeting has been cancelled",
        "event_status_postponed": "This meeting has been postponed; a new date will be announced",
        "cancelled": "Cancelled",
        "postponed": "Postponed",
        "when": "When",
        "where": "Where",
        "region": "Region",
        "kind": "Kind",
        "series": "Series",
        "all": "All",
        "filter_events": "Filter meetings",
        "register": "Register",
        "add_to_calendar": "Add to calendar",
        "subscribe_calendar": "Subscribe to the meetings calendar",
        "series_calendar": "Subscribe to this series",
        "summary_heading": "Summary of the meeting",
        "summary_of": "Summary: {title}",
        "online": "Online",
        "calendar_name": "{site} · Meetings",
        "calendars": "Meeting calendars",
        "calendar_help": (
            "Copy a calendar's address and add it as a subscription: in Google "
            "Calendar, Other calendars → From URL; in Apple Calendar, File → New "
            "Calendar Subscription; in Outlook, Add calendar → Subscribe from web. "
            "The calendar updates itself when a meeting moves or is cancelled."
        ),
        "events_in_issue": "Meetings in this issue's month",
        "search": "Search",
        "guide": "Editors' guide",
        "search_label": "Search the site",
        "search_needs_js": "Searching the site needs JavaScript.",
        "feed_updates_about": "Every new article, position paper and knowledge-base article, "
        "with its opening paragraph.",
        "feed_bulletin_about": "One item per bulletin issue: its theme and table of contents.",
        "feed_papers_about": "The professional teams' position papers and their status.",
        "feed_topic_about": "Everything published on {topic}.",
        "email_edition": "Email edition",
        "feeds": "Feeds (RSS/Atom)",
        "copy_button": "Copy",
        "copied": "Copied",
        "feed_address": "Feed address",
        "newsletter": "Get the bulletin by email",
        "email_label": "Email address",
        "sign_up": "Sign up",
        "read_online": "Read it on the website",
        "email_preheader": "Bulletin issue {n}: {theme}",
        "not_found_title": "Page not found",
        "not_found_text": "There is no page at this address. It may have been mistyped, or the "
        "page may have moved.",
        "not_found_home": "Go to the home page",
        "not_found_search": "Search the site",
    },
}


# Counted nouns, by Babel's plural categories (CLDR: Hebrew has "one", "two" and "other",
# English "one" and "other"); a category a language does not list takes its "other". Hebrew
# says one of a thing after the noun ("גיליון אחד") and two with the noun's dual-like
# construct ("שני גיליונות"), so those forms are written out.
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "he": {
        "issue": {"one": "גיליון אחד", "two": "שני גיליונות", "other": "{n} גיליונות"},
        "article": {"one": "מאמר אחד", "two": "שני מאמרים", "other": "{n} מאמרים"},
        "paper": {"one": "נייר עמדה אחד", "two": "שני ניירות עמדה", "other": "{n} ניירות עמדה"},
        "event": {"one": "מפגש אחד", "two": "שני מפגשים", "other": "{n} מפגשים"},
        "page": {"one": "עמוד אחד", "two": "שני עמודים", "other": "{n} עמודים"},
        "file": {"one": "קובץ אחד", "two": "שני קבצים", "other": "{n} קבצים"},
        "problem": {"one": "בעיה אחת", "two": "שתי בעיות", "other": "{n} בעיות"},
        "note": {"one": "הערה אחת", "two": "שתי הערות", "other": "{n} הערות"},
    },
    "en": {
        "issue": {"one": "1 issue", "other": "{n} issues"},
        "article": {"one": "1 article", "other": "{n} articles"},
        "paper": {"one": "1 paper", "other": "{n} papers"},
        "event": {"one": "1 event", "other": "{n} events"},
        "page": {"one": "1 page", "other": "{n} pages"},
        "file": {"one": "1 file", "other": "{n} files"},
        "problem": {"one": "1 problem", "other": "{n} problems"},
        "note": {"one": "1 note", "other": "{n} notes"},
    },
}

# What the commands tell editors (`maagal check`, `maagal email`, the preview's banner), in the
# site's first language. The problems themselves (file, line, fix) stay in English.
MESSAGES: dict[str, dict[str, str]] = {
    "he": {
        "no_problems": "לא נמצאו בעיות. {files}: {documents}.",
        "preview_problems_one": "השמירה האחרונה עוד לא מוצגת כאן: יש בה בעיה אחת לתיקון. "
        "העמוד ייטען מחדש מעצמו כשהיא תתוקן.",
        "preview_problems_many": "השמירה האחרונה עוד לא מוצגת כאן: יש בה {count} לתיקון. "
        "העמוד ייטען מחדש מעצמו כשהן יתוקנו.",
        "email_no_issue": "אין גיליון {n}. הגיליונות שבאתר: {known}.",
        "email_not_published": "גיליון {n} ({folder}) אינו מתפרסם: הוא טיוטה (draft: true), "
        "או שיש בו עדיין טקסט לדוגמה, או בעיה. הפקודה maagal check תאמר מה.",
        "email_scheduled": "התאריך של גיליון {n} הוא {when}: הגיליון ומהדורת הדוא״ל שלו "
        "יתפרסמו בבנייה הראשונה ביום {day}. עד אז אפשר לראות אותו ב־maagal serve.",
        "email_no_translation": "לגיליון {n} אין מהדורה בשפה '{lang}': הקובץ {file} לא קיים.",
        "email_not_built": "מהדורת הדוא״ל של גיליון {n} עוד לא נבנתה ({path}): "
        "הריצו קודם maagal build.",
        # The comment on a pull request (`maagal check --format comment`): what an editor who
        # saved in the web editor reads there. The problems and fixes are said in the site's
        # language by `run/said.py` (the log keeps them in English).
        "comment_problems_title": "בדיקת התוכן: {count} לתיקון",
        "comment_problems_intro": "השינוי הזה עוד לא יכול להתפרסם: בדיקת התוכן (maagal check) "
        "מצאה בו {count}. תקנו בעורך האתר את מה שמפורט כאן ושמרו שוב; ההודעה הזו מתעדכנת אחרי "
        "כל שמירה.",
        "comment_ok_title": "בדיקת התוכן: הכול תקין",
        "comment_ok_intro": "{summary} אפשר למזג את השינוי, ואחרי המיזוג הוא יעלה לאתר "
        "(מה שמתוארך ליום שעוד לא הגיע יעלה ביומו).",
        "comment_build_failed_title": "בדיקת התוכן: תקין, אבל בניית האתר נכשלה",
        "comment_build_failed_intro": "הבדיקה לא מצאה בעיות בתוכן, אבל בניית האתר נכשלה, ולכן "
        "אין למזג את השינוי עדיין. כנראה שאין כאן טעות שלכם: שלחו את הקישור ליומן למי שמתחזק "
        "את האתר.",
        "comment_whole_file": "הקובץ כולו",
        "comment_line": "שורה",
        "comment_column": "עמודה",
        "comment_field": "שדה",
        "comment_in_translation": "בתרגום ל{language}",
        "comment_front_matter": "ראש הקובץ (השורות שבין שני ה־---)",
        "comment_problem": "הבעיה",
        "comment_fix": "התיקון",
        "comment_notes": "הערות (אינן מעכבות את הפרסום)",
        "comment_more": "ועוד {count} שלא נכנסו להודעה: הרשימה המלאה ביומן.",
        "comment_preview": "תצוגה מקדימה של האתר עם השינוי",
        "comment_no_preview": "תצוגה מקדימה תיבנה אחרי שהבדיקה תעבור.",
        "comment_not_built": "אין תצוגה מקדימה: האתר לא נבנה.",
        "comment_log": "היומן המלא של הבדיקה",
    },
    "en": {
        "no_problems": "No problems: {files} in {documents}.",
        "preview_problems_one": "Your last save is not in this preview yet: 1 problem to fix. "
        "The page reloads by itself once it is fixed.",
        "preview_problems_many": "Your last save is not in this preview yet: {count} to fix. "
        "The page reloads by itself once they are fixed.",
        "email_no_issue": "there is no issue {n}; the site's issues are {known}",
        "email_not_published": "issue {n} ({folder}) is not published: it is a draft "
        "(draft: true), still holds a placeholder, or has a problem — 'maagal check' says which",
        "email_scheduled": "issue {n} is dated {when}: it is published, with its email "
        "edition, by the first build on {day}; until then 'maagal serve' shows it",
        "email_no_translation": "issue {n} has no '{lang}' edition: {file} does not exist",
        "email_not_built": "{path}: no email edition of issue {n} yet — run 'maagal build' first",
        "comment_problems_title": "Content check: {count} to fix",
        "comment_problems_intro": "This change cannot be published yet: the content check "
        "(maagal check) found {count} in it. Fix what is listed here in the web editor and "
        "save again; this comment is updated after every save.",
        "comment_ok_title": "Content check: all good",
        "comment_ok_intro": "{summary} The change can be merged; once merged it goes to the "
        "site (what is dated on a day still to come goes up on its day).",
        "comment_build_failed_title": "Content check: all good, but the site did not build",
        "comment_build_failed_intro": "The check found no problem in the content, but the site "
        "did not build, so do not merge the change yet. It is most likely not your mistake: "
        "send the link to the log to whoever looks after the site.",
        "comment_whole_file": "The whole file",
        "comment_line": "Line",
        "comment_column": "column",
        "comment_field": "Field",
        "comment_in_translation": "in the {language} translation",
        "comment_front_matter": "front matter (the lines between the two ---)",
        "comment_problem": "Problem",
        "comment_fix": "Fix",
        "comment_notes": "Notes (they do not hold the change back)",
        "comment_more": "And {count} more, not in this comment: the log lists them all.",
        "comment_preview": "A preview of the site with the change",
        "comment_no_preview": "A preview is built once the check passes.",
        "comment_not_built": "No preview: the site did not build.",
        "comment_log": "The check's full log",
    },
}


# The web editor's (/admin/) words: a label for every front-matter field and collection, in the
# site's languages; `outputs/cms_config.py` falls back to the field's own name.
CMS_LABELS: dict[str, dict[str, str]] = {
    "he": {
        "title": "כותרת",
        "subtitle": "כותרת משנה",
        "authors": "כותבים",
        "topics": "נושאים",
        "order": "מקום בגיליון",
        "date": "תאריך",
        "draft": "טיוטה (לא מתפרסם)",
        "id": "מזהה קבוע (להשאיר ריק)",
        "cover": "תמונת שער",
        "cover_alt": "תיאור תמונת השער",
        "team": "צוות",
        "status": "מעמד",
        "supersedes": "מחליף את",
        "kind": "סוג המפגש",
        "series": "סדרה",
        "start": "התחלה (שעון ישראל)",
        "end": "סיום (שעון ישראל)",
        "location": "מקום",
        "region": "אזור",
        "registration": "הרשמה (כתובת אתר או mailto:)",
        "description": "תיאור קצר",
        "body": "הטקסט",
        "col_issues": "גיליונות",
        "col_issue": "גיליון",
        "col_articles": "מאמרי גיליון {n}",
        "col_article": "מאמר",
        "col_papers": "ניירות עמדה",
        "col_paper": "נייר עמדה",
        "col_knowledge": "מאגר הידע",
        "col_knowledge_one": "ערך במאגר הידע",
        "col_events": "מפגשים",
        "col_event": "מפגש",
        "col_pages": "עמודי האתר",
        "col_page": "עמוד",
        "hint_date_month": "שנה-חודש או שנה-חודש-יום, למשל 2027-03",
        "hint_draft": "טיוטה אינה מתפרסמת באתר",
        # The editor components (`cms/maagal-cms.js`): the magazine furniture in the rich text.
        "cmp_pullquote": "ציטוט מודגש",
        "cmp_quote_text": "הציטוט",
        "cmp_quote_author": "מי אמר (לא חובה)",
        "cmp_figure": "תמונה עם כיתוב",
        "cmp_picture": "תמונה",
        "cmp_picture_file": "קובץ התמונה (נשמר ליד המסמך)",
        "cmp_alt": "תיאור התמונה, למי שלא רואה אותה (חובה)",
        "cmp_picture_title": "טקסט שמופיע במעבר העכבר (לא חובה)",
        "cmp_caption": "הכיתוב שמתחת לתמונה",
    },
    "en": {
        "title": "Title",
        "subtitle": "Subtitle",
        "authors": "Authors",
        "topics": "Topics",
        "order": "Place in the issue",
        "date": "Date",
        "draft": "Draft (not published)",
        "id": "Permanent id (leave empty)",
        "cover": "Cover picture",
        "cover_alt": "Cover picture's description",
        "team": "Team",
        "status": "Status",
        "supersedes": "Supersedes",
        "kind": "Kind of meeting",
        "series": "Series",
        "start": "Start (Israel time)",
        "end": "End (Israel time)",
        "location": "Place",
        "region": "Region",
        "registration": "Registration (web address or mailto:)",
        "description": "Short description",
        "body": "Text",
        "col_issues": "Issues",
        "col_issue": "Issue",
        "col_articles": "Articles of issue {n}",
        "col_article": "Article",
        "col_papers": "Position papers",
        "col_paper": "Position paper",
        "col_knowledge": "Knowledge base",
        "col_knowledge_one": "Knowledge base entry",
        "col_events": "Meetings",
        "col_event": "Meeting",
        "col_pages": "Site pages",
        "col_page": "Page",
        "hint_date_month": "year-month or year-month-day, e.g. 2027-03",
        "hint_draft": "a draft is not published on the site",
        "cmp_pullquote": "Pull quote",
        "cmp_quote_text": "The quote",
        "cmp_quote_author": "Who said it (optional)",
        "cmp_figure": "Picture with a caption",
        "cmp_picture": "Picture",
        "cmp_picture_file": "Picture file (kept beside the document)",
        "cmp_alt": "What the picture shows, for readers who cannot see it (required)",
        "cmp_picture_title": "Text shown on hovering (optional)",
        "cmp_caption": "Caption under the picture",
    },
}


def cms_label(lang: str, key: str) -> str:
    """The web editor's word for `key` in `lang` (English, then the key itself, if missing)."""
    return CMS_LABELS.get(lang, {}).get(key) or CMS_LABELS["en"].get(key) or key


@functools.cache
def _plural_form(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (ValueError, LookupError):
        return Locale.parse("en")


def count(n: int, noun: str, lang: str) -> str:
    """'1 issue', '2 issues'; 'גיליון אחד', 'שני גיליונות', '5 גיליונות'."""
    forms = PLURALS.get(lang, PLURALS["en"]).get(noun) or PLURALS["en"][noun]
    category = _plural_form(lang).plural_form(n)
    return forms.get(category, forms["other"]).format(n=n)


def message(said: str, key: str, **values: object) -> str:
    """A command's words to editors in the language `said` (English for one without them)."""
    return MESSAGES.get(said, MESSAGES["en"]).get(key, MESSAGES["en"][key]).format(**values)


def strings(lang: str) -> dict[str, str]:
    """The interface words for `lang`, falling back to English for missing ones."""
    return {**STRINGS["en"], **STRINGS.get(lang, {})}


def join_names(names: list[str], lang: str) -> str:
    """'א, ב וג' / 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    words = strings(lang)
    if lang == "he":  # the prefix ו joins the word, and a number with a maqaf: ו־14
        joiner = "־" if names[-1][:1].isdigit() else ""
        return ", ".join(names[:-1]) + f" {words['and']}{joiner}" + names[-1]
    return ", ".join(names[:-1]) + f" {words['and']} " + names[-1]


def reading_minutes(words: int) -> int:
    """The minutes a text of `words` words takes to read (at 200 words a minute)."""
    return max(1, round(words / 200))


def reading_time(words: int, lang: str) -> str:
    minutes = reading_minutes(words)
    text = strings(lang)
    return text["reading_time_one"] if minutes == 1 else text["reading_time_many"].format(n=minutes)
