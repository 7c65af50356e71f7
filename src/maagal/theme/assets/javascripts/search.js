/* Hebrew-aware search on top of Pagefind (the rules are in src/maagal/hebrew.py).
   The index holds, after each Hebrew word, its spellings without points or quote marks and,
   at a low weight, its forms without prefix letters. Here the reader's query gets the same
   folding, and the added forms are taken out of result excerpts again, highlighting the word
   as it stands in the text (prefix included). */
(function () {
  var MARKS = /[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]/g;
  var QUOTES = /([\u05d0-\u05ea])[\u05f3\u05f4"'`\u2019\u201d]+(?=[\u05d0-\u05ea])/g;
  var JOINERS = /[\u05be\-\u2010\u2011]/g;

  function fold(text) {
    return text.normalize("NFC").replace(MARKS, "").replace(QUOTES, "$1").replace(JOINERS, " ");
  }

  function plain(token) { return token.replace(/<\/?mark>/g, ""); }
  function letters(text) { return text.replace(/[^\u05d0-\u05ea ]/g, ""); }

  /* "במרפאה <mark>מרפאה</mark>," → "<mark>במרפאה</mark>," */
  function cleanExcerpt(html) {
    var out = [];
    html.split(" ").forEach(function (token) {
      var last = out.length - 1;
      if (last >= 0) {
        var word = plain(out[last]);
        var form = letters(plain(token));
        var parts = letters(fold(word)).split(" ");
        var spelled = word.replace(/[^\u05d0-\u05ea\u05f3\u05f4"']/g, "");
        var added = form.length >= 2 && form !== spelled &&
          parts.some(function (part) { return part.length >= form.length && part.slice(-form.length) === form; });
        if (added) {
          var trail = plain(token).replace(/^[\u05d0-\u05ea]+/, "");
          var marked = token.indexOf("<mark>") !== -1 || out[last].indexOf("<mark>") !== -1;
          out[last] = (marked ? "<mark>" + word + "</mark>" : word) + trail;
          return;
        }
      }
      out.push(token);
    });
    return out.join(" ");
  }

  function processResult(result) {
    if (result.excerpt) { result.excerpt = cleanExcerpt(result.excerpt); }
    (result.sub_results || []).forEach(function (sub) {
      if (sub.excerpt) { sub.excerpt = cleanExcerpt(sub.excerpt); }
    });
    return result;
  }

  window.maagalSearch = { fold: fold, cleanExcerpt: cleanExcerpt, processResult: processResult };
})();
