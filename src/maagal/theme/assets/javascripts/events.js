/* Events: which meetings are upcoming is decided here, by the reader's clock, so that a page
   built weeks ago is still right. Without JavaScript every meeting is listed by year.

   The templates inline this script right after each list of meetings (events, series and home
   pages), so that the upcoming meetings move to the top before the list is first painted: run
   later (from a file at the end of the page, or on DOMContentLoaded), the page jumps under the
   reader's eyes (a layout shift of 0.56 on a phone). It runs once per list it finds. */
(function () {
  function begins(card) { return Date.parse(card.getAttribute("data-begins")); }
  function ends(card) { return Date.parse(card.getAttribute("data-ends")); }

  function splitUpcoming(root, now) {
    var cards = Array.prototype.slice.call(root.querySelectorAll(".maagal-event-years .maagal-event"));
    var upcoming = cards.filter(function (card) { return ends(card) >= now; });
    upcoming.sort(function (a, b) { return begins(a) - begins(b); });
    var section = root.querySelector(".maagal-upcoming");
    var list = root.querySelector(".maagal-upcoming__list");
    upcoming.forEach(function (card) { list.appendChild(card); });
    section.hidden = false;
    section.querySelector(".maagal-upcoming__none").hidden = upcoming.length > 0;
    hideEmptyYears(root);
  }

  function hideEmptyYears(root) {
    root.querySelectorAll(".maagal-event-year").forEach(function (year) {
      var visible = year.querySelectorAll(".maagal-event:not([hidden])").length;
      year.hidden = visible === 0;
    });
  }

  function filter(root) {
    var form = root.querySelector(".maagal-filters");
    if (!form || !form.querySelector("select")) return;
    form.hidden = false;
    form.addEventListener("change", function () {
      var wanted = {};
      form.querySelectorAll("select").forEach(function (select) {
        wanted[select.getAttribute("data-filter")] = select.value;
      });
      root.querySelectorAll(".maagal-event").forEach(function (card) {
        var ok = Object.keys(wanted).every(function (key) {
          return !wanted[key] || card.getAttribute("data-" + key) === wanted[key];
        });
        card.hidden = !ok;
      });
      hideEmptyYears(root);
    });
  }

  function nextEvents(section, now) {
    var cards = Array.prototype.slice.call(section.querySelectorAll(".maagal-event"));
    var upcoming = cards.filter(function (card) { return ends(card) >= now; });
    upcoming.sort(function (a, b) { return begins(a) - begins(b); });
    var list = section.querySelector(".maagal-next-events__list");
    cards.forEach(function (card) { card.hidden = true; });
    upcoming.slice(0, 3).forEach(function (card) { card.hidden = false; list.appendChild(card); });
    section.hidden = upcoming.length === 0;
  }

  function once(element) {
    if (element.maagalEventsDone) return false;
    element.maagalEventsDone = true;
    return true;
  }

  var now = Date.now();
  document.querySelectorAll("[data-maagal-events]").forEach(function (root) {
    if (!once(root)) return;
    splitUpcoming(root, now);
    filter(root);
  });
  document.querySelectorAll("[data-maagal-next-events]").forEach(function (section) {
    if (once(section)) nextEvents(section, now);
  });
})();
