// The office's page: every department's state, refreshed; check everything; download the Word file.
"use strict";

(function () {
  var token = location.pathname.split("/")[2];
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var api = "/api/o/" + token;
  var state = document.getElementById("state");

  function cell(text) { var td = document.createElement("td"); td.textContent = text; return td; }

  function refresh() {
    fetch(api + "/status", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (body) {
      var rows = document.querySelector("#status tbody");
      rows.textContent = "";
      body.rows.forEach(function (row) {
        var tr = document.createElement("tr");
        tr.className = row.done ? "done" : "open";
        [row.department, row.file, String(row.gaps), String(row.missing_values), String(row.errors),
          String(row.warnings), row.modified, row.submitted ? row.submitted.replace("T", " ").slice(0, 16) : "未提交"
        ].forEach(function (text) { tr.appendChild(cell(text)); });
        var link = document.createElement("td");
        if (row.link) {
          var input = document.createElement("input");
          input.type = "text"; input.readOnly = true; input.value = row.link;
          input.setAttribute("aria-label", row.department + " 的链接");
          link.appendChild(input);
        } else {
          link.textContent = "（汇总部门自己填写）";
        }
        tr.appendChild(link);
        rows.appendChild(tr);
      });
      var history = document.getElementById("history");
      history.textContent = "";
      body.history.forEach(function (entry) {
        var li = document.createElement("li");
        li.textContent = entry.time + "  " + entry.command + "  " + entry.files.join("、") + (entry.undone ? "（已撤销）" : "");
        history.appendChild(li);
      });
    });
  }

  document.getElementById("check-all").addEventListener("click", function () {
    state.textContent = "正在检查……";
    fetch(api + "/check", { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf } })
      .then(function (r) { return r.json(); }).then(function (body) {
        document.getElementById("problems").textContent = body.problems.length ? body.problems.join("\n") : "没有发现问题。";
        state.textContent = "检查完毕：" + body.problems.length + " 处";
      });
  });
  document.getElementById("word").setAttribute("href", "/o/" + token + "/word");
  refresh();
  setInterval(refresh, 10000);
})();
