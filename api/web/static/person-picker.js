// The person picker: search as you type (the 搜索 button keeps working without this script).
(function () {
  "use strict";

  function option(name, hit, checked) {
    var label = document.createElement("label");
    label.className = "picker-option";
    var radio = document.createElement("input");
    radio.type = "radio";
    radio.name = name;
    radio.value = String(hit.id);
    radio.checked = checked;
    label.appendChild(radio);
    label.appendChild(document.createTextNode(" " + hit.label));
    return label;
  }

  function show(box, name, hits) {
    var results = box.querySelector("[data-picker-results]");
    var kept = results.querySelector("input[type=radio]:checked");
    var keptHit = kept ? { id: kept.value, label: kept.parentNode.textContent.trim() } : null;
    results.textContent = "";
    if (keptHit && !hits.some(function (h) { return String(h.id) === keptHit.id; })) {
      results.appendChild(option(name, keptHit, true));
    }
    hits.forEach(function (hit) {
      results.appendChild(option(name, hit, keptHit !== null && String(hit.id) === keptHit.id));
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
      fetch("/api/v1/person-search?q=" + encodeURIComponent(words), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : [];
      }).then(function (hits) {
        if (mine === asked) { show(box, name, hits); }
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
