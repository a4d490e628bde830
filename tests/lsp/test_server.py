"""End-to-end tests of `reportlint server` with a real LSP client (pytest-lsp).

The server is the built binary (REPORTLINT_BIN, or target/debug/reportlint),
driven over stdio. Expected positions are computed here from the report text,
by counting UTF-16 code units (or UTF-8 bytes) in Python, not by the server.
"""

import asyncio
import contextlib
import os
import pathlib
import shutil
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("REPORTLINT_BIN", str(ROOT / "target" / "debug" / "reportlint"))
FIXTURE = ROOT / "fixtures" / "bad" / "standard-term.md"


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def to_index(text: str, pos: types.Position, unit="utf-16") -> int:
    """Python string index of an LSP position (counting `unit`)."""
    lines = text.split("\n")
    line = lines[pos.line]
    count = 0
    for i, ch in enumerate(line):
        if count >= pos.character:
            return sum(len(l) + 1 for l in lines[: pos.line]) + i
        count += utf16_len(ch) if unit == "utf-16" else len(ch.encode("utf-8"))
    return sum(len(l) + 1 for l in lines[: pos.line]) + len(line)


def apply(text: str, edits, unit="utf-16") -> str:
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        a, b = to_index(text, e.range.start, unit), to_index(text, e.range.end, unit)
        text = text[:a] + e.new_text + text[b:]
    return text


def workspace(tmp: pathlib.Path) -> pathlib.Path:
    """A report repository: the bad fixture with its evidence beside it."""
    for name in ["standard-term.md", "evidence.yaml"]:
        src = FIXTURE.parent / name
        if src.exists():
            shutil.copy(src, tmp / name)
    for d in ["底稿", "evidence"]:
        if (FIXTURE.parent / d).is_dir():
            shutil.copytree(FIXTURE.parent / d, tmp / d)
    return tmp / "standard-term.md"


def capabilities(encodings=None) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(
                        value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
                    )
                ),
                is_preferred_support=True,
            ),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        ),
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
        ),
    )


async def start(tmp_path, encodings=None, env=None) -> tuple[LanguageClient, pathlib.Path]:
    report = workspace(tmp_path)
    config = ClientServerConfig(server_command=[BIN, "server"], server_env=env)
    client = await config.start()
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(encodings),
            workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="reports")],
        )
    )
    return client, report


@contextlib.asynccontextmanager
async def session(tmp_path, encodings=None, env=None):
    """A started server and its report; shut down at the end."""
    client, report = await start(tmp_path, encodings, env)
    try:
        yield client, report
    finally:
        await client.shutdown_session()


async def open_doc(client: LanguageClient, path: pathlib.Path, text: str | None = None, version=1):
    text = path.read_text(encoding="utf-8") if text is None else text
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        )
    )
    await wait_version(client, uri, version)
    return uri, text


WAIT = 30  # seconds any one wait may take, so that a hang fails a test


