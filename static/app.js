// Copy buttons and deep-link highlighting; served as a file because the CSP forbids inline script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy");
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source) return;
  var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy"; }, 1500); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.textContent).then(done, function () { selectText(source); });
  } else {
    selectText(source);
    try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected for a manual copy */ }
  }
});

function selectText(node) {
  var range = document.createRange();
  range.selectNodeContents(node);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

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
