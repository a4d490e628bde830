"""The offline page (dist/reportlint.html) in a real browser: Debian's
Chromium, headless, driven by Playwright, the page opened by file://.

- Every fixture, through window.reportlint.lint and through the page's own
  file and folder inputs, gives the native CLI's `check --format json`.
- The annotated and fixed files the page downloads are, byte for byte, the
  files `check --annotate` / `--fix` write for the same input and time.
- No request leaves the page: the only request is the page itself, and a
  local server the page tries to reach (fetch, image, form) sees nothing.
- A screenshot shows the findings (the highlight's colour at its place).
- Keyboard, dark scheme, 150% zoom; the time to check a 50-page report.

    python3 web/page_test.py PAGE NATIVE_PROGRAM REPORTS_DIR [--screenshot FILE]

Run by scripts/page-test, which installs what it needs.
"""

import base64
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

PAGE = Path(sys.argv[1]).resolve()
NATIVE = str(Path(sys.argv[2]).resolve())
REPORTS = Path(sys.argv[3]).resolve()
SHOT = Path(sys.argv[sys.argv.index("--screenshot") + 1]) if "--screenshot" in sys.argv else None
DATE = 1700000000
FIXTURES = Path("fixtures")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

failures = []


def check(what, f):
    try:
        f()
        print(f"ok: {what}")
    except Exception as e:  # noqa: BLE001 - every failure is reported, the run goes on
        failures.append(what)
        print(f"FAILED: {what}\n{str(e)[:2000]}")


