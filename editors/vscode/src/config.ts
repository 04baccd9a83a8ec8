// Everything the extension derives from the `qg.*` settings: how to start qg-lsp, which
// documents it gets, and what it is told about the selected host and rule levels.
// No `vscode` import here, so that the unit tests and the smoke test run this very code
// under plain Node (out/lib/config.js) and start the server exactly as the extension does.

import * as path from 'node:path';

/** The levels of `qg.toml`'s `[rules]` table; the settings use the same words. */
export const RULE_LEVELS = ['allow', 'hint', 'warn', 'deny'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** The command used when `qg.server.path` is empty: looked up on PATH. */
export const DEFAULT_SERVER_COMMAND = 'qg-lsp';

/** The configuration section the server asks for with `workspace/configuration`. */
export const CONFIGURATION_SECTION = 'qg';

/** The `qg.*` settings the extension uses, after validation. */
export interface QgSettings {
  /** `qg.server.path` as written (resolved later by `resolveServerCommand`). */
  serverPath: string;
  /** `qg.host`: the selected host; empty means all hosts. */
  host: string;
  /** `qg.rules`: rule id or name → level. */
  rules: Record<string, RuleLevel>;
}

/**
 * What the server receives, both as `initializationOptions` and as the answer for section
 * `qg`: only the keys the server acts on, so a server that warns on unknown keys stays quiet
 * (the client-side keys `server.path` and `trace.server` are not sent).
 */
export interface ServerSettings {
  /**
   * The selected host, or `null` for all hosts: an empty `qg.host` is sent as `null` so that a
   * server reading an optional string never looks for a host named "".
   */
  host: string | null;
  rules: Record<string, RuleLevel>;
}

/** Reads one setting below `qg.`, e.g. `get('server.path')`; VS Code's `WorkspaceConfiguration.get`. */
export type SettingGetter = (key: string) => unknown;

export interface ReadSettingsResult {
  settings: QgSettings;
  /** One sentence per ignored value, for the output channel. */
  problems: string[];
}

function isRuleLevel(value: unknown): value is RuleLevel {
  return typeof value === 'string' && (RULE_LEVELS as readonly string[]).includes(value);
}

/**
 * Validates the raw settings. A value of the wrong type falls back to its default and a rule
 * with an unknown level is dropped, each with a problem message: one bad entry in a
 * hand-edited settings.json should not stop the server or send it garbage.
 */
export function readSettings(get: SettingGetter): ReadSettingsResult {
  const problems: string[] = [];

  const rawPath = get('server.path');
  let serverPath = '';
  if (typeof rawPath === 'string') {
    serverPath = rawPath.trim();
  } else if (rawPath !== undefined && rawPath !== null) {
    problems.push(`qg.server.path must be a string; using "${DEFAULT_SERVER_COMMAND}"`);
  }

  const rawHost = get('host');
  let host = '';
  if (typeof rawHost === 'string') {
    host = rawHost.trim();
  } else if (rawHost !== undefined && rawHost !== null) {
    problems.push('qg.host must be a string; checking all hosts');
  }

  const rawRules = get('rules');
  const rules: Record<string, RuleLevel> = {};
  if (rawRules !== undefined && rawRules !== null) {
    if (typeof rawRules !== 'object' || Array.isArray(rawRules)) {
      problems.push('qg.rules must be an object of rule → level; ignored');
    } else {
      for (const [rule, level] of Object.entries(rawRules as Record<string, unknown>)) {
        if (isRuleLevel(level)) {
          rules[rule] = level;
        } else {
          problems.push(
            `qg.rules.${rule}: level ${JSON.stringify(level)} is not one of ${RULE_LEVELS.join(', ')}; ignored`,
          );
        }
      }
    }
  }

  return { settings: { serverPath, host, rules }, problems };
}

/** The part of the settings the server acts on. */
export function serverSettings(settings: QgSettings): ServerSettings {
  return { host: settings.host === '' ? null : settings.host, rules: { ...settings.rules } };
}

/** `initializationOptions` of the `initialize` request: `{ host, rules }`. */
export function initializationOptions(settings: QgSettings): ServerSettings {
  return serverSettings(settings);
}

/**
 * The answer to one item of a `workspace/configuration` request, or `undefined` when the
 * section is not qg's and VS Code's default answer should stand. Section `qg` gives the same
 * object as `initializationOptions`; `qg.host` and `qg.rules` give the single value.
 */
export function configurationSectionValue(
  section: string | undefined,
  settings: QgSettings,
): { value: unknown } | undefined {
  const ours = serverSettings(settings);
  switch (section) {
    case CONFIGURATION_SECTION:
      return { value: ours };
    case `${CONFIGURATION_SECTION}.host`:
      return { value: ours.host };
    case `${CONFIGURATION_SECTION}.rules`:
      return { value: ours.rules };
    default:
      return undefined;
  }
}

/**
 * Params of the `workspace/didChangeConfiguration` notification sent when `qg.host` or
 * `qg.rules` change. The settings are in the payload for servers that read it; a server that
 * pulls section `qg` again (as nil and nixd do) gets the same values.
 */
export function didChangeConfigurationParams(settings: QgSettings): { settings: { qg: ServerSettings } } {
  return { settings: { qg: serverSettings(settings) } };
}

/** Where relative paths and `~` are resolved. */
export interface PathContext {
  /** The user's home directory, for `~`. */
  homeDir: string;
  /** File system path of the first workspace folder, if a folder is open. */
  workspaceFolder: string | undefined;
}

export type ResolvedCommand =
  | { ok: true; command: string; lookUpOnPath: boolean }
  | { ok: false; error: string };

/**
 * Turns `qg.server.path` into the command to spawn:
 * - empty → `qg-lsp`, looked up on PATH;
 * - a bare name (no `/`) → looked up on PATH;
 * - `~` or `~/…` → below the home directory;
 * - `${workspaceFolder}` → replaced by the first workspace folder;
 * - absolute → as written;
 * - any other path (`target/debug/qg-lsp`, `./bin/qg-lsp`) → relative to the first workspace
 *   folder, because that is what a path in a workspace's settings.json means to its author
 *   (VS Code's own working directory is arbitrary).
 */
export function resolveServerCommand(serverPath: string, context: PathContext): ResolvedCommand {
  let raw = serverPath.trim();
  if (raw === '') {
    return { ok: true, command: DEFAULT_SERVER_COMMAND, lookUpOnPath: true };
  }

  if (raw.includes('${workspaceFolder}')) {
    if (context.workspaceFolder === undefined) {
      return { ok: false, error: `qg.server.path "${serverPath}" uses \${workspaceFolder} but no folder is open` };
    }
    raw = raw.split('${workspaceFolder}').join(context.workspaceFolder);
  }

  if (raw === '~' || raw.startsWith('~/')) {
    return { ok: true, command: path.join(context.homeDir, raw.slice(1)), lookUpOnPath: false };
  }
  if (path.isAbsolute(raw)) {
    return { ok: true, command: path.normalize(raw), lookUpOnPath: false };
  }
  if (!raw.includes('/') && !raw.includes(path.sep)) {
    return { ok: true, command: raw, lookUpOnPath: true };
  }
  if (context.workspaceFolder === undefined) {
    return { ok: false, error: `qg.server.path "${serverPath}" is relative but no folder is open` };
  }
  return { ok: true, command: path.resolve(context.workspaceFolder, raw), lookUpOnPath: false };
}

/**
 * Finds a bare command on PATH the way a shell would, so that a missing qg-lsp is reported
 * with a message that names the setting, not as `spawn qg-lsp ENOENT`.
 * `isExecutable` is injected so that this stays free of the file system in unit tests.
 */
export function findOnPath(
  command: string,
  pathVariable: string | undefined,
  isExecutable: (candidate: string) => boolean,
): string | undefined {
  for (const directory of (pathVariable ?? '').split(path.delimiter)) {
    if (directory === '') continue;
    const candidate = path.join(directory, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * How to start qg-lsp: the fields of vscode-languageclient's `Executable`. `transport` is left
 * out on purpose: then the client speaks LSP over stdio without adding a `--stdio` argument.
 */
export interface ServerLaunch {
  command: string;
  args: string[];
  options: { cwd?: string };
}

export interface ServerStart {
  launch: ServerLaunch;
  initializationOptions: ServerSettings;
}

export type ServerStartResult = { ok: true; start: ServerStart } | { ok: false; error: string };

/** Everything needed to start the server, from the settings and the environment. */
export function buildServerStart(
  settings: QgSettings,
  context: PathContext & { pathVariable: string | undefined; isExecutable: (candidate: string) => boolean },
): ServerStartResult {
  const resolved = resolveServerCommand(settings.serverPath, context);
  if (!resolved.ok) return resolved;

  let command = resolved.command;
  if (resolved.lookUpOnPath) {
    const found = findOnPath(command, context.pathVariable, context.isExecutable);
    if (found === undefined) {
      return {
        ok: false,
        error: `cannot find "${command}" on PATH; install qg-lsp or set qg.server.path to its location`,
      };
    }
    command = found;
  } else if (!context.isExecutable(command)) {
    return { ok: false, error: `qg.server.path: "${command}" is not an executable file` };
  }

  const options: { cwd?: string } = {};
  // The server finds the flake from the documents and the workspace folders; the working
  // directory only matters for its own relative paths, so it is the folder when there is one.
  if (context.workspaceFolder !== undefined) options.cwd = context.workspaceFolder;

  return {
    ok: true,
    start: {
      launch: { command, args: [], options },
      initializationOptions: initializationOptions(settings),
    },
  };
}

/**
 * The documents qg-lsp receives: Nix files, and the sops files whose key names secrets are
 * checked against. The `nix` language id is contributed by this extension's package.json,
 * because VS Code core does not know Nix.
 */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'nix' },
  { scheme: 'file', pattern: '**/secrets/*.yaml' },
  { scheme: 'file', pattern: '**/.sops.yaml' },
];