async def until(condition, what: str):
    """Polls `condition` (notifications are handled meanwhile) until it holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError(f"waited {WAIT} s for {what}")
        await asyncio.sleep(0.01)


async def wait_version(client: LanguageClient, uri: str, version: int):
    """Waits until the diagnostics of `uri` are those of `version` (each
    carries the version it was made for in `data`; workspace results carry
    0). Polling, not waiting for one notification: others (workspace
    results) may arrive in the same read."""

    def current():
        diags = client.diagnostics.get(uri)
        return bool(diags) and all((d.data or {}).get("version") == version for d in diags)

    await until(current, f"the diagnostics of {uri} at version {version}")
    return client.diagnostics[uri]


def of_rule(diags, rule):
    return [d for d in diags if d.code == rule]


async def code_actions(client, uri, range_, diagnostics, only=None):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=range_,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
    )


async def test_standard_term_at_its_utf16_range_and_the_quick_fix(tmp_path):
    async with session(tmp_path) as (client, report):
        uri, text = await open_doc(client, report)
        [d] = of_rule(client.diagnostics[uri], "standard-term")
        line = text.split("\n")[25]
        col = line.index("全面以严治党")
        assert d.range.start == types.Position(line=25, character=utf16_len(line[:col]))
        assert d.range.end == types.Position(line=25, character=utf16_len(line[: col + 6]))
        assert d.source == "reportlint" and d.severity == types.DiagnosticSeverity.Error
        actions = await code_actions(client, uri, d.range, [d])
        [fix] = [a for a in actions if a.is_preferred]
        assert fix.kind == types.CodeActionKind.QuickFix
        [change] = fix.edit.document_changes
        assert change.text_document.version == 1
        fixed = apply(text, change.edits)
        assert "推进全面从严治党力度不够" in fixed.split("\n")[25]
        assert fixed.replace("全面从严治党", "全面以严治党", 1) == text
        # "Disable for this line" inserts the directive above the line.
        [silence] = [a for a in actions if "本行不检查" in a.title]
        silenced = apply(text, silence.edit.document_changes[0].edits).split("\n")
        assert silenced[25] == "<!-- reportlint-disable-next-line standard-term -- 请填写理由 -->"


async def test_a_character_outside_the_bmp_counts_two_utf16_units(tmp_path):
    async with session(tmp_path) as (client, report):
        text = report.read_text(encoding="utf-8").replace("3. 推进全面以严治党", "3. 𠀀推进全面以严治党")
        uri, _ = await open_doc(client, report, text)
        [d] = of_rule(client.diagnostics[uri], "standard-term")
        line = text.split("\n")[25]
        assert d.range.start.character == utf16_len(line[: line.index("全面以严治党")])
        assert d.range.start.character == len("3. 𠀀推进") + 1  # 𠀀 is two units


async def test_utf8_positions_when_the_client_prefers_them(tmp_path):
    async with session(tmp_path, encodings=[types.PositionEncodingKind.Utf8]) as (client, report):
        assert client.capabilities is not None
        uri, text = await open_doc(client, report)
        [d] = of_rule(client.diagnostics[uri], "standard-term")
        line = text.split("\n")[25]
        assert d.range.start.character == len(line[: line.index("全面以严治党")].encode("utf-8"))


async def test_typing_an_unsourced_item_gives_claim_without_source_in_one_change(tmp_path):
    async with session(tmp_path) as (client, report):
        uri, text = await open_doc(client, report)
        assert not of_rule(client.diagnostics[uri], "claim-without-source")
        lines = text.split("\n")
        at = 26  # after item 3 of the first focus
        new = "4. 违规发放津补贴，涉及资金5.2万元。"
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=at, character=0),
                            end=types.Position(line=at, character=0),
                        ),
                        text=new + "\n",
                    )
                ],
            )
        )
        diags = await wait_version(client, uri, 2)
        found = of_rule(diags, "claim-without-source")
        assert [d.range.start.line for d in found] == [at], (lines[at - 1 : at + 1], diags)


async def test_hover_explains_the_finding(tmp_path):
    async with session(tmp_path) as (client, report):
        uri, text = await open_doc(client, report)
        [d] = of_rule(client.diagnostics[uri], "standard-term")
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start)
        )
        assert hover.contents.kind == types.MarkupKind.Markdown
        assert "全面从严治党" in hover.contents.value and "standard-term" in hover.contents.value
        assert hover.range == d.range


async def test_a_config_change_applies_without_a_restart(tmp_path):
    async with session(tmp_path) as (client, report):
        uri, _ = await open_doc(client, report)
        assert of_rule(client.diagnostics[uri], "standard-term")
        config = tmp_path / "reportlint.yaml"
        config.write_text("disable:\n  - standard-term\n", encoding="utf-8")
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
            )
        )
        # Linted again with the rule off: the finding goes.
        await until(
            lambda: not of_rule(client.diagnostics[uri], "standard-term"),
            "standard-term to be disabled",
        )


async def test_the_workspace_is_linted_at_start(tmp_path):
    async with session(tmp_path) as (client, report):
        uri = report.as_uri()
        await until(lambda: uri in client.diagnostics, "the workspace's diagnostics")
        assert of_rule(client.diagnostics[uri], "standard-term")


async def test_bad_requests_get_errors_and_the_server_lives_on(tmp_path):
    async with session(tmp_path, env={**os.environ, "REPORTLINT_PANIC_ON_TEXT": "触发内部错误"}) as (client, report):
        unopened = (tmp_path / "未打开.md").as_uri()
        with pytest.raises(Exception, match="文档未打开"):
            await client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=unopened),
                    position=types.Position(line=0, character=0),
                )
            )
        uri, text = await open_doc(client, report)
        with pytest.raises(Exception, match="位置超出文档范围"):
            await client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=9999, character=0),
                )
            )
        with pytest.raises(Exception, match="不支持"):
            await client.protocol.send_request_async("reportlint/unknown", {})
        # A panic while linting one document: it gets no diagnostics, the
        # server answers the next request.
        broken = tmp_path / "坏.md"
        broken.write_text("触发内部错误\n", encoding="utf-8")
        b_uri = broken.as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=b_uri, language_id="markdown", version=1, text=broken.read_text(encoding="utf-8")
                )
            )
        )
        await until(lambda: b_uri in client.diagnostics, "the diagnostics of the broken document")
        assert list(client.diagnostics[b_uri]) == []
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=25, character=5))
        )
        assert hover is not None


async def test_pull_diagnostics_when_the_client_pulls(tmp_path):
    report = workspace(tmp_path)
    caps = capabilities()
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(related_document_support=False)
    client = await ClientServerConfig(server_command=[BIN, "server"]).start()
    try:
        result = await client.initialize_session(types.InitializeParams(capabilities=caps))
        assert result.capabilities.diagnostic_provider is not None
        text = report.read_text(encoding="utf-8")
        uri = report.as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
            )
        )
        pulled = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert of_rule(pulled.items, "standard-term")
        # Nothing pushed for it but the empty list that clears workspace results.
        assert not client.diagnostics.get(uri)
    finally:
        await client.shutdown_session()


async def test_fix_all_applies_every_safe_fix(tmp_path):
    async with session(tmp_path) as (client, report):
        text = report.read_text(encoding="utf-8").replace("意识形态工作仅1次", "意识形态工作仅1次,全面从紧治党")
        uri, _ = await open_doc(client, report, text)
        assert len([d for d in client.diagnostics[uri] if d.code == "standard-term"]) == 2
        origin = types.Position(line=0, character=0)
        actions = await code_actions(
            client, uri, types.Range(start=origin, end=origin), [], only=[types.CodeActionKind.SourceFixAll]
        )
        [fix_all] = actions
        assert fix_all.kind == "source.fixAll.reportlint"
        fixed = apply(text, fix_all.edit.document_changes[0].edits)
        assert "全面以严治党" not in fixed and "全面从紧治党" not in fixed
        assert fixed.count("全面从严治党") == text.count("全面从严治党") + 2


async def test_related_information_points_at_the_wording_used_elsewhere(tmp_path):
    async with session(tmp_path) as (client, report):
        text = report.read_text(encoding="utf-8")
        text = text.replace("巡察组对", "巡察小组对", 1) if "巡察组对" in text else text + "\n巡察小组另行核查。\n"
        uri, _ = await open_doc(client, report, text)
        [d] = of_rule(client.diagnostics[uri], "consistent-wording")
        lines = text.split("\n")
        assert lines[d.range.start.line][: d.range.start.character + 4].endswith("巡察小组")
        [rel] = d.related_information
        assert rel.location.uri == uri and "巡察组" in rel.message
        line = lines[rel.location.range.start.line]
        col = rel.location.range.start.character
        assert line[col : col + 3] == "巡察组"


async def test_the_workspace_lint_reports_work_done_progress(tmp_path):
    report = workspace(tmp_path)
    caps = capabilities()
    caps.window = types.WindowClientCapabilities(work_done_progress=True)
    client = await ClientServerConfig(server_command=[BIN, "server"]).start()
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=caps,
                workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="reports")],
            )
        )
        uri = report.as_uri()
        await until(lambda: uri in client.diagnostics, "the workspace's diagnostics")
        for _ in range(100):
            if any(v and v[-1].kind == "end" for v in client.progress_reports.values()):
                break
            await asyncio.sleep(0.02)
        [reports] = list(client.progress_reports.values())
        assert reports[0].kind == "begin" and "工作区" in reports[0].title
        assert reports[-1].kind == "end"
    finally:
        await client.shutdown_session()


async def test_closing_a_buffer_shows_its_file_on_disk_again(tmp_path):
    async with session(tmp_path) as (client, report):
        text = report.read_text(encoding="utf-8") + "\n另查实全面从紧治党不力。\n"
        uri, _ = await open_doc(client, report, text)
        assert len(of_rule(client.diagnostics[uri], "standard-term")) == 2
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        # The file's diagnostics (made from disk: version 0 in their data).
        await wait_version(client, uri, 0)
        # The unsaved line is gone with the buffer: the file's one error is left.
        assert len(of_rule(client.diagnostics[uri], "standard-term")) == 1
