import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { serverCommand } from "./command";

test("the setting wins, then the bundled program, then PATH", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reportlint-ext-"));
  assert.equal(serverCommand("", dir, "linux"), "reportlint");
  fs.mkdirSync(path.join(dir, "bin"));
  fs.writeFileSync(path.join(dir, "bin", "reportlint"), "");
  assert.equal(serverCommand("", dir, "linux"), path.join(dir, "bin", "reportlint"));
  assert.equal(serverCommand("", dir, "win32"), "reportlint", "Windows looks for reportlint.exe");
  fs.writeFileSync(path.join(dir, "bin", "reportlint.exe"), "");
  assert.equal(serverCommand("", dir, "win32"), path.join(dir, "bin", "reportlint.exe"));
  assert.equal(serverCommand("/opt/reportlint", dir, "linux"), "/opt/reportlint");
});
