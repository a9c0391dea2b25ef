// Copy buttons and deep-link highlighting; served as a file because the CSP forbids inline script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy");
  if (!button) return;
  var name = button.getAttribute("data-name") || "";
  var label = button.querySelector(".copy-label") || button;
  var idle = label.textContent;
  // The status line is a live region, so a screen reader hears the outcome as well as sees it.
  var status = document.getElementById("copy-status");
  var say = function (text) { if (status) status.textContent = text; };
  var done = function () {
    say("Copied the " + name + " citation.");
    label.textContent = "Copied";
    button.classList.add("copied");
    clearTimeout(button.resetLabel);
    button.resetLabel = setTimeout(function () { label.textContent = idle; button.classList.remove("copied"); }, 2000);
  };
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (source) {
    var manual = function () {
      selectText(source);
      say("The " + name + " citation is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.textContent).then(done, manual);
    } else {
      try {
        selectText(source);
        if (document.execCommand("copy")) done(); else manual();
      } catch (e) { manual(); }
    }
    return;
  }
  // A result carries no citation text; the quote's JSON has it, one same-origin request away.
  var api = button.getAttribute("data-cite");
  var failed = function () { say("Could not copy the citation; open the permalink to copy it by hand."); };
  if (!api || !navigator.clipboard || !window.isSecureContext) { failed(); return; }
  fetch(api, { headers: { Accept: "application/json" } })
    .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
    .then(function (data) { return navigator.clipboard.writeText(data.citation); })
    .then(done, failed);
});

function selectText(node) {
  var range = document.createRange();
  range.selectNodeContents(node);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

// On a phone the filters start folded so the results come first; wider screens always show them.
var narrow = window.matchMedia("(max-width: 760px)");
function fitFilters() {
  Array.prototype.forEach.call(document.querySelectorAll("details.filters"), function (box) {
    box.open = !narrow.matches;
  });
}
document.addEventListener("DOMContentLoaded", fitFilters);
if (narrow.addEventListener) narrow.addEventListener("change", fitFilters);

function arrive() {
  if (!location.hash) return;
  var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!target) return;
  target.classList.add("arrived");
  target.scrollIntoView({ block: "center" });
}
window.addEventListener("hashchange", arrive);
document.addEventListener("DOMContentLoaded", arrive);

// The filter box inside a long facet list hides the entries that do not contain what is typed.
document.addEventListener("input", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("input.facet-filter")) return;
  var list = document.getElementById(box.getAttribute("data-filters"));
  if (!list) return;
  var needle = box.value.trim().toLowerCase();
  Array.prototype.forEach.call(list.querySelectorAll(".facet"), function (item) {
    var checked = item.querySelector("input:checked");
    item.hidden = !!needle && !checked && item.textContent.toLowerCase().indexOf(needle) === -1;
  });
});
