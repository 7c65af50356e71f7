/* Copy buttons on the subscribe page: copy the feed address beside the button. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-copy]");
  if (!button || !navigator.clipboard) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    var label = button.textContent;
    button.textContent = button.getAttribute("data-copied");
    setTimeout(function () { button.textContent = label; }, 2000);
  });
});

/* Events: which meetings are upcoming is decided here, by the reader's clock, so that a page
   built weeks ago is still right. Without JavaScript every meeting is listed by year. */
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

  function init() {
    var now = Date.now();
    document.querySelectorAll("[data-maagal-events]").forEach(function (root) {
      splitUpcoming(root, now);
      filter(root);
    });
    document.querySelectorAll("[data-maagal-next-events]").forEach(function (section) {
      nextEvents(section, now);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
