// Which reportlint program the extension runs (no VS Code API here, so
// that node's test runner can test it: src/command.test.ts).
import * as fs from "fs";
import * as path from "path";

/**
 * The program to run: the `reportlint.path` setting when set; otherwise the
 * program a platform-specific .vsix carries in bin/; otherwise `reportlint`
 * on PATH.
 */
export function serverCommand(setting: string, dir: string, platform: string): string {
  if (setting !== "") {
    return setting;
  }
  const bundled = path.join(dir, "bin", platform === "win32" ? "reportlint.exe" : "reportlint");
  return fs.existsSync(bundled) ? bundled : "reportlint";
}
