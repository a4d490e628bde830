// The core in WebAssembly, driven by the page's own host code
// (web/page/engine.js), gives what the native program gives:
//  - every fixture (Markdown, other encodings, Word), one at a time and all
//    together, with the fixtures' folder listed as the page lists a chosen
//    folder, gives check's JSON byte for byte as an object;
//  - for every Word fixture, the files `check --annotate`, `--fix` and
//    `--fix --unsafe-fixes --annotate` write, and for every Markdown fixture
//    those `--fix` and `--fix --unsafe-fixes` write, byte for byte;
//  - reportlint.yaml and a rule pack given as files act as on disk.
//
//   node web/test.mjs WASM NATIVE_PROGRAM
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import assert from "node:assert/strict";

const [wasmPath, nativeArg] = process.argv.slice(2);
const native = path.resolve(nativeArg);
await import(new URL("./page/engine.js", import.meta.url));
const rl = await globalThis.ReportlintEngine(fs.readFileSync(wasmPath));
const DATE = 1700000000;

function cli(args, cwd = ".") {
  try {
    return execFileSync(native, args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, SOURCE_DATE_EPOCH: String(DATE) },
    });
  } catch (e) {
    if (e.status === 1) return e.stdout; // findings
    throw e;
  }
}

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

// The folder as the page lists it: every file, contents only for YAML.
const listing = (root, prefix = "") =>
  [...walk(root)].map((p) => {
    const name = prefix + path.relative(root, p).split(path.sep).join("/");
    return { name, bytes: /\.ya?ml$/.test(p) ? fs.readFileSync(p) : null };
  });

const isReport = (p) => /\.(md|markdown|docx)$/.test(p);
const reports = [...walk("fixtures")].filter(isReport).sort();
const folder = listing("fixtures", "fixtures/");
const file = (p) => ({ name: p, bytes: fs.readFileSync(p) });

let failed = 0;
const check = async (what, f) => {
  try {
    await f();
  } catch (e) {
    failed++;
    console.error(`FAILED: ${what}\n${String(e.message).slice(0, 1500)}`);
  }
};

// One at a time.
let slowest = 0;
for (const p of reports) {
  await check(`lint ${p}`, () => {
    const started = performance.now();
    const got = rl.lint([file(p)], folder);
    slowest = Math.max(slowest, performance.now() - started);
    assert.deepStrictEqual(got, JSON.parse(cli(["check", "--format", "json", p])));
  });
}
// All together, in check's order whatever the order given.
await check("lint all fixtures at once", () => {
  const got = rl.lint([...reports].reverse().map(file), folder);
  assert.deepStrictEqual(got, JSON.parse(cli(["check", "--format", "json", ...reports])));
});
// Without a folder, evidence cannot be looked for: the page's view says so.
await check("the view says when evidence was not looked for", () => {
  const p = "fixtures/good/民政局/巡察报告.md";
  assert.equal(rl.details([file(p)]).views[0].evidence_checked, false);
  assert.equal(rl.details([file(p)], folder).views[0].evidence_checked, true);
});

// The files check writes, byte for byte: each report in a copy of its
// folder, the CLI run there on its bare name.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "reportlint-web-"));
let written = 0;
for (const p of reports) {
  const word = p.endsWith(".docx");
  const cases = word
    ? [
        [["--annotate"], { annotate: true }, ".reportlint.docx"],
        [["--fix"], { fix: "safe" }, ""],
        [["--fix", "--unsafe-fixes", "--annotate"], { fix: "unsafe", annotate: true }, ".reportlint.docx"],
      ]
    : [
        [["--fix"], { fix: "safe" }, ""],
        [["--fix", "--unsafe-fixes"], { fix: "unsafe" }, ""],
      ];
  for (const [flags, options, suffix] of cases) {
    await check(`${flags.join(" ")} ${p}`, () => {
      const dir = fs.mkdtempSync(path.join(tmp, "case-"));
      fs.cpSync(path.dirname(p), dir, { recursive: true });
      const name = path.basename(p);
      cli(["check", "--format", "json", ...flags, name], dir);
      const out = suffix ? name.replace(/\.docx$/, suffix) : name;
      const want = fs.readFileSync(path.join(dir, out));
      // The page has the original folder, as the drafter chose it.
      const got = rl.write({ name, bytes: fs.readFileSync(p) }, { ...options, date: DATE, folder: listing(path.dirname(p)) });
      assert.equal(got.result.error, null);
      assert.ok(Buffer.from(got.bytes).equals(want), `${got.bytes.length} bytes, the CLI wrote ${want.length}`);
      written++;
    });
  }
}
fs.rmSync(tmp, { recursive: true, force: true });

