// Wires the pure modules (config.ts, hosts.ts) to the VS Code API: the language client, the
// status bar item, the commands and the output channel. Decisions live in those modules;
// this file only reads VS Code state, calls them and shows the results.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  ResponseError,
  type ConfigurationRequest,
  type Executable,
  type LanguageClientOptions,
} from 'vscode-languageclient/node';
import {
  CONFIGURATION_SECTION,
  DOCUMENT_SELECTOR,
  buildServerStart,
  configurationSectionValue,
  didChangeConfigurationParams,
  initializationOptions,
  readSettings,
  type ReadSettingsResult,
} from './config';
import {
  LIST_HOSTS_METHOD,
  LIST_HOSTS_TIMEOUT_MS,
  hostChoices,
  hostFromInput,
  parseHostList,
  statusBarText,
  statusBarTooltip,
  validateHostInput,
} from './hosts';

const CLIENT_ID = 'qg'; // also the prefix of `qg.trace.server`, which the client reads itself

let output: vscode.LogOutputChannel;
let statusItem: vscode.StatusBarItem;
let client: LanguageClient | undefined;
// Starts and stops run one after the other, so that two quick restarts never leave two servers.
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('qg', { log: true });
  statusItem = vscode.window.createStatusBarItem('qg.host', vscode.StatusBarAlignment.Left, 0);
  statusItem.name = 'qg host';
  statusItem.command = 'qg.pickHost';
  updateStatusBar();
  statusItem.show();

  context.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand('qg.restartServer', () => restartServer()),
    vscode.commands.registerCommand('qg.pickHost', () => pickHost()),
    vscode.workspace.onDidChangeConfiguration((event) => onConfigurationChanged(event)),
  );

  reportProblems(loadSettings());
  return serialise(startClient);
}

export function deactivate(): Promise<void> {
  return serialise(stopClient);
}

function serialise(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

function firstWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

/** The `qg.*` settings for a resource (default: the first workspace folder). */
function loadSettings(scope?: vscode.Uri): ReadSettingsResult {
  const configuration = vscode.workspace.getConfiguration(CONFIGURATION_SECTION, scope ?? firstWorkspaceFolder()?.uri);
  return readSettings((key) => configuration.get(key));
}

function reportProblems({ problems }: ReadSettingsResult): void {
  for (const problem of problems) output.warn(problem);
}

function isExecutableFile(candidate: string): boolean {
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return fs.statSync(candidate).isFile();
  } catch {
    return false;
  }
}

async function startClient(): Promise<void> {
  const folder = firstWorkspaceFolder();
  const result = buildServerStart(loadSettings().settings, {
    homeDir: os.homedir(),
    workspaceFolder: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
    pathVariable: process.env['PATH'],
    isExecutable: isExecutableFile,
  });
  if (!result.ok) {
    output.error(result.error);
    void showStartError(`qg: ${result.error}`);
    return;
  }

  const { launch } = result.start;
  output.info(`starting ${launch.command} ${launch.args.join(' ')} in ${launch.options.cwd ?? 'the current directory'}`);
  const serverOptions: Executable = launch;
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // A function rather than result.start.initializationOptions, so that the client's own
    // restarts after a crash send the settings of that moment.
    initializationOptions: () => initializationOptions(loadSettings().settings),
    outputChannel: output,
    traceOutputChannel: output,
    // No synchronize.fileEvents: qg-lsp registers the file watchers it needs itself
    // (client/registerCapability for workspace/didChangeWatchedFiles); static ones here would
    // deliver each change twice.
    middleware: {
      workspace: {
        configuration: answerConfigurationRequest,
        // The extension sends its own didChangeConfiguration, with the settings in it, when
        // qg.host or qg.rules change; the client's would be a second, empty one, sent on
        // every change of any setting.
        didChangeConfiguration: () => Promise.resolve(),
      },
    },
  };

  const newClient = new LanguageClient(CLIENT_ID, 'qg', serverOptions, clientOptions);
  client = newClient;
  try {
    await newClient.start();
  } catch (error) {
    output.error(`qg-lsp did not start: ${messageOf(error)}`);
    void showStartError(`qg: the language server did not start: ${messageOf(error)}`);
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  try {
    if (running !== undefined) await running.dispose();
  } catch (error) {
    output.warn(`stopping qg-lsp: ${messageOf(error)}`);
  }
}

