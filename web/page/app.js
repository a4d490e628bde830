// The offline page: loads the core (inlined, gzip-compressed, by
// scripts/page), checks the reports a drafter chooses or drops, shows the
// findings by paragraph, and hands back the report with 批注, with 修订 or
// fixed. Nothing leaves the page: its Content-Security-Policy forbids every
// connection. window.reportlint is the stable surface the tests drive.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const status = (text) => {
    $("status").textContent = text;
  };
  const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
  const REPORT = /\.(docx|md|markdown)$/i;
  const YAML = /\.ya?ml$/i;
  const CONFIG = "reportlint.yaml";
  const baseName = (name) => name.split("/").pop();
  const now = () => Math.floor(Date.now() / 1000);

  let engine = null;
  const ready = (async () => {
    const started = performance.now();
    const text = $("core").textContent.trim();
    const raw = atob(text);
    const gz = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) gz[i] = raw.charCodeAt(i);
    const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"));
    const wasm = new Uint8Array(await new Response(stream).arrayBuffer());
    engine = await globalThis.ReportlintEngine(wasm);
    document.body.dataset.loadMs = (performance.now() - started).toFixed(1);
  })();

  // The rules are compiled again only when the settings files change.
  let settingsKey = "";
  function fnv(bytes) {
    let h = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h.toString(16);
  }
  function settle(settings = [], folder) {
    const key = settings.map((s) => `${s.name}:${s.bytes.length}:${fnv(s.bytes)}`).join("|");
    if (key === settingsKey && !(folder && settings.length)) return;
    const errors = engine.configure(settings, folder);
    if (errors.length) {
      const e = new Error(errors.map((x) => `${x.file}:${x.line}:${x.column}: ${x.message}`).join("\n"));
      e.errors = errors;
      throw e;
    }
    settingsKey = key;
  }
  // Ready, and recovered from a bug that trapped the last call, if one did.
  async function use() {
    await ready;
    if (engine.broken) await engine.recover();
  }
  const bytesOf = (f) => ({ name: f.name, bytes: f.bytes instanceof Uint8Array ? f.bytes : new Uint8Array(f.bytes) });
  const level = (o) => (o.unsafeFixes ? "unsafe" : "safe");
  function written(out) {
    if (out.result.error) throw new Error(out.result.error);
    return out.bytes;
  }

  // The stable surface: files are [{name, bytes: Uint8Array}]; options may
  // hold settings ([{name, bytes}]: reportlint.yaml, packs), folder (the
  // other files of a chosen folder, [{name, bytes?}]), date (seconds since
  // 1970 for the changes' and comments' time) and unsafeFixes.
  const api = {
    ready,
    // check --format json for the files, as an object.
    async lint(files, options = {}) {
      await use();
      settle(options.settings, options.folder);
      return engine.lint(files.map(bytesOf), options.folder);
    },
    // The same with the page's view of each report: {check, views, rules}.
    async details(files, options = {}) {
      await use();
      settle(options.settings, options.folder);
      return engine.details(files.map(bytesOf), options.folder);
    },
    // A Word report with its findings as comments (check --annotate; with
    // options.fix, its fixes as tracked changes too).
    async annotate(file, options = {}) {
      await use();
      settle(options.settings, options.folder);
      const fix = options.fix ? level(options) : null;
      return written(engine.write(bytesOf(file), { annotate: true, fix, date: options.date ?? now(), folder: options.folder }));
    },
    // The report fixed: a Word report with tracked changes, a Markdown report
    // rewritten (check --fix; options.unsafeFixes: --unsafe-fixes).
    async fix(file, options = {}) {
      await use();
      settle(options.settings, options.folder);
      return written(engine.write(bytesOf(file), { fix: level(options), date: options.date ?? now(), folder: options.folder }));
    },
    // The check JSON of the last run started from the page.
    last: null,
  };
  window.reportlint = api;

  // ---- The page ----
  let run = null; // {details, files: Map name → bytes, options}

  async function readAll(list) {
    // list: [{name, file: File}]
    return Promise.all(list.map(async ({ name, file }) => ({ name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  }

  // Chosen files: reports, reportlint.yaml and packs.
  async function fromFiles(fileList) {
    const all = [...fileList].map((file) => ({ name: file.name, file }));
    const reports = await readAll(all.filter((f) => REPORT.test(f.name) && !f.name.startsWith("~$")));
    const settings = await readAll(all.filter((f) => YAML.test(f.name)));
    await check(reports, { settings });
  }

  // A chosen folder: its reports, its reportlint.yaml (the top-most), and
  // every other file as the 底稿 beside the reports.
  async function fromFolder(list) {
    list = list.filter((f) => !f.name.split("/").some((part) => part.startsWith(".")));
    const reportFiles = list.filter((f) => REPORT.test(f.name) && !baseName(f.name).startsWith("~$"));
    const configs = list.filter((f) => baseName(f.name) === CONFIG).sort((a, b) => a.name.split("/").length - b.name.split("/").length);
    const reports = await readAll(reportFiles);
    const folder = await Promise.all(
      list
        .filter((f) => !reportFiles.includes(f))
        .map(async ({ name, file }) => ({ name, bytes: YAML.test(name) ? new Uint8Array(await file.arrayBuffer()) : null })),
    );
    const settings = configs.length ? await readAll([configs[0]]) : [];
    await check(reports, { settings, folder: folder.filter((f) => f.name !== (configs[0] && configs[0].name)) });
  }

  async function check(reports, options) {
    $("errors").hidden = true;
    if (!reports.length) {
      status("没有找到报告文件：请选择 .docx 或 .md 文件。");
      return;
    }
    document.body.dataset.state = "checking";
    status(`正在检查 ${reports.length} 份报告…`);
    await new Promise((r) => setTimeout(r, 0));
    const started = performance.now();
    let details;
    let failed = [];
    try {
      details = await api.details(reports, options);
    } catch (e) {
      if (!e.internal || reports.length < 2) {
        showErrors(e);
        document.body.dataset.state = "error";
        return;
      }
      // A bug on one report: the others are checked, that one is named.
      const good = [];
      for (const r of reports) {
        try {
          await api.details([r], options);
          good.push(r);
        } catch (e1) {
          if (!e1.internal) throw e1;
          failed.push(e1);
        }
      }
      details = await api.details(good, options);
    }
    run = { details, files: new Map(reports.map((r) => [r.name, r.bytes])), options };
    api.last = details.check;
    fillRuleFilter();
    render();
    const ms = performance.now() - started;
    if (failed.length) showErrors({ message: failed.map((f) => f.message).join("\n") });
    const s = details.check.summary;
    status(`已检查 ${s.files} 份报告，用时 ${(ms / 1000).toFixed(2)} 秒：错误 ${s.errors} 条，警告 ${s.warnings} 条，提示 ${s.infos} 条。`);
    document.body.dataset.state = "done";
    document.body.dataset.ms = ms.toFixed(1);
  }

  function showErrors(e) {
    const box = $("errors");
    box.replaceChildren();
    const title = el("p", {}, e.errors ? "设置文件有误，未检查：" : "检查未能完成：");
    box.append(title);
    for (const x of e.errors || [{ message: e.message }]) {
      const p = el("p", {}, x.file ? `${x.file} 第 ${x.line} 行第 ${x.column} 列：${x.message}` : x.message);
      box.append(p);
      if (x.help) box.append(el("p", { class: "note" }, x.help));
    }
    box.hidden = false;
    status("请按提示修改后重新选择。");
  }

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  function fillRuleFilter() {
    const select = $("rule-filter");
    const rules = new Set();
    for (const f of run.details.check.files) for (const d of f.diagnostics) rules.add(d.rule);
    select.replaceChildren(el("option", { value: "" }, "全部规则"));
    for (const r of [...rules].sort()) select.append(el("option", { value: r }, r));
  }

  function shown(d) {
    const rule = $("rule-filter").value;
    return $(`show-${d.severity}`).checked && (!rule || d.rule === rule);
  }

  function render() {
    const host = $("reports");
    host.replaceChildren();
    const { check: result, views, rules } = run.details;
    result.files.forEach((file, i) => host.append(renderReport(file, views[i], rules)));
    $("results").hidden = false;
  }

  function renderReport(file, view, rules) {
    const word = /\.docx$/i.test(file.path);
    const art = el("article", { class: "report", "data-path": file.path });
    art.append(el("h2", {}, file.path));
    art.append(renderSummary(file, view));
    art.append(renderDownloads(file, word));
    const visible = file.diagnostics.map(shown);
    const count = visible.filter(Boolean).length;
    art.append(el("h3", {}, `检查出的问题（${count}${count === file.diagnostics.length ? "" : ` / 共 ${file.diagnostics.length}`}）`));
    if (!file.diagnostics.length) {
      art.append(el("p", { class: "clean" }, "未发现问题。"));
      return art;
    }
    // Findings about the whole report first, then by paragraph.
    const whole = file.diagnostics.map((d, k) => k).filter((k) => visible[k] && view.findings[k].paragraph == null);
    if (whole.length) art.append(renderParagraph("全文", null, whole, file, view, rules));
    view.paragraphs.forEach((p, pi) => {
      const ks = file.diagnostics.map((d, k) => k).filter((k) => visible[k] && view.findings[k].paragraph === pi);
      if (ks.length) art.append(renderParagraph(word ? `第 ${p.line} 段` : `第 ${p.line} 行`, p, ks, file, view, rules));
    });
    return art;
  }

  function renderSummary(file, view) {
    const s = file.stats;
    const box = el("div", { class: "summary" });
    // 问题部分占比 against the 70% line.
    const ratio = s.problem_ratio;
    const pct = (ratio * 100).toFixed(1);
    const meter = el("div", { class: `meter${ratio < 0.7 ? " low" : ""}`, role: "img", "aria-label": `问题部分占全文 ${pct}%，要求不低于 70%` });
    const fill = el("div", { class: "fill" });
    fill.style.width = `${Math.min(100, ratio * 100)}%`;
    meter.append(fill, el("div", { class: "line" }));
    box.append(
      el(
        "div",
        {},
        el("h3", {}, "问题部分篇幅"),
        meter,
        el("p", { class: ratio < 0.7 ? "bad" : "ok" }, `占全文 ${pct}%（${s.problem_chars} / ${s.total_chars} 字），要求不低于 70%`),
      ),
    );
    // 底稿.
    const missing = s.claims - s.sourced_claims;
    const sources = el("div", {}, el("h3", {}, "底稿"), el("p", { class: missing ? "bad" : "ok" }, `事实陈述 ${s.claims} 条：有底稿 ${s.sourced_claims} 条，缺底稿 ${missing} 条`));
    sources.append(
      el(
        "p",
        { class: "note" },
        view.evidence_checked
          ? "已在所选文件夹中核对底稿文件。"
          : "未核对底稿文件是否存在（网页只能看到所选的文件）：选择报告所在的文件夹即可核对。",
      ),
    );
    box.append(sources);
    // Problems per focus.
    const focus = el("div", {}, el("h3", {}, "各聚焦的问题"));
    if (view.focuses.length) {
      const max = Math.max(1, ...view.focuses.map(([id]) => s.focuses[id] || 0));
      const bars = el("div", { class: "bars", role: "list" });
      for (const [id, name] of view.focuses) {
        const n = s.focuses[id] || 0;
        const bar = el("div", { class: `bar${n ? "" : " zero"}` });
        bar.style.width = `${(n / max) * 100}%`;
        bars.append(el("span", { role: "listitem" }, name || id), bar, el("span", {}, `${n} 条`));
      }
      focus.append(bars);
    } else {
      focus.append(el("p", { class: "note" }, "规则中未设置聚焦。"));
    }
    box.append(focus);
    // Counts by severity.
    const counts = { error: 0, warning: 0, info: 0 };
    for (const d of file.diagnostics) counts[d.severity]++;
    const line = el("p", { class: "counts" });
    for (const k of ["error", "warning", "info"]) line.append(el("span", { class: `sev-${k}` }, `${SEVERITY[k]} ${counts[k]}`));
    box.append(el("div", {}, el("h3", {}, "问题统计"), line));
    return box;
  }

  function renderDownloads(file, word) {
    const box = el("div", { class: "downloads" });
    const make = (label, what) => {
      const b = el("button", { type: "button" }, label);
      b.addEventListener("click", () => download(file.path, what, b));
      return b;
    };
    if (word) {
      box.append(make("下载批注版（问题写成批注）", "annotate"));
      box.append(make("下载修订版（修复写成修订）", "fix"));
    } else {
      box.append(make("下载修复后的文件", "fix"));
    }
    return box;
  }

  function renderParagraph(where, para, ks, file, view, rules) {
    const box = el("div", { class: "para" });
    box.append(el("div", { class: "where" }, where));
    if (para) box.append(highlighted(para.text, ks, file, view));
    const list = el("ul", { class: "findings" });
    const word = /\.docx$/i.test(file.path);
    for (const k of ks) list.append(renderFinding(file.diagnostics[k], view.findings[k], rules, word));
    box.append(list);
    return box;
  }

  // The paragraph's text with each visible finding's characters marked.
  function highlighted(text, ks, file, view) {
    const chars = Array.from(text);
    const cuts = new Set([0, chars.length]);
    for (const k of ks) {
      const f = view.findings[k];
      if (f.end > f.start) cuts.add(f.start).add(f.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const out = el("div", { class: "text" });
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const piece = chars.slice(a, b).join("");
      const over = ks.filter((k) => view.findings[k].start <= a && b <= view.findings[k].end && view.findings[k].end > view.findings[k].start);
      if (!over.length) {
        out.append(piece);
        continue;
      }
      const worst = ["error", "warning", "info"].find((s) => over.some((k) => file.diagnostics[k].severity === s));
      out.append(el("mark", { class: `m-${worst}`, title: over.map((k) => file.diagnostics[k].message).join("\n") }, piece));
    }
    return out;
  }

  function renderFinding(d, f, rules, word) {
    const li = el("li", { class: "finding", "data-rule": d.rule, "data-severity": d.severity });
    // Where, as check names it: the line (a Word report's paragraph) and the character.
    const at = word ? `第 ${d.line} 段第 ${d.column} 字` : `第 ${d.line} 行第 ${d.column} 列`;
    li.append(
      el("span", { class: `badge sev-${d.severity}` }, SEVERITY[d.severity]),
      d.message,
      " ",
      el("span", { class: "rule" }, `${d.rule} · ${at}`),
    );
    const doc = rules[d.rule];
    const parts = [];
    if (d.fix) {
      const how = f.fix === "unsafe" ? "需结合上下文判断，勾选上方选项后修复" : "可自动修复";
      parts.push(d.fix.replacement ? `建议改为：“${d.fix.replacement}”（${how}）` : `建议删除（${how}）`);
    }
    if (f.entry) parts.push(f.entry.trim());
    if (doc) parts.push(`规则 ${d.rule}（${doc.severity}）：\n${doc.description}`);
    if (parts.length) {
      const details = el("details", {}, el("summary", {}, "说明与修改"), el("div", { class: "explain" }, parts.join("\n\n")));
      li.append(details);
    }
    return li;
  }

  async function download(path, what, button) {
    const bytes = run.files.get(path);
    const options = { ...run.options, unsafeFixes: $("unsafe").checked };
    button.disabled = true;
    try {
      const file = { name: path, bytes };
      const out = what === "annotate" ? await api.annotate(file, options) : await api.fix(file, options);
      const base = baseName(path);
      const name =
        what === "annotate"
          ? base.replace(/\.docx$/i, ".reportlint.docx")
          : base.replace(/(\.[^.]+)$/, "（reportlint 修订）$1");
      const same = out.length === bytes.length && out.every((b, i) => b === bytes[i]);
      if (what === "fix" && same) {
        status(`${base}：没有可自动修复的问题，文件没有改动。`);
        return;
      }
      const type = /\.docx$/i.test(base) ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document" : "text/markdown";
      const url = URL.createObjectURL(new Blob([out], { type }));
      const a = el("a", { href: url, download: name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status(`已生成 ${name}。`);
    } catch (e) {
      status(`未能生成文件：${e.message}`);
    } finally {
      button.disabled = false;
    }
  }

  // Dropped files and folders (folders read through their entries).
  async function entriesOf(items) {
    const out = [];
    let folder = false;
    const walk = async (entry, prefix) => {
      if (entry.isFile) {
        const file = await new Promise((res, rej) => entry.file(res, rej));
        out.push({ name: prefix + entry.name, file });
      } else if (entry.isDirectory) {
        folder = true;
        const reader = entry.createReader();
        for (;;) {
          const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
          if (!batch.length) break;
          for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
        }
      }
    };
    for (const item of items) {
      const entry = item.webkitGetAsEntry && item.webkitGetAsEntry();
      if (entry) await walk(entry, "");
    }
    return { out, folder };
  }

  function wire() {
    // Each input is emptied once read, so that choosing the same report
    // again (edited since) checks it again.
    $("files").addEventListener("change", (e) => {
      const chosen = [...e.target.files];
      e.target.value = "";
      fromFiles(chosen);
    });
    $("folder").addEventListener("change", (e) => {
      const chosen = [...e.target.files].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
      e.target.value = "";
      fromFolder(chosen);
    });
    const drop = $("drop");
    drop.addEventListener("dragover", (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", async (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      const { out, folder } = await entriesOf([...e.dataTransfer.items]);
      if (folder) await fromFolder(out);
      else await fromFiles(out.map((x) => x.file));
    });
    for (const id of ["show-error", "show-warning", "show-info", "rule-filter"]) {
      $(id).addEventListener("change", () => run && render());
    }
  }

  wire();
  ready.then(
    () => {
      status("请选择要检查的报告。");
      document.body.dataset.state = "ready";
    },
    (e) => {
      status(`检查程序未能载入：${e.message}。请使用较新的浏览器（Chrome/Edge/360/奇安信 97 以上，Firefox 113 以上）。`);
      document.body.dataset.state = "error";
    },
  );
})();
