// The host side of reportlint's WebAssembly core (web/src/lib.rs): packs
// requests into the module's memory and reads its answers. Used by the page
// (inlined by scripts/page) and by node in web/test.mjs; it defines
// globalThis.ReportlintEngine and touches nothing else.
"use strict";

globalThis.ReportlintEngine = async function ReportlintEngine(wasmBytes) {
  const module = await WebAssembly.compile(wasmBytes);
  // The module imports four functions of wasm-bindgen's machinery (zip
  // depends on getrandom, which links it on wasm32); nothing reportlint runs
  // calls them, so each is a function that fails if it ever is.
  const imports = {};
  for (const i of WebAssembly.Module.imports(module)) {
    if (i.kind !== "function") throw new Error(`unexpected import ${i.module}.${i.name}`);
    (imports[i.module] ??= {})[i.name] = () => {
      throw new Error(`${i.module}.${i.name} called`);
    };
  }
  // A bug in reportlint (a Rust panic) traps the module, which may then be
  // left half-way; the call fails with a clear error, and the next call
  // starts from a fresh instance with the same settings (recover()).
  let x = (await WebAssembly.instantiate(module, imports)).exports;
  let broken = false;
  let settingsInForce = null;
  const utf8 = new TextEncoder();
  const fromUtf8 = new TextDecoder();
  const KIND = { report: 0, listed: 1, setting: 2 };

  // entries: [{kind, name, bytes?}] → a request in the module's memory.
  function put(entries) {
    const parts = [];
    let size = 0;
    for (const e of entries) {
      const name = utf8.encode(e.name);
      const bytes = e.bytes == null ? null : e.bytes instanceof Uint8Array ? e.bytes : new Uint8Array(e.bytes);
      parts.push([KIND[e.kind], name, bytes]);
      size += 9 + name.length + (bytes ? bytes.length : 0);
    }
    const ptr = x.rl_alloc(size);
    const mem = new Uint8Array(x.memory.buffer, ptr, size);
    const view = new DataView(x.memory.buffer, ptr, size);
    let at = 0;
    for (const [kind, name, bytes] of parts) {
      mem[at] = kind;
      view.setUint32(at + 1, name.length, true);
      mem.set(name, at + 5);
      at += 5 + name.length;
      view.setUint32(at, bytes ? bytes.length : 0xffffffff, true);
      at += 4;
      if (bytes) {
        mem.set(bytes, at);
        at += bytes.length;
      }
    }
    return [ptr, size];
  }

  // Calls the export `name` with the request and `args`; returns the
  // answer's bytes.
  function call(name, entries, ...args) {
    if (broken) throw new Error("检查程序在上一次出错后尚未恢复：请先调用 recover()");
    let answer;
    try {
      const [ptr, size] = put(entries);
      answer = x[name](ptr, size, ...args);
      x.rl_free(ptr, size);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      broken = true;
      const names = entries.filter((e) => e.kind === "report").map((e) => e.name);
      const error = new Error(
        `检查${names.length ? ` ${names.join("、")} ` : ""}时 reportlint 内部出错（${e.message}）：请把这个文件报告给 reportlint 的维护者`,
      );
      error.internal = true;
      throw error;
    }
    const at = Number(answer >> 32n);
    const len = Number(answer & 0xffffffffn);
    const out = new Uint8Array(x.memory.buffer, at, len).slice();
    x.rl_free(at, len);
    return out;
  }

  const json = (bytes) => JSON.parse(fromUtf8.decode(bytes));
  // files: [{name, bytes}] reports; folder: [{name, bytes?}] the other files
  // of the folder the drafter chose (undefined when none was chosen).
  const entries = (files, folder) => [
    ...files.map((f) => ({ kind: "report", name: f.name, bytes: f.bytes })),
    ...(folder || []).map((f) => ({ kind: "listed", name: f.name, bytes: f.bytes })),
  ];

  return {
    // Whether a bug trapped the module (calls fail until recover()).
    get broken() {
      return broken;
    },
    // A fresh instance after a trap, with the settings that were in force.
    async recover() {
      x = (await WebAssembly.instantiate(module, imports)).exports;
      broken = false;
      if (settingsInForce) this.configure(...settingsInForce);
    },
    // Fault injection for the tests: a panic inside the module.
    trapForTest() {
      call("rl_test_panic", []);
    },
    // reportlint.yaml and rule packs, [{name, bytes}]; [] for the default
    // pack. The packs reportlint.yaml names may also be among the files of
    // the chosen folder. Returns the errors (the rules stay as they were if
    // there are any).
    configure(settings, folder) {
      const request = [
        ...settings.map((s) => ({ kind: "setting", name: s.name, bytes: s.bytes })),
        ...(folder || []).map((f) => ({ kind: "listed", name: f.name, bytes: f.bytes })),
      ];
      const errors = json(call("rl_configure", request)).errors;
      if (!errors.length) settingsInForce = [settings, folder];
      return errors;
    },
    // check --format json for the reports (an object).
    lint(files, folder) {
      return json(call("rl_lint", entries(files, folder), folder ? 2 : 0));
    },
    // The same wrapped with the page's view: {check, views, rules}.
    details(files, folder) {
      return json(call("rl_lint", entries(files, folder), folder ? 3 : 1));
    },
    // One report with comments (annotate), fixes (fix: "safe" | "unsafe")
    // or both: {result: {check, fixed, comments, error}, bytes}.
    write(file, { annotate = false, fix = null, date = 0, folder } = {}) {
      const flags = (annotate ? 1 : 0) | (fix ? 2 : 0) | (fix === "unsafe" ? 4 : 0) | (folder ? 8 : 0);
      const out = call("rl_fix", entries([file], folder), flags, date >>> 0);
      const n = new DataView(out.buffer, out.byteOffset, 4).getUint32(0, true);
      return { result: JSON.parse(fromUtf8.decode(out.subarray(4, 4 + n))), bytes: out.slice(4 + n) };
    },
  };
};
