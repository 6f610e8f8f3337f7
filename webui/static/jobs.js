/* Südwestoption Wissensdatenbank – jobs, as progressive enhancement (the pages work without it):
   - the job page asks GET /api/jobs/{id} every 1.5 s and updates state, progress and the file
     table in place (without JavaScript the page reloads itself while the job runs)
   - the upload form's file field also takes files dropped onto it
   No inline scripts (the Content-Security-Policy forbids them); all text is set as text. */
(function () {
  "use strict";

  var POLL_MS = 1500;

  function germanTime(iso) {
    if (!iso) return "–";
    var when = new Date(iso);
    var text = when.toLocaleString("de-DE", {
      timeZone: "Europe/Berlin", day: "2-digit", month: "2-digit", year: "numeric",
      hour: "2-digit", minute: "2-digit"
    });
    return text + " Uhr";
  }

  function setField(root, name, value) {
    var node = root.querySelector('[data-field="' + name + '"]');
    if (node) node.textContent = value;
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function itemRow(item) {
    var row = document.createElement("tr");
    row.className = item.status;
    cell(row, item.name);
    cell(row, item.status_label);
    cell(row, item.reason || "");
    cell(row, item.chunks ? String(item.chunks) : "");
    var link = cell(row, "");
    if (item.document_url) {
      var a = document.createElement("a");
      a.href = item.document_url;
      a.textContent = "Dokument " + item.document_id;
      link.appendChild(a);
    }
    return row;
  }

  function render(root, job) {
    setField(root, "state_label", job.state_label);
    setField(root, "progress_text", job.progress_text);
    setField(root, "error", job.error || "");
    setField(root, "started_at", germanTime(job.started_at));
    setField(root, "finished_at", germanTime(job.finished_at));
    ["files_total", "files_failed", "chunks"].forEach(function (name) { setField(root, name, String(job[name])); });
    var bar = root.querySelector("progress");
    if (bar) {
      bar.max = job.files_total || 1;
      bar.value = job.files_total ? job.files_done : (job.active ? 0 : 1);
      bar.textContent = job.files_done + " von " + job.files_total;
    }
    var body = root.querySelector("[data-items]");
    if (body && job.items) {
      body.replaceChildren.apply(body, job.items.map(itemRow));
    }
    root.setAttribute("data-active", job.active ? "true" : "false");
    if (!job.active) {
      root.querySelectorAll("[data-when-active]").forEach(function (node) { node.remove(); });
    }
  }

  function initJob() {
    var root = document.querySelector("[data-job]");
    if (!root || root.getAttribute("data-active") !== "true") return;
    var url = "/api/jobs/" + encodeURIComponent(root.getAttribute("data-job"));
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (job) {
          render(root, job);
          if (job.active) window.setTimeout(poll, POLL_MS);
        })
        .catch(function () { window.setTimeout(poll, POLL_MS * 4); });  // server restarting: try again
    }
    window.setTimeout(poll, POLL_MS);
  }

  function initDropzone() {
    var zone = document.querySelector("[data-dropzone]");
    var input = zone && zone.querySelector('input[type="file"]');
    if (!input) return;
    var hint = zone.querySelector(".hint");
    if (hint) hint.textContent = "Mehrere Dateien lassen sich auf einmal auswählen oder hierher ziehen.";
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      input.files = files;
      if (hint) {
        var names = Array.prototype.map.call(files, function (f) { return f.name; });
        hint.textContent = files.length + " Datei(en) ausgewählt: " + names.join(", ");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initJob();
    initDropzone();
  });
})();
