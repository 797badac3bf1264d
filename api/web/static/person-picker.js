// The person picker: search as you type (the 搜索 button keeps working without this script).
(function () {
  "use strict";

  function option(name, hit, checked, multiple) {
    var label = document.createElement("label");
    label.className = "picker-option";
    var radio = document.createElement("input");
    radio.type = multiple ? "checkbox" : "radio";
    radio.name = name;
    radio.value = String(hit.id);
    radio.checked = checked;
    label.appendChild(radio);
    label.appendChild(document.createTextNode(" " + hit.label));
    return label;
  }

  // The chosen persons stay listed (first) whatever is searched next: one for a radio picker,
  // every ticked one for a picker of several (data-picker-multiple).
  function show(box, name, hits) {
    var multiple = box.hasAttribute("data-picker-multiple");
    var results = box.querySelector("[data-picker-results]");
    var kept = Array.prototype.map.call(
      results.querySelectorAll("input:checked"),
      function (input) { return { id: input.value, label: input.parentNode.textContent.trim() }; }
    );
    function isKept(id) { return kept.some(function (k) { return k.id === String(id); }); }
    results.textContent = "";
    kept.forEach(function (k) {
      if (!hits.some(function (h) { return String(h.id) === k.id; })) {
        results.appendChild(option(name, k, true, multiple));
      }
    });
    hits.forEach(function (hit) {
      results.appendChild(option(name, hit, isKept(hit.id), multiple));
    });
    if (hits.length === 0) {
      var none = document.createElement("p");
      none.className = "muted";
      none.textContent = "未找到符合条件的人员。";
      results.appendChild(none);
    }
  }

  function wire(box) {
    var name = box.getAttribute("data-person-picker");
    var input = box.querySelector("[data-picker-query]");
    var timer = null;
    var asked = 0;
    function search() {
      var words = input.value.trim();
      if (!words) { return; }
      var mine = ++asked;
      // A page of the hits (items), as many as the page without script shows.
      fetch("/api/v1/person-search?limit=20&q=" + encodeURIComponent(words), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : { items: [] };
      }).then(function (page) {
        if (mine === asked) { show(box, name, page.items); }
      }).catch(function () { /* the 搜索 button still works */ });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        window.clearTimeout(timer);
        search();
      }
    });
  }

  document.querySelectorAll("[data-person-picker]").forEach(wire);
}());
