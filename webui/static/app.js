/* Südwestoption Wissensdatenbank – progressive enhancement only: every page works without it.
   - facets apply as soon as a box is ticked (focus returns to that box after the reload)
   - "hilfreich / nicht hilfreich" is sent in the background and answered in place
   - suggestions of norms and document titles while typing (ARIA 1.2 combobox pattern)
   - the passage found by a search gets the focus on the document page
   No inline scripts (the Content-Security-Policy forbids them), no external assets. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Narrow screens: the filter panel starts folded below the results (it stays open without JS).
  if (window.matchMedia && window.matchMedia("(max-width: 60rem)").matches) {
    document.querySelectorAll("details[data-narrow-closed]").forEach(function (panel) { panel.open = false; });
  }

  var FOCUS_KEY = "kb-facet-focus";

  function initFacets() {
    var form = document.getElementById("suche");
    var boxes = document.querySelectorAll('input[type="checkbox"][form="suche"]');
    if (!form || !boxes.length) return;
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        try { sessionStorage.setItem(FOCUS_KEY, box.name + "=" + box.value); } catch (e) { /* private mode */ }
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      });
    });
    restoreFacetFocus(boxes);
    // Back/forward may restore the ticks of the page one left (form state or back-forward cache):
    // show what the URL (and so the result list) says instead.
    window.addEventListener("pageshow", function () { syncFacets(boxes); });
    syncFacets(boxes);
  }

  function syncFacets(boxes) {
    boxes.forEach(function (box) { box.checked = box.defaultChecked; });
  }

  function restoreFacetFocus(boxes) {
    var wanted = null;
    try { wanted = sessionStorage.getItem(FOCUS_KEY); sessionStorage.removeItem(FOCUS_KEY); } catch (e) { return; }
    if (!wanted) return;
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].name + "=" + boxes[i].value === wanted) {
        var details = boxes[i].closest("details");
        if (details) details.open = true;
        boxes[i].focus();
        return;
      }
    }
  }

  function initFeedback() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("form[data-feedback]")) return;
      event.preventDefault();
      var data = new FormData(form);
      var button = event.submitter;
      if (button && button.name) data.append(button.name, button.value);
      fetch(form.action, {
        method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) { showFeedbackResult(form, response.ok, body); });
      }).catch(function () { submitWithoutScript(form, button); });
    });
  }

  function showFeedbackResult(form, ok, body) {
    var message = document.createElement("p");
    message.setAttribute("role", "status");
    message.tabIndex = -1;
    message.className = ok ? "feedback-done" : "error";
    message.textContent = ok ? body.message
      : (typeof body.detail === "string" ? body.detail : "Die Rückmeldung konnte nicht gespeichert werden.");
    form.replaceWith(message);
    message.focus();
  }

  function submitWithoutScript(form, button) {
    if (button && button.name) {
      var hidden = document.createElement("input");
      hidden.type = "hidden"; hidden.name = button.name; hidden.value = button.value;
      form.appendChild(hidden);
    }
    form.submit();
  }

  /* -- suggestions: combobox with a listbox popup --------------------------------------- */
  var counter = 0;

  function initSuggest(input) {
    var id = "vorschlaege-" + (++counter);
    var list = document.createElement("ul");
    list.id = id; list.className = "suggestions"; list.hidden = true;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Vorschläge");
    var status = document.createElement("div");
    status.className = "visually-hidden"; status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.parentNode.insertBefore(list, input.nextSibling);
    input.parentNode.appendChild(status);
    var box = { input: input, list: list, status: status, items: [], active: -1, timer: 0,
                normsOnly: input.getAttribute("data-suggest") === "norm", request: null };
    input.addEventListener("input", function () { schedule(box); });
    input.addEventListener("keydown", function (e) { onKey(box, e); });
    input.addEventListener("blur", function () { setTimeout(function () { close(box); }, 150); });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) {
      var option = e.target.closest('[role="option"]');
      if (option) choose(box, Number(option.getAttribute("data-index")));
    });
  }

  function schedule(box) {
    clearTimeout(box.timer);
    box.timer = setTimeout(function () { load(box); }, 150);
  }

  function load(box) {
    var text = box.input.value.replace(/^\s+/, "");  // a trailing space says the word is finished
    if (text.trim().length < 2) { close(box); return; }
    if (box.request) box.request.abort();
    box.request = new AbortController();
    fetch("/api/suggest?q=" + encodeURIComponent(text), { signal: box.request.signal, headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (body) { render(box, body.items || []); })
      .catch(function () { /* aborted or offline: no suggestions */ });
  }

  function render(box, items) {
    box.items = box.normsOnly ? items.filter(function (i) { return i.kind === "norm"; }) : items;
    box.active = -1;
    box.list.textContent = "";
    box.items.forEach(function (item, index) {
      var li = document.createElement("li");
      li.id = box.list.id + "-" + index;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-index", String(index));
      li.textContent = item.label;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = item.kind === "norm" ? "Norm"
        : item.kind === "correction" ? "Meinten Sie?"
        : item.kind === "term" ? ["Fachbegriff", item.norm].filter(Boolean).join(" · ")
        : [item.district, item.doc_type].filter(Boolean).join(" · ");
      li.appendChild(kind);
      box.list.appendChild(li);
    });
    if (!box.items.length) { close(box); return; }
    position(box);
    box.list.hidden = false;
    box.input.setAttribute("aria-expanded", "true");
    box.status.textContent = box.items.length + (box.items.length === 1 ? " Vorschlag" : " Vorschläge") +
      ", mit Pfeiltasten auswählen";
  }

  function position(box) {
    box.list.style.left = box.input.offsetLeft + "px";
    box.list.style.top = (box.input.offsetTop + box.input.offsetHeight) + "px";
    box.list.style.width = box.input.offsetWidth + "px";
  }

  function close(box) {
    box.list.hidden = true;
    box.active = -1;
    box.input.setAttribute("aria-expanded", "false");
    box.input.removeAttribute("aria-activedescendant");
  }

  function highlight(box, index) {
    var options = box.list.querySelectorAll('[role="option"]');
    options.forEach(function (o) { o.setAttribute("aria-selected", "false"); });
    box.active = index;
    if (index < 0) { box.input.removeAttribute("aria-activedescendant"); return; }
    options[index].setAttribute("aria-selected", "true");
    options[index].scrollIntoView({ block: "nearest" });
    box.input.setAttribute("aria-activedescendant", options[index].id);
  }

  function onKey(box, e) {
    var open = !box.list.hidden && box.items.length;
    if (e.key === "ArrowDown" && open) { e.preventDefault(); highlight(box, (box.active + 1) % box.items.length); }
    else if (e.key === "ArrowUp" && open) { e.preventDefault(); highlight(box, box.active <= 0 ? box.items.length - 1 : box.active - 1); }
    else if (e.key === "Escape" && open) { e.preventDefault(); close(box); }
    else if (e.key === "Enter" && open && box.active >= 0) { e.preventDefault(); choose(box, box.active); }
  }

  function choose(box, index) {
    var item = box.items[index];
    if (!item) return;
    close(box);
    box.input.value = item.label;
    window.location.href = item.kind === "norm" ? "/normen/" + encodeURIComponent(item.norm)
      : item.kind === "term" || item.kind === "correction" ? "/?q=" + encodeURIComponent(item.label)
      : "/dokument/" + item.document_id;
  }

  function focusFoundPassage() {
    var active = document.querySelector(".chunk.active");
    if (!active) return;
    if (!window.location.hash) active.scrollIntoView({ block: "center" });
    active.focus({ preventScroll: true });
  }

  function init() {
    initFacets();
    initFeedback();
    document.querySelectorAll("input[data-suggest]").forEach(initSuggest);
    focusFoundPassage();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
