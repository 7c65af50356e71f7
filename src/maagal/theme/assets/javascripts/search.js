/* Hebrew-aware search on top of Pagefind (the rules are in src/maagal/text/hebrew.py).
   The index holds, beside each Hebrew word, a group of the forms a reader may type for it: its
   spellings without points or quote marks and, at a low weight, its forms without prefix
   letters. "⟦ … ⟧" holds the forms of the word after it, "⟪ … ⟫" of the word before it.
   Here the reader's query gets the same folding, and every group is taken out of excerpts and
   headings again, so a result reads as the text was written; a match on an added form
   highlights the word it belongs to, prefix included. */
(function () {
  var MARKS = /[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]/g;
  var QUOTES = /([\u05d0-\u05ea])[\u05f3\u05f4"'`\u2019\u201d]+(?=[\u05d0-\u05ea])/g;
  var JOINERS = /[\u05be\-\u2010\u2011]/g;
  var OPENS = { "\u27e6": "next", "\u27ea": "previous" };
  var CLOSES = { "\u27e7": "next", "\u27eb": "previous" };
  var SHOWN = 30; // words of an excerpt, as Pagefind shows them (it is asked for twice as many)

  function fold(text) {
    return text.normalize("NFC").replace(MARKS, "").replace(QUOTES, "$1").replace(JOINERS, " ");
  }

  function plain(token) { return token.replace(/<\/?mark>/g, ""); }

  /* The word of a token highlighted, its punctuation left outside: "(<mark>במרפאה</mark>)," */
  function highlight(token) {
    if (token.indexOf("<mark>") !== -1) { return token; }
    var parts = /^([^\u05d0-\u05ea\w]*)(.*?)([^\u05d0-\u05ea\u0591-\u05c7\w]*)$/.exec(token);
    return parts[2] ? parts[1] + "<mark>" + parts[2] + "</mark>" + parts[3] : token;
  }

  /* The words a reader sees, each with whether it is highlighted: the groups left out. A
     window of Pagefind's may start or end inside a group: a closing mark before any opening
     one closes a group begun before the window. */
  function words(text) {
    var tokens = text.split(/\s+/).filter(Boolean);
    var kept = [];
    var inside = null;
    var found = false; // a form in the open group matched the query
    var opened = tokens.findIndex(function (t) { return OPENS[t]; });
    var closed = tokens.findIndex(function (t) { return CLOSES[t]; });
    if (closed !== -1 && (opened === -1 || closed < opened)) { inside = CLOSES[tokens[closed]]; }
    var pending = false; // the next word is the one a matched group belongs to
    tokens.forEach(function (token) {
      var bare = plain(token);
      if (OPENS[bare]) { inside = OPENS[bare]; found = false; return; }
      if (CLOSES[bare]) {
        if (found && inside === "previous" && kept.length) { kept[kept.length - 1].marked = true; }
        if (found && inside === "next") { pending = true; }
        inside = null;
        found = false;
        return;
      }
      if (inside) { found = found || token !== bare; return; }
      kept.push({ text: token, marked: pending });
      pending = false;
    });
    return kept;
  }

  /* At most SHOWN words, from a little before the first highlighted one. */
  function cleanExcerpt(html) {
    var kept = words(html);
    var first = kept.findIndex(function (w) { return w.marked || w.text.indexOf("<mark>") !== -1; });
    var start = Math.max(0, Math.min(first - 5, kept.length - SHOWN));
    return kept.slice(start, start + SHOWN).map(function (w) {
      return w.marked ? highlight(w.text) : w.text;
    }).join(" ");
  }

  function cleanTitle(text) {
    return words(text).map(function (w) { return plain(w.text); }).join(" ");
  }

  function processResult(result) {
    if (result.excerpt) { result.excerpt = cleanExcerpt(result.excerpt); }
    (result.sub_results || []).forEach(function (sub) {
      if (sub.excerpt) { sub.excerpt = cleanExcerpt(sub.excerpt); }
      if (sub.title) { sub.title = cleanTitle(sub.title); }
    });
    return result;
  }

  window.maagalSearch = {
    fold: fold, cleanExcerpt: cleanExcerpt, cleanTitle: cleanTitle,
    processResult: processResult, excerptLength: 2 * SHOWN
  };
})();