function restartServer(): Promise<void> {
  output.info('restarting qg-lsp');
  return serialise(async () => {
    await stopClient();
    await startClient();
  });
}

/**
 * Answers section `qg` (and `qg.host`, `qg.rules`) with the same `{ host, rules }` object as
 * the initializationOptions; any other section keeps VS Code's default answer.
 */
const answerConfigurationRequest: ConfigurationRequest.MiddlewareSignature = async (params, token, next) => {
  const defaults = await next(params, token);
  if (defaults instanceof ResponseError || !Array.isArray(defaults)) return defaults;
  return params.items.map((item, index) => {
    const scope = item.scopeUri !== undefined ? vscode.Uri.parse(item.scopeUri) : undefined;
    const ours = configurationSectionValue(item.section, loadSettings(scope).settings);
    return ours !== undefined ? ours.value : defaults[index];
  });
};

async function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!event.affectsConfiguration(CONFIGURATION_SECTION)) return;
  const loaded = loadSettings();
  reportProblems(loaded);
  updateStatusBar();

  if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.server.path`)) {
    await restartServer();
    return;
  }
  const hostOrRulesChanged =
    event.affectsConfiguration(`${CONFIGURATION_SECTION}.host`) ||
    event.affectsConfiguration(`${CONFIGURATION_SECTION}.rules`);
  if (hostOrRulesChanged && client?.isRunning()) {
    try {
      await client.sendNotification(DidChangeConfigurationNotification.type, didChangeConfigurationParams(loaded.settings));
    } catch (error) {
      output.warn(`sending the new settings to qg-lsp: ${messageOf(error)}`);
    }
  }
}

function updateStatusBar(): void {
  const { host } = loadSettings().settings;
  statusItem.text = statusBarText(host);
  statusItem.tooltip = statusBarTooltip(host);
}

async function pickHost(): Promise<void> {
  const current = loadSettings().settings.host;
  const hosts = await requestHostList();

  let chosen: string | undefined;
  if (hosts !== undefined) {
    const choice = await vscode.window.showQuickPick(hostChoices(hosts, current), {
      title: 'qg: Select Host',
      placeHolder: 'The host whose configuration qg checks',
    });
    chosen = choice?.host;
  } else {
    const text = await vscode.window.showInputBox({
      title: 'qg: Select Host',
      prompt: 'Host name as in nixosConfigurations.<name>; leave empty for all hosts',
      value: current,
      validateInput: validateHostInput,
    });
    chosen = text === undefined ? undefined : hostFromInput(text);
  }
  if (chosen === undefined || chosen === current) return;

  // Stored as a setting: the status bar and the server follow through onConfigurationChanged,
  // and the choice survives a reload. Per workspace when one is open, else for the user.
  const target =
    vscode.workspace.workspaceFolders !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await vscode.workspace
    .getConfiguration(CONFIGURATION_SECTION, firstWorkspaceFolder()?.uri)
    .update('host', chosen, target);
}

/** The server's host list, or undefined when it cannot tell (not running, no `qg/listHosts`). */
async function requestHostList(): Promise<string[] | undefined> {
  const running = client;
  if (running === undefined || !running.isRunning()) {
    output.info(`${LIST_HOSTS_METHOD}: qg-lsp is not running; asking for a host name instead`);
    return undefined;
  }
  const cancellation = new vscode.CancellationTokenSource();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cancellation.cancel();
        reject(new Error(`no answer within ${LIST_HOSTS_TIMEOUT_MS} ms`));
      }, LIST_HOSTS_TIMEOUT_MS);
    });
    const result = await Promise.race([running.sendRequest<unknown>(LIST_HOSTS_METHOD, cancellation.token), timeout]);
    const hosts = parseHostList(result);
    if (hosts === undefined) {
      output.warn(`${LIST_HOSTS_METHOD} returned ${JSON.stringify(result)}, not a list of host names`);
    }
    return hosts;
  } catch (error) {
    output.info(`${LIST_HOSTS_METHOD} failed (${messageOf(error)}); asking for a host name instead`);
    return undefined;
  } finally {
    clearTimeout(timer);
    cancellation.dispose();
  }
}

async function showStartError(message: string): Promise<void> {
  const openSettings = 'Open Settings';
  const showOutput = 'Show Output';
  const answer = await vscode.window.showErrorMessage(message, openSettings, showOutput);
  if (answer === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'qg.server.path');
  } else if (answer === showOutput) {
    output.show();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
