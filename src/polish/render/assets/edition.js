/* polish edition: accept/reject changes and export the decisions, all in the page (no server).
   Document text only ever reaches the page through textContent/value, never innerHTML. */
(function () {
  "use strict";
  var dataEl = document.getElementById("polish-data");
  if (!dataEl) { return; }
  var data = JSON.parse(dataEl.textContent);
  var byId = {};
  data.changes.forEach(function (c) { byId[c.id] = c; });
  (data.findings || []).forEach(function (f) { byId[f.id] = f; });
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.reject"));
  var dismissBoxes = Array.prototype.slice.call(document.querySelectorAll("input.dismiss"));
  var marked = Array.prototype.slice.call(document.querySelectorAll("[data-cids]"));
  var out = document.getElementById("decisions-json");
  var link = document.getElementById("decisions-download");
  var count = document.getElementById("decisions-count");
  var url = null;

  function decisions() {
    var items = boxes.map(function (box) {
      var c = byId[box.getAttribute("data-cid")];
      var item = { id: c.id, decision: box.checked ? "reject" : "accept", rule: c.rule,
                   entry: c.entry, before: c.before, after: c.after, context: c.context };
      if (c.over) { item.over = c.over; }  /* the changes it was built on */
      return item;
    });
    /* a finding has no "keep" decision: only the dismissed ones are written */
    dismissBoxes.forEach(function (box) {
      var f = byId[box.getAttribute("data-fid")];
      if (box.checked && f) {
        items.push({ id: f.id, decision: "dismiss", rule: f.rule, message: f.message, text: f.text,
                     context: f.context });
      }
    });
    return { version: 1, file: data.file, decisions: items };
  }

  function update() {
    var rejected = {};
    var n = 0;
    boxes.forEach(function (box) {
      var id = box.getAttribute("data-cid");
      rejected[id] = box.checked;
      if (box.checked) { n += 1; }
      var li = document.getElementById("n-" + id);
      if (li) { li.classList.toggle("is-rejected-item", box.checked); }
    });
    marked.forEach(function (el) {
      var ids = el.getAttribute("data-cids").split(" ");
      el.classList.toggle("is-rejected", ids.some(function (id) { return rejected[id]; }));
    });
    var nd = 0;
    dismissBoxes.forEach(function (box) {
      if (box.checked) { nd += 1; }
      var li = box.closest("li");
      if (li) { li.classList.toggle("is-rejected-item", box.checked); }
    });
    var json = JSON.stringify(decisions(), null, 2);
    if (out) { out.value = json; }
    if (count) {
      count.textContent = n + " of " + boxes.length + " changes rejected" +
        (dismissBoxes.length ? ", " + nd + " of " + dismissBoxes.length + " findings dismissed" : "");
    }
    if (link && window.Blob && window.URL) {
      if (url) { URL.revokeObjectURL(url); }
      url = URL.createObjectURL(new Blob([json + "\n"], { type: "application/json" }));
      link.setAttribute("href", url);
    }
  }

  boxes.concat(dismissBoxes).forEach(function (box) { box.addEventListener("change", update); });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-group]"), function (btn) {
    btn.addEventListener("click", function () {
      var field = btn.getAttribute("data-group");      /* "rule" or "entry" */
      var value = btn.getAttribute("data-value");
      var reject = btn.getAttribute("data-action") === "reject";
      boxes.forEach(function (box) {
        if (box.getAttribute("data-" + field) === value) { box.checked = reject; }
      });
      update();
    });
  });
  var all = document.getElementById("accept-all");
  if (all) { all.addEventListener("click", function () { boxes.forEach(function (b) { b.checked = false; }); update(); }); }
  /* closed <details> are not printed: open them for paper */
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  update();
}());
