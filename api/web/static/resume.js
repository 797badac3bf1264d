// A form posted after the session ended (api/web/pending_form.py): the page after the login
// hands what was typed to this tab's sessionStorage and goes back to the page holding the form;
// there the form is filled in again, told so, and left for the user to check and submit. The
// values are taken out of storage on the first page shown, whether a form took them or not.
(function () {
  "use strict";
  var KEY = "workshops.pending-form";

  var carried = document.getElementById("pending-form");
  if (carried) {
    var body;
    try { body = JSON.parse(carried.textContent); } catch (e) { return; }
    try { window.sessionStorage.setItem(KEY, carried.textContent); } catch (e) { return; }
    window.location.replace(body.page);
    return;
  }

  var raw;
  try { raw = window.sessionStorage.getItem(KEY); } catch (e) { return; }
  if (!raw) { return; }
  window.sessionStorage.removeItem(KEY);
  var pending;
  try { pending = JSON.parse(raw); } catch (e) { return; }

  function addressOf(form) {
    var url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    return url.pathname + url.search;
  }

  var form = Array.prototype.find.call(document.querySelectorAll("main form"), function (f) {
    return (f.getAttribute("method") || "").toLowerCase() === "post" &&
      addressOf(f) === pending.action;
  });
  var notice = document.createElement("div");
  notice.className = "alert";
  notice.setAttribute("role", "status");
  notice.id = "form-restored";
  if (!form) {
    notice.textContent = "登录失效前提交的表单在本页已不存在（可能已被处理或已变更），填写的内容未能填回。";
    var main = document.querySelector("main");
    if (main) { main.insertBefore(notice, main.firstChild); }
    return;
  }

  var byName = {};
  (pending.fields || []).forEach(function (pair) {
    (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
  });
  Object.keys(byName).forEach(function (name) {
    var values = byName[name];
    var next = 0;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== name || el.name === "csrf_token" || el.name === "form_key") { return; }
      var type = (el.type || "").toLowerCase();
      if (type === "file" || type === "password" || type === "submit" || type === "button") {
        return;
      }
      if (type === "checkbox" || type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.multiple && el.options) {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = values.indexOf(o.value) !== -1;
        });
      } else if (next < values.length) {
        el.value = values[next];
        next += 1;
      }
    });
  });
  // A checkbox left unticked was not posted: untick those the page rendered ticked.
  Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (el) {
    if (el.name && !byName[el.name]) { el.checked = false; }
  });

  var text = "已填回您登录失效前填写的内容，尚未提交；请核对后再提交。";
  var files = pending.files || [];
  if (files.length) {
    text += "所选文件" + files.map(function (n) { return "「" + n + "」"; }).join("、") +
      "无法随登录保留，请重新选择。";
  }
  notice.textContent = text;
  var fold = form.closest("details");
  if (fold) { fold.open = true; }  // a form folded away (支出 on the fund ledger) is opened
  form.insertBefore(notice, form.firstChild);
  notice.scrollIntoView({ block: "center" });
})();