// Settings given as files act as on disk.
await check("reportlint.yaml and a pack as files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reportlint-web-config-"));
  fs.mkdirSync(path.join(dir, "规则"));
  fs.copyFileSync("fixtures/packs/slang.yaml", path.join(dir, "规则", "slang.yaml"));
  const config = "rules: [规则/slang.yaml]\ndisable: [front-matter]\nseverity: {preferred-term: error}\n";
  fs.writeFileSync(path.join(dir, "reportlint.yaml"), config);
  fs.copyFileSync("fixtures/bad/preferred-term.md", path.join(dir, "wording.md"));
  const want = JSON.parse(cli(["check", "--format", "json", "wording.md"], dir));
  const errors = rl.configure([
    { name: "reportlint.yaml", bytes: Buffer.from(config) },
    { name: "规则/slang.yaml", bytes: fs.readFileSync("fixtures/packs/slang.yaml") },
  ]);
  assert.deepStrictEqual(errors, []);
  assert.deepStrictEqual(rl.lint([file(path.join(dir, "wording.md"))].map((f) => ({ ...f, name: "wording.md" }))), want);
  // A pack the config names but the drafter did not choose: located.
  const missing = rl.configure([{ name: "reportlint.yaml", bytes: Buffer.from(config) }]);
  assert.equal(missing.length, 1);
  assert.equal(missing[0].line, 1);
  assert.match(missing[0].message, /规则\/slang\.yaml/);
  // A broken pack: its line, and the rules stay as they were.
  const broken = rl.configure([{ name: "bad.yaml", bytes: fs.readFileSync("fixtures/packs/bad-regex.yaml") }]);
  assert.ok(broken.length >= 1 && broken[0].file === "bad.yaml" && broken[0].line > 1, JSON.stringify(broken));
  assert.deepStrictEqual(rl.lint([{ name: "wording.md", bytes: fs.readFileSync("fixtures/bad/preferred-term.md") }]), want);
  assert.deepStrictEqual(rl.configure([]), []);
  fs.rmSync(dir, { recursive: true, force: true });
});

// A bug in the module (a panic, injected) traps it: the call fails with a
// clear error, and after recover() the module answers as before, with the
// settings that were in force.
await check("a trap, then recovery", () => {
  const p = "fixtures/bad/preferred-term.md";
  const config = "disable: [front-matter]\n";
  assert.deepStrictEqual(rl.configure([{ name: "reportlint.yaml", bytes: Buffer.from(config) }]), []);
  const before = rl.lint([file(p)]);
  assert.throws(() => rl.trapForTest(), (e) => e.internal === true && /内部出错/.test(e.message));
  assert.equal(rl.broken, true);
  assert.throws(() => rl.lint([file(p)]), /尚未恢复/);
  return rl.recover().then(() => {
    assert.equal(rl.broken, false);
    assert.deepStrictEqual(rl.lint([file(p)]), before);
    assert.deepStrictEqual(rl.configure([]), []);
  });
});

// A file that is not a Word package is a finding, not a trap.
await check("a broken .docx", () => {
  const broken = rl.lint([{ name: "broken.docx", bytes: Buffer.from("not a zip") }]);
  assert.equal(broken.files[0].diagnostics[0].rule, "unreadable-file");
});

if (reports.length < 25) {
  failed++;
  console.error(`only ${reports.length} fixtures`);
}
console.log(
  `${reports.length} fixtures: WebAssembly and native JSON ${failed ? "DIFFER" : "identical"}; ` +
    `${written} written files identical; slowest file ${slowest.toFixed(1)} ms in the module`,
);
process.exit(failed ? 1 : 0);
