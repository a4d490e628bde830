// The reportlint extension: starts `reportlint server` (the language server
// in the reportlint binary) for Markdown reports. Diagnostics, quick fixes,
// "fix all" and hover come from the server; this file only starts it, passes
// the settings, and restarts it when the binary or its arguments change.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { serverCommand } from "./command";

let client: LanguageClient | undefined;
let extensionDir = "";


/** The server's settings, as `reportlint server` reads them. */
function settings(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration("reportlint");
  const config = cfg.get<string>("config", "");
  return {
    config: config === "" ? null : config,
    rules: cfg.get<string[]>("rules", []),
    denyWarnings: cfg.get<boolean>("denyWarnings", false),
    run: cfg.get<string>("run", "onType"),
  };
}

async function start(): Promise<void> {
  const cfg = vscode.workspace.getConfiguration("reportlint");
  const command = serverCommand(cfg.get<string>("path", ""), extensionDir, process.platform);
  const args = ["server", ...cfg.get<string[]>("serverArgs", [])];
  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: settings(),
    synchronize: {
      // Settings changes reach the server as workspace/didChangeConfiguration.
      configurationSection: "reportlint",
    },
  };
  client = new LanguageClient("reportlint", "reportlint", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    client = undefined;
    const message = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(
      `无法启动 reportlint（${command} server）：${message}。请安装 reportlint，或在设置 reportlint.path 中指定路径。`,
    );
  }
}

async function stop(): Promise<void> {
  if (client) {
    const c = client;
    client = undefined;
    await c.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionDir = context.extensionPath;
  context.subscriptions.push(
    vscode.commands.registerCommand("reportlint.restart", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      // A new binary or new arguments need a new server; other settings are
      // sent to the running one.
      if (e.affectsConfiguration("reportlint.path") || e.affectsConfiguration("reportlint.serverArgs")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
