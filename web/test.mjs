// The core in WebAssembly gives what the native program gives: every
// fixture (Markdown, other encodings, Word) is linted through the module's
// rl_lint and compared, byte for byte, with `reportlint check --format
// json` on the same file. Folders with evidence beside their reports
// (evidence.yaml, 底稿/) are left out: the module cannot look for files.
//
//   node web/test.mjs WASM NATIVE_PROGRAM
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";

const [wasmPath, native] = process.argv.slice(2);
// The module imports four functions of wasm-bindgen's own machinery
// (zip depends on getrandom, which on wasm32 links wasm-bindgen); nothing
// reportlint runs calls them, so each is a function that fails if it ever is.
const module = await WebAssembly.compile(fs.readFileSync(wasmPath));
const imports = {};
for (const i of WebAssembly.Module.imports(module)) {
  if (i.kind !== "function") throw new Error(`unexpected import ${i.module}.${i.name}`);
  (imports[i.module] ??= {})[i.name] = () => {
    throw new Error(`${i.module}.${i.name} called`);
  };
}
const instance = await WebAssembly.instantiate(module, imports);
const { memory, rl_alloc, rl_free, rl_lint } = instance.exports;

function put(bytes) {
  const ptr = rl_alloc(bytes.length);
  new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

function lint(name, bytes) {
  const n = Buffer.from(name, "utf8");
  const np = put(n);
  const bp = put(bytes);
  const at = rl_lint(np, n.length, bp, bytes.length);
  rl_free(np, n.length);
  rl_free(bp, bytes.length);
  const ptr = Number(at >> 32n);
  const len = Number(at & 0xffffffffn);
  const json = Buffer.from(new Uint8Array(memory.buffer, ptr, len)).toString("utf8");
  rl_free(ptr, len);
  return json;
}

function* files(dir) {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const evidence = entries.some((e) => e.name === "evidence.yaml" || e.name === "底稿");
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (!evidence && /\.(md|markdown|docx)$/.test(e.name)) yield p;
  }
}

let compared = 0;
let failed = 0;
let slowest = 0;
for (const file of files("fixtures")) {
  const bytes = fs.readFileSync(file);
  let cli;
  try {
    cli = execFileSync(native, ["check", "--format", "json", file], { encoding: "utf8" });
  } catch (e) {
    cli = e.stdout; // exit 1: findings
  }
  const started = performance.now();
  const wasm = lint(file, bytes);
  slowest = Math.max(slowest, performance.now() - started);
  if (wasm !== cli) {
    failed++;
    console.error(`DIFFERS: ${file}\n--- wasm\n${wasm.slice(0, 600)}\n--- native\n${cli.slice(0, 600)}`);
  }
  compared++;
}
// A file that is not a Word package is a finding, not a trap.
const broken = JSON.parse(lint("broken.docx", Buffer.from("not a zip")));
if (broken.files[0].diagnostics[0].rule !== "unreadable-file") {
  failed++;
  console.error("a broken .docx is not reported as unreadable-file");
}
if (compared < 25) {
  failed++;
  console.error(`only ${compared} fixtures compared`);
}
console.log(`${compared} fixtures: WebAssembly and native JSON ${failed ? "DIFFER" : "identical"}; slowest file ${slowest.toFixed(1)} ms in the module`);
process.exit(failed ? 1 : 0);
