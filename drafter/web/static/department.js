// A department's page: its section files as forms, checked as the user types, saved in place.
// Plain ES2017 and DOM calls only (360/QQ browsers run old Chromium); user text is only ever
// set with textContent or .value, never as HTML.
"use strict";

(function () {
  var token = location.pathname.split("/")[2];
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var api = "/api/d/" + token;
  var state = document.getElementById("state");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function send(path, data) {
    return fetch(api + path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    });
  }

  function say(text) { state.textContent = text; }

  // Last year's point as drafter next wrote it: a text, or its title, text and items.
  function pastText(value) {
    if (typeof value === "string") { return value; }
    var parts = [];
    if (value.title) { parts.push(value.title + "。"); }
    if (value.text) { parts.push(value.text); }
    (value.items || []).forEach(function (item) { parts.push(item); });
    return parts.join("");
  }

  // One file's form.  `file.data` is the file's data as written; the form edits a copy.
  function FileForm(file, container) {
    this.file = file;
    this.hash = file.hash;
    this.container = container;
    this.timer = null;
    this.render(file.data);
  }

  FileForm.prototype.field = function (label, path, value, multiline) {
    var id = "f" + this.file.id + "-" + path.replace(/\./g, "-");
    var input = multiline ? el("textarea", { id: id, rows: "4" }) : el("input", { id: id, type: "text" });
    input.value = value == null ? "" : String(value);
    input.setAttribute("data-path", path);
    var self = this;
    input.addEventListener("input", function () { self.changed(); });
    return el("div", { "class": "field", "data-field": path }, [
      el("label", { "for": id, text: label }), input, el("div", { "class": "messages", "aria-live": "polite" })
    ]);
  };

  FileForm.prototype.render = function (data) {
    var self = this;
    this.container.textContent = "";
    this.container.appendChild(el("h2", { text: "文件：" + this.file.name }));
    if (!data) {
      this.container.appendChild(el("p", { "class": "error", text: this.file.error || "文件无法读取" }));
      return;
    }
    this.data = JSON.parse(JSON.stringify(data));
    var form = el("div", { "class": "form" });
    form.appendChild(this.field("小节标题", "title", data.title, false));
    var points = el("div", { "class": "points" });
    (data.points || []).forEach(function (point, n) { points.appendChild(self.point(point, n, n)); });
    form.appendChild(el("h3", { text: "要点" }));
    form.appendChild(points);
    var add = el("button", { type: "button", text: "添加要点" });
    add.addEventListener("click", function () {
      points.appendChild(self.point({}, points.children.length, null));
      self.renumber(points);
      self.changed();
      points.lastChild.querySelector("textarea").focus();
    });
    form.appendChild(add);
    if ((data.figures || []).length) {
      form.appendChild(el("h3", { text: "数据" }));
      form.appendChild(this.figures(data.figures));
    }
    this.container.appendChild(form);
    this.points = points;
    this.renumber(points);
    var save = el("button", { type: "button", "class": "primary", text: "保存" });
    save.addEventListener("click", function () { self.save(); });
    var versions = el("button", { type: "button", text: "查看以前的版本" });
    versions.addEventListener("click", function () { self.versions(); });
    this.general = el("div", { "class": "messages general", "aria-live": "polite" });
    this.preview = el("div", { "class": "preview", "aria-label": "打印效果预览" });
    this.versionList = el("ol", { "class": "versions" });
    this.conflictBox = el("div", { "class": "conflict", hidden: "hidden" });
    this.container.appendChild(el("div", { "class": "actions" }, [save, versions]));
    this.container.appendChild(this.conflictBox);
    this.container.appendChild(this.general);
    this.container.appendChild(el("h3", { text: "打印效果预览" }));
    this.container.appendChild(this.preview);
    this.container.appendChild(this.versionList);
    this.check();
  };

  FileForm.prototype.point = function (point, n, origin) {
    var self = this;
    var card = el("div", { "class": "point" });
    card.setAttribute("data-from", origin == null ? "" : String(origin));
    var head = el("div", { "class": "point-head" }, [el("strong", { "class": "point-label" })]);
    [["上移", -1], ["下移", 1]].forEach(function (spec) {
      var button = el("button", { type: "button", text: spec[0] });
      button.addEventListener("click", function () {
        var sibling = spec[1] < 0 ? card.previousElementSibling : card.nextElementSibling;
        if (!sibling) { return; }
        if (spec[1] < 0) { card.parentNode.insertBefore(card, sibling); } else { card.parentNode.insertBefore(sibling, card); }
        self.renumber(card.parentNode);
        self.changed();
        button.focus();
      });
      head.appendChild(button);
    });
    var remove = el("button", { type: "button", text: "删除" });
    remove.addEventListener("click", function () {
      var list = card.parentNode;
      list.removeChild(card);
      self.renumber(list);
      self.changed();
    });
    head.appendChild(remove);
    card.appendChild(head);
    var body = el("div", { "class": "point-body" });
    body.appendChild(this.field("标题（可不写）", "points." + n + ".title", point.title, false));
    body.appendChild(this.field("内容", "points." + n + ".text", point.text, true));
    body.appendChild(this.field("分项（每行一项，可不写）", "points." + n + ".items", (point.items || []).join("\n"), true));
    var past = el("div", { "class": "past" });
    if (point.last_year) { past.appendChild(el("p", {}, [el("b", { text: "去年：" }), el("span", { text: pastText(point.last_year) })])); }
    if (point.plan) { past.appendChild(el("p", {}, [el("b", { text: "去年计划：" }), el("span", { text: point.plan })])); }
    card.appendChild(el("div", { "class": "point-grid" }, [body, past.children.length ? past : null]));
    return card;
  };

  FileForm.prototype.renumber = function (list) {
    Array.prototype.forEach.call(list.children, function (card, n) {
      card.querySelector(".point-label").textContent = "要点 " + (n + 1);
      Array.prototype.forEach.call(card.querySelectorAll("[data-path]"), function (input) {
        var path = input.getAttribute("data-path").replace(/^points\.\d+/, "points." + n);
        input.setAttribute("data-path", path);
        input.parentNode.setAttribute("data-field", path);
      });
    });
  };

  FileForm.prototype.figures = function (figures) {
    var self = this;
    var table = el("table", { "class": "figures" });
    table.appendChild(el("thead", {}, [el("tr", {}, ["名称", "今年的数值", "去年的数值", "单位"].map(function (h) {
      return el("th", { text: h });
    }))]));
    var body = el("tbody");
    figures.forEach(function (figure, n) {
      var row = el("tr", {}, [el("td", { text: figure.name || "" })]);
      ["value", "last_year", "unit"].forEach(function (key) {
        var cell = self.field(figure.name + "：" + ({ value: "今年", last_year: "去年", unit: "单位" })[key],
          "figures." + n + "." + key, figure[key], false);
        cell.querySelector("label").className = "hidden-label";
        row.appendChild(el("td", {}, [cell]));
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    this.figureRows = body;
    return table;
  };

  FileForm.prototype.collect = function () {
    var form = this.container;
    function value(path) {
      var input = form.querySelector('[data-path="' + path + '"]');
      return input ? input.value : "";
    }
    var data = { title: value("title"), points: [], figures: [] };
    Array.prototype.forEach.call(this.points.children, function (card, n) {
      var from = card.getAttribute("data-from");
      data.points.push({
        from: from === "" ? null : Number(from),
        title: value("points." + n + ".title"),
        text: value("points." + n + ".text"),
        items: value("points." + n + ".items").split("\n")
      });
    });
    (this.data.figures || []).forEach(function (figure, n) {
      var entry = {};
      ["value", "last_year", "unit"].forEach(function (key) {
        var text = value("figures." + n + "." + key).trim();
        entry[key] = key !== "unit" && text !== "" && !isNaN(Number(text)) ? Number(text) : text;
      });
      data.figures.push(entry);
    });
    return data;
  };

  FileForm.prototype.changed = function () {
    var self = this;
    say("有修改尚未保存");
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.check(); }, 500);
  };

  FileForm.prototype.check = function () {
    var self = this;
    send("/" + this.file.id + "/check", { data: this.collect() }).then(function (answer) {
      if (answer.status !== 200) { self.general.textContent = answer.body.message || "检查失败"; return; }
      self.show(answer.body);
    });
  };

  FileForm.prototype.show = function (result) {
    var form = this.container;
    Array.prototype.forEach.call(form.querySelectorAll(".field .messages"), function (box) { box.textContent = ""; });
    Array.prototype.forEach.call(form.querySelectorAll(".field"), function (f) { f.classList.remove("has-error", "has-warning"); });
    this.general.textContent = "";
    var general = this.general;
    result.messages.forEach(function (m) {
      var line = el("p", { "class": m.level === "错误" ? "error" : "warning" }, [
        el("span", { text: m.level + "：" + m.message }), m.hint ? el("span", { "class": "hint", text: "（" + m.hint + "）" }) : null
      ]);
      var target = null;
      var path = m.field;
      while (path && !target) {
        target = form.querySelector('.field[data-field="' + path + '"]');
        path = path.indexOf(".") < 0 ? "" : path.slice(0, path.lastIndexOf("."));
      }
      if (target) {
        target.querySelector(".messages").appendChild(line);
        target.classList.add(m.level === "错误" ? "has-error" : "has-warning");
      } else {
        general.appendChild(line);
      }
    });
    if (result.other_errors) {
      general.appendChild(el("p", { "class": "warning", text: "报告的其他文件还有 " + result.other_errors + " 处错误（由汇总部门处理），不影响本科室保存。" }));
    }
    this.preview.textContent = "";
    var preview = this.preview;
    if (!result.preview.length) {
      preview.appendChild(el("p", { "class": "hint", text: "改正上面标出的错误后，这里显示打印效果。" }));
    }
    result.preview.forEach(function (block) {
      var p = el("p", { "class": "block " + block.style });
      block.runs.forEach(function (run) { p.appendChild(el("span", { "class": "run " + run.kind, text: run.text })); });
      preview.appendChild(p);
    });
  };

  FileForm.prototype.save = function () {
    var self = this;
    say("正在保存……");
    send("/" + this.file.id + "/save", { hash: this.hash, data: this.collect() }).then(function (answer) {
      if (answer.status === 200) {
        self.hash = answer.body.hash;
        self.conflictBox.hidden = true;
        say(answer.body.changed ? "已保存" : "没有需要保存的修改");
        return;
      }
      if (answer.status === 409) {
        say("没有保存：文件已被别人改过");
        self.conflict(answer.body);
        return;
      }
      say("没有保存：" + (answer.body.message || "出错了"));
    });
  };

  FileForm.prototype.conflict = function (body) {
    var box = this.conflictBox;
    box.textContent = "";
    box.hidden = false;
    box.appendChild(el("p", { "class": "error", text: body.message }));
    var theirs = (body.conflict.data && body.conflict.data.points) || [];
    var mine = this.collect().points;
    var table = el("table", { "class": "compare" }, [el("thead", {}, [el("tr", {}, [
      el("th", { text: "要点" }), el("th", { text: "您的版本（未保存）" }), el("th", { text: "文件中现在的版本" })])])]);
    var rows = el("tbody");
    for (var n = 0; n < Math.max(theirs.length, mine.length); n++) {
      rows.appendChild(el("tr", {}, [el("td", { text: String(n + 1) }),
        el("td", { text: mine[n] ? mine[n].text : "" }), el("td", { text: theirs[n] ? theirs[n].text || "" : "" })]));
    }
    table.appendChild(rows);
    box.appendChild(table);
    var self = this;
    var reload = el("button", { type: "button", text: "载入文件中现在的版本（您的修改请先复制保存）" });
    reload.addEventListener("click", function () {
      self.file = body.conflict;
      self.file.id = self.file.id === undefined ? self.fileId : self.file.id;
      self.hash = body.conflict.hash;
      self.render(body.conflict.data);
    });
    box.appendChild(reload);
  };

  FileForm.prototype.versions = function () {
    var self = this;
    fetch(api + "/" + this.file.id + "/versions", { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (body) {
        self.versionList.textContent = "";
        if (!body.versions.length) { self.versionList.appendChild(el("li", { text: "还没有以前的版本" })); }
        body.versions.forEach(function (v) {
          var restore = el("button", { type: "button", text: "恢复到这次修改之前" });
          restore.addEventListener("click", function () {
            send("/" + self.file.id + "/restore", { version: v.id }).then(function (answer) {
              say(answer.status === 200 ? "已恢复，正在重新读取" : "没有恢复：" + (answer.body.message || ""));
              if (answer.status === 200) { load(); }
            });
          });
          self.versionList.appendChild(el("li", {}, [el("span", { text: v.time + " " + v.command + " " }), restore]));
        });
      });
  };

  function load() {
    fetch(api, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (body) {
      var files = document.getElementById("files");
      files.textContent = "";
      body.files.forEach(function (file) {
        var box = el("section", { "class": "file" });
        files.appendChild(box);
        var form = new FileForm(file, box);
        form.fileId = file.id;
      });
      if (body.submitted) { say("已于 " + body.submitted + " 提交"); }
    });
  }

  document.getElementById("submit").addEventListener("click", function () {
    send("/submit", {}).then(function (answer) {
      say(answer.status === 200 ? "已提交（" + answer.body.submitted + "）" : "没有提交：" + (answer.body.message || ""));
    });
  });
  load();
})();
