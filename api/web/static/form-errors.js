// After a refused form: its alert lists every field to correct as a link to that field, and
// the focus moves to the alert (scrolled into view, read out), so a form far down the page, or
// a field far down a long form, is not left unseen. Without this script the page still shows
// the same alert and each message beside its field.
(function () {
  "use strict";

  function fieldOf(error) {
    var described = document.querySelector('[aria-describedby~="' + error.id + '"]');
    if (described) { return described; }
    var box = error.closest(".field, fieldset, label, td, div");
    var inside = box && box.querySelector("input:not([type=hidden]), select, textarea");
    return inside || null;
  }

  function labelOf(field) {
    var label = field && field.labels && field.labels[0];
    if (!label && field) {
      var set = field.closest("fieldset");
      label = set && set.querySelector("legend");
    }
    if (!label) { return ""; }
    var copy = label.cloneNode(true);
    copy.querySelectorAll("input, select, textarea, .muted").forEach(function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim().split("（")[0];
  }

  var errors = Array.prototype.filter.call(
    document.querySelectorAll('main .error[id$="-error"]'),
    function (e) { return e.textContent.trim() !== ""; }
  );
  if (errors.length === 0) { return; }
  var form = errors[0].closest("form");
  var alert = (form && form.querySelector('.alert[role="alert"]')) ||
    document.querySelector('main .alert[role="alert"]');
  if (!alert) { return; }
  var list = document.createElement("ul");
  list.className = "error-links";
  errors.forEach(function (error, i) {
    var field = fieldOf(error);
    var target = field || error;
    if (!target.id) { target.id = error.id.replace(/-error$/, "") + "-field-" + i; }
    if (!field) { target.setAttribute("tabindex", "-1"); }
    var text = error.textContent.replace(/\s+/g, " ").trim();
    var label = labelOf(field);
    var link = document.createElement("a");
    link.href = "#" + target.id;
    link.textContent = label && text.indexOf(label) !== 0 ? label + "：" + text : text;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView({ block: "center" });
    });
    var item = document.createElement("li");
    item.appendChild(link);
    list.appendChild(item);
  });
  alert.appendChild(list);
  alert.setAttribute("tabindex", "-1");
  alert.focus();
}());
