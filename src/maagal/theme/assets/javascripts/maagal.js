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