def cli(args, cwd="."):
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(DATE))
    p = subprocess.run([NATIVE, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"reportlint {' '.join(args)}: {p.returncode}\n{p.stderr}")
    return p.stdout


def b64(path):
    return base64.b64encode(Path(path).read_bytes()).decode()


def files_arg(paths, names=None):
    names = names or [str(p) for p in paths]
    return [{"name": n, "b64": b64(p)} for p, n in zip(paths, names)]


def listing(root, prefix=""):
    out = []
    for p in sorted(Path(root).rglob("*")):
        if p.is_file():
            name = prefix + p.relative_to(root).as_posix()
            out.append({"name": name, "b64": b64(p) if p.suffix in (".yaml", ".yml") else None})
    return out


# Runs in the page: bytes come as base64, go back as base64.
JS_HELPERS = """
const bytes = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const files = (list) => (list || []).map((f) => ({ name: f.name, bytes: f.b64 == null ? null : bytes(f.b64) }));
const out = (u8) => { let s = ""; for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000)); return btoa(s); };
"""


def api(page, call, *args):
    # The function is compiled by the debugging protocol, not by eval (which
    # the page's Content-Security-Policy forbids).
    return page.evaluate("async (args) => {" + JS_HELPERS + "const f = " + call + "; return await f(...args); }", list(args))


class Hits(http.server.BaseHTTPRequestHandler):
    count = 0

    def do_GET(self):  # noqa: N802
        Hits.count += 1
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(b"ok")

    do_POST = do_GET

    def log_message(self, *a):
        pass


def main():
    reports = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".markdown", ".docx"))
    folder = listing(FIXTURES, "fixtures/")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hits)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    tmp = Path(tempfile.mkdtemp(prefix="reportlint-page-"))

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
        requests, blocked = [], []
        context.on("request", lambda r: requests.append(r.url))
        # A request the browser refused to send (the page's CSP) is seen as
        # one that failed so; the local server below confirms it never came.
        context.on("requestfailed", lambda r: blocked.append(r.url) if "csp" in (r.failure or "").lower() else None)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # The page dates its 批注 and 修订 with the clock: fixed, as the CLI's.
        page.clock.set_fixed_time(datetime.fromtimestamp(DATE, tz=timezone.utc))
        page.goto(PAGE.as_uri())
        page.wait_for_selector("body[data-state=ready], body[data-state=error]", state="attached", timeout=60000)
        assert page.get_attribute("body", "data-state") == "ready", page.inner_text("#status")

        # ---- window.reportlint.lint: every fixture, alone and together ----
        def lint_each():
            # Some strings in the JSON are compared whole, so the objects.
            for p in reports:
                got = api(page, "(fs, folder) => window.reportlint.lint(files(fs), { folder: files(folder) })", files_arg([p]), folder)
                want = json.loads(cli(["check", "--format", "json", str(p)]))
                assert got == want, f"{p}:\npage {json.dumps(got, ensure_ascii=False)[:800]}\ncli  {json.dumps(want, ensure_ascii=False)[:800]}"
            assert len(reports) >= 25, len(reports)

        check(f"window.reportlint.lint gives check's JSON for each of the fixtures", lint_each)

        def lint_all():
            got = api(page, "(fs, folder) => window.reportlint.lint(files(fs), { folder: files(folder) })", files_arg(reports[::-1]), folder)
            want = json.loads(cli(["check", "--format", "json", *map(str, reports)]))
            assert got == want

        check("all fixtures at once, in check's order", lint_all)

        # ---- the page's inputs ----
        def through_inputs():
            # Folders without evidence: their reports through the file input;
            # folders with evidence: the folder through the folder input.
            dirs = sorted({p.parent for p in reports})
            for d in dirs:
                mine = [p for p in reports if p.parent == d]
                evidence = (d / "evidence.yaml").exists() or (d / "底稿").exists()
                if evidence:
                    page.set_input_files("#folder", str(d))
                    names = [f"{d.name}/{p.name}" for p in mine]
                    want = json.loads(cli(["check", "--format", "json", *names], cwd=d.parent))
                else:
                    page.set_input_files("#files", [str(p) for p in mine])
                    want = json.loads(cli(["check", "--format", "json", *[p.name for p in mine]], cwd=d))
                page.wait_for_selector("body[data-state=done]", state="attached", timeout=60000)
                got = page.evaluate("window.reportlint.last")
                assert got == want, f"{d}:\npage {json.dumps(got, ensure_ascii=False)[:600]}\ncli  {json.dumps(want, ensure_ascii=False)[:600]}"
                shown = page.locator("li.finding").count()
                total = sum(len(f["diagnostics"]) for f in want["files"])
                assert shown == total, f"{d}: {shown} findings shown, {total} found"
                # Each names its line (a Word report's paragraph) and character.
                texts = page.locator("li.finding").all_inner_texts()
                for f in want["files"]:
                    word = f["path"].endswith(".docx")
                    for x in f["diagnostics"]:
                        at = f"第 {x['line']} 段第 {x['column']} 字" if word else f"第 {x['line']} 行第 {x['column']} 列"
                        assert any(at in t and x["message"] in t for t in texts), f"{f['path']}: {at} {x['message']}"
                page.evaluate("document.body.dataset.state = 'ready'")

        check("the file and folder inputs give check's JSON, every finding shown", through_inputs)

        # ---- a rule pack and reportlint.yaml chosen with the report ----
        def settings_through_the_input():
            work = Path(tempfile.mkdtemp(dir=tmp))
            shutil.copy("fixtures/packs/slang.yaml", work / "slang.yaml")
            (work / "reportlint.yaml").write_text("rules: [slang.yaml]\ndisable: [front-matter]\n", encoding="utf-8")
            (work / "报告.md").write_text("# 报告\n\n问题已经搞定。\n", encoding="utf-8")
            want = json.loads(cli(["check", "--format", "json", "报告.md"], cwd=work))
            page.set_input_files("#files", [str(work / n) for n in ("报告.md", "slang.yaml", "reportlint.yaml")])
            page.wait_for_selector("body[data-state=done]", state="attached", timeout=60000)
            got = page.evaluate("window.reportlint.last")
            assert got == want, f"page {got}\ncli {want}"
            assert any(d["rule"] == "no-slang" for d in got["files"][0]["diagnostics"]), got
            page.evaluate("document.body.dataset.state = 'ready'")
            # A broken pack: its file and line on the page, and no results.
            (work / "slang.yaml").write_text(
                "rules:\n  - id: x\n    kind: existance\n    severity: warning\n    message: m\n    description: d\n    tokens: [搞定]\n",
                encoding="utf-8",
            )
            page.set_input_files("#files", [str(work / n) for n in ("报告.md", "slang.yaml")])
            page.wait_for_selector("body[data-state=error]", state="attached", timeout=60000)
            shown = page.inner_text("#errors")
            assert "slang.yaml" in shown and "第 3 行" in shown and "existence" in shown, shown
            page.evaluate("document.body.dataset.state = 'ready'")

        check("reportlint.yaml and a rule pack chosen with the report; a broken pack located", settings_through_the_input)

        # ---- downloads: the bytes check writes ----
        def downloads():
            cases = [
                (REPORTS / "问题较多.docx", "下载批注版", ["--annotate"], "问题较多.reportlint.docx"),
                (REPORTS / "问题较多.docx", "下载修订版", ["--fix"], "问题较多.docx"),
                (REPORTS / "问题较多.md", "下载修复后的文件", ["--fix"], "问题较多.md"),
            ]
            for src, button, flags, written in cases:
                work = Path(tempfile.mkdtemp(dir=tmp))
                shutil.copy(src, work / src.name)
                cli(["check", *flags, src.name], cwd=work)
                want = (work / written).read_bytes()
                assert want != src.read_bytes(), f"{src.name} {flags}: the CLI changed nothing"
                page.set_input_files("#files", str(src))
                page.wait_for_selector("body[data-state=done]", state="attached", timeout=60000)
                with page.expect_download() as d:
                    page.get_by_role("button", name=button).first.click()
                got = Path(d.value.path()).read_bytes()
                assert got == want, f"{src.name} {button}: {len(got)} bytes, the CLI wrote {len(want)}"
                page.evaluate("document.body.dataset.state = 'ready'")
            # And through the API, with tracked changes and comments together.
            work = Path(tempfile.mkdtemp(dir=tmp))
            shutil.copy(REPORTS / "问题较多.docx", work)
            cli(["check", "--fix", "--unsafe-fixes", "--annotate", "问题较多.docx"], cwd=work)
            want = (work / "问题较多.reportlint.docx").read_bytes()
            got = api(
                page,
                f"(fs) => window.reportlint.annotate(files(fs)[0], {{ fix: true, unsafeFixes: true, date: {DATE} }}).then(out)",
                files_arg([REPORTS / "问题较多.docx"], ["问题较多.docx"]),
            )
            assert base64.b64decode(got) == want

        check("downloads are the bytes check --annotate / --fix write", downloads)

        # ---- nothing leaves the page ----
        def no_network():
            page.evaluate(
                """async (url) => {
                  const tries = [
                    fetch(url).then(() => 'fetched', () => 'blocked'),
                    new Promise((res) => { const i = new Image(); i.onload = () => res('loaded'); i.onerror = () => res('blocked'); i.src = url + 'img'; }),
                    new Promise((res) => { const x = new XMLHttpRequest(); x.onload = () => res('sent'); x.onerror = () => res('blocked'); try { x.open('GET', url + 'xhr'); x.send(); } catch (e) { res('blocked'); } }),
                  ];
                  const got = await Promise.all(tries);
                  if (got.some((g) => g !== 'blocked')) throw new Error(got.join());
                }""",
                f"http://127.0.0.1:{port}/",
            )
            page.wait_for_timeout(500)
            assert Hits.count == 0, f"the local server saw {Hits.count} requests"
            others = [u for u in requests if u != PAGE.as_uri() and u not in blocked]
            assert not others, others
            assert blocked, f"the browser did not block {requests}"
            csp = page.get_attribute("meta[http-equiv='Content-Security-Policy']", "content")
            assert "connect-src 'none'" in csp and "default-src 'none'" in csp, csp

        check("no request leaves the page", no_network)
        check("no script error on the page", lambda: None if not errors else (_ for _ in ()).throw(AssertionError(errors)))

        # ---- what a drafter sees ----
        def screenshot():
            page.set_input_files("#files", [str(REPORTS / "问题较多.docx")])
            page.wait_for_selector("body[data-state=done]", state="attached", timeout=60000)
            # The report's summary at the top, its first findings below.
            page.locator("article.report").first.scroll_into_view_if_needed()
            page.evaluate("document.querySelector('article.report').scrollIntoView(); window.scrollBy(0, -24)")
            page.locator("details > summary").first.click()
            mark = page.locator("mark").first
            box = mark.bounding_box()
            assert 0 <= box["y"] and box["y"] + box["height"] <= 900, f"the first highlight is off the screen: {box}"
            path = SHOT or tmp / "page.png"
            page.screenshot(path=str(path))
            from PIL import Image

            img = Image.open(path).convert("RGB")
            # The highlight's own colour, sampled where the mark is drawn
            # (away from the glyphs: the top edge of its box).
            x = int(box["x"] + box["width"] / 2)
            y = int(box["y"] + 1)
            want = page.evaluate("(m) => getComputedStyle(m).backgroundColor", mark.element_handle())
            rgb = tuple(int(v) for v in want[want.index("(") + 1 : want.index(")")].split(",")[:3])
            assert img.getpixel((x, y)) == rgb, f"at ({x},{y}) {img.getpixel((x, y))}, the mark is {rgb}"
            assert page.locator("li.finding").first.is_visible()
            assert "问题部分篇幅" in page.inner_text("#reports")

        check("the screenshot shows the findings, highlighted", screenshot)

        def keyboard():
            def tabs(until, n=40):
                seen = []
                for _ in range(n):
                    page.keyboard.press("Tab")
                    seen.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
                    if seen[-1] == until:
                        break
                return seen

            # From the top of a fresh page: the two inputs, then the option.
            page.reload()
            page.wait_for_selector("body[data-state=ready]", state="attached", timeout=60000)
            seen = tabs("unsafe", 5)
            assert seen == ["files", "folder", "unsafe"], seen
            # Choosing a file with the keyboard opens the browser's chooser.
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Shift+Tab")
            assert page.evaluate("document.activeElement.id") == "files"
            # A loaded machine may drop the first activation: up to three tries.
            for attempt in range(3):
                try:
                    with page.expect_file_chooser(timeout=10000) as chooser:
                        page.keyboard.press("Enter")
                    break
                except PlaywrightTimeout:
                    if attempt == 2:
                        raise
            chooser.value.set_files([str(REPORTS / "问题较多.docx")])
            page.wait_for_selector("body[data-state=done]", state="attached", timeout=60000)
            # From the filters to a finding's explanation, opened by Enter.
            page.focus("#rule-filter")
            seen = tabs("SUMMARY")
            assert seen[-1] == "SUMMARY", seen
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.parentElement.open") is True

        check("keyboard: the inputs and a finding's explanation are reached and opened", keyboard)

        def schemes_and_zoom():
            light = page.evaluate("getComputedStyle(document.body).backgroundColor")
            page.emulate_media(color_scheme="dark")
            dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
            fg = page.evaluate("getComputedStyle(document.body).color")
            page.emulate_media(color_scheme="light")
            assert light != dark, (light, dark)
            lum = lambda c: sum(int(v) for v in c[c.index("(") + 1 : c.index(")")].split(",")[:3])
            assert lum(fg) > lum(dark) + 300, (fg, dark)
            # 150% zoom of a 1280-pixel window: 853 CSS pixels, no sideways scrolling.
            page.set_viewport_size({"width": 853, "height": 600})
            wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            page.set_viewport_size({"width": 1280, "height": 900})
            assert wide <= 0, f"{wide} pixels too wide at 150%"

        check("light and dark schemes; 150% zoom without sideways scrolling", schemes_and_zoom)

        # ---- speed: a 50-page report through the file input ----
        def speed():
            # The first check after the page opens also compiles the rules.
            page.reload()
            page.wait_for_selector("body[data-state=ready]", state="attached", timeout=60000)
            page.set_input_files("#files", [str(REPORTS / "长报告.docx")])
            page.wait_for_selector("body[data-state=done]", state="attached", timeout=60000)
            print(f"  the page opened (core unpacked and compiled) in {float(page.get_attribute('body', 'data-load-ms')):.0f} ms")
            print(f"  长报告.docx, the first check after the page opened: {float(page.get_attribute('body', 'data-ms')):.0f} ms")
            for name in ("长报告.md", "长报告.docx"):
                times = []
                for _ in range(5):
                    page.evaluate("document.body.dataset.state = 'ready'")
                    page.set_input_files("#files", [str(REPORTS / name)])
                    page.wait_for_selector("body[data-state=done]", state="attached", timeout=60000)
                    times.append(float(page.get_attribute("body", "data-ms")))
                chars = page.evaluate("window.reportlint.last.files[0].stats.total_chars")
                print(f"  {name}: {chars} characters; checked and shown in {statistics.median(times):.0f} ms median of 5 ({', '.join(f'{t:.0f}' for t in times)})")

        check("a 50-page report (measured)", speed)
        browser.close()
    server.shutdown()
    shutil.rmtree(tmp, ignore_errors=True)
    size = PAGE.stat().st_size
    print(f"page: {size} bytes ({size / 1048576:.1f} MiB)")
    if failures:
        print(f"{len(failures)} failed: {failures}")
        sys.exit(1)


main()
