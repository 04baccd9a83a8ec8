// Wiring test of the bundle out/extension.js, loaded under plain Node with a small fake of the
// `vscode` module: what activate() registers and shows, and the host picker's fallback path.
// It does not start a language client (that needs the real VS Code); the smoke test covers
// the server side with the same launch settings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';

const require = createRequire(import.meta.url);
const manifest = require('../package.json');

/** A fake of the parts of the `vscode` API that the extension (and the client's module load) touch. */
function makeFakeVscode(folder) {
  const settings = new Map(); // 'qg.host' -> value
  const configurationListeners = [];
  const fake = {
    version: '1.91.0',
    log: { outputChannels: [], statusItems: [], errors: [], inputBoxes: [], quickPicks: [], updates: [] },
    commandHandlers: new Map(),
    answers: { inputBox: undefined, quickPick: undefined },
    settings,
  };
  class Stub {}
  Object.assign(fake, {
    // Classes that vscode-languageclient subclasses when its modules load.
    CompletionItem: Stub,
    CodeLens: Stub,
    DocumentLink: Stub,
    CodeAction: Stub,
    Diagnostic: Stub,
    CallHierarchyItem: Stub,
    TypeHierarchyItem: Stub,
    SymbolInformation: Stub,
    InlayHint: Stub,
    CancellationError: class extends Error {},
    StatusBarAlignment: { Left: 1, Right: 2 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    CancellationTokenSource: class {
      token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
      cancel() {
        this.token.isCancellationRequested = true;
      }
      dispose() {}
    },
    Uri: { parse: (value) => ({ scheme: 'file', fsPath: value.replace(/^file:\/\//, ''), toString: () => value }) },
    window: {
      createOutputChannel(name, options) {
        const channel = { name, options, lines: [], dispose() {}, show() {} };
        for (const level of ['trace', 'debug', 'info', 'warn', 'error']) {
          channel[level] = (message) => channel.lines.push(`${level}: ${message}`);
        }
        fake.log.outputChannels.push(channel);
        return channel;
      },
      createStatusBarItem(id, alignment, priority) {
        const item = { id, alignment, priority, text: '', tooltip: '', visible: false, dispose() {} };
        item.show = () => {
          item.visible = true;
        };
        fake.log.statusItems.push(item);
        return item;
      },
      showErrorMessage(message, ...actions) {
        fake.log.errors.push({ message, actions });
        return Promise.resolve(undefined);
      },
      showInputBox(options) {
        fake.log.inputBoxes.push(options);
        return Promise.resolve(fake.answers.inputBox);
      },
      showQuickPick(items, options) {
        fake.log.quickPicks.push({ items, options });
        return Promise.resolve(fake.answers.quickPick);
      },
    },
    commands: {
      registerCommand(id, handler) {
        fake.commandHandlers.set(id, handler);
        return { dispose() {} };
      },
      executeCommand: () => Promise.resolve(),
    },
    workspace: {
      workspaceFolders: [{ uri: { scheme: 'file', fsPath: folder, toString: () => `file://${folder}` }, name: 'fleet', index: 0 }],
      getConfiguration(section) {
        assert.equal(section, 'qg');
        return {
          get: (key) => settings.get(`qg.${key}`),
          update: async (key, value, target) => {
            fake.log.updates.push({ key, value, target });
            settings.set(`qg.${key}`, value);
            const changed = `qg.${key}`;
            const event = { affectsConfiguration: (name) => changed === name || changed.startsWith(`${name}.`) };
            await Promise.all(configurationListeners.map((listener) => listener(event)));
          },
        };
      },
      onDidChangeConfiguration(listener) {
        configurationListeners.push(listener);
        return { dispose() {} };
      },
    },
  });
  return fake;
}

/** Loads a fresh copy of the bundle with `fake` as its `vscode` module. */
function loadExtension(fake) {
  const bundle = require.resolve('../out/extension.js');
  delete require.cache[bundle];
  const originalLoad = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? fake : originalLoad.call(this, request, ...rest);
  };
  try {
    return require(bundle);
  } finally {
    Module._load = originalLoad;
  }
}

describe('out/extension.js with a fake vscode', () => {
  let fake;
  let extension;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'qg-vscode-wiring-'));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  beforeEach(async () => {
    fake = makeFakeVscode(folder);
    // A server path that does not exist: activation must report it, not throw.
    fake.settings.set('qg.server.path', 'target/debug/qg-lsp');
    extension = loadExtension(fake);
    await extension.activate({ subscriptions: [] });
  });

  test('registers exactly the contributed commands', () => {
    const contributed = manifest.contributes.commands.map((command) => command.command).sort();
    assert.deepEqual([...fake.commandHandlers.keys()].sort(), contributed);
    assert.deepEqual(contributed, ['qg.pickHost', 'qg.restartServer']);
  });

  test('creates the log output channel "qg"', () => {
    assert.equal(fake.log.outputChannels.length, 1);
    assert.equal(fake.log.outputChannels[0].name, 'qg');
    assert.deepEqual(fake.log.outputChannels[0].options, { log: true });
  });

  test('shows the status bar item, which opens the host picker', () => {
    const [item] = fake.log.statusItems;
    assert.equal(item.text, 'qg: all hosts');
    assert.equal(item.command, 'qg.pickHost');
    assert.equal(item.visible, true);
  });

  test('a missing server is an error message naming the path, with a way to the setting', () => {
    assert.equal(fake.log.errors.length, 1);
    const expected = path.join(folder, 'target/debug/qg-lsp');
    assert.match(fake.log.errors[0].message, new RegExp(`qg\\.server\\.path: "${expected}" is not an executable file`));
    assert.deepEqual(fake.log.errors[0].actions, ['Open Settings', 'Show Output']);
    assert.ok(fake.log.outputChannels[0].lines.some((line) => line.startsWith('error: qg.server.path')));
  });

  test('qg.pickHost without a server falls back to an input box and stores qg.host', async () => {
    fake.answers.inputBox = ' desktop ';
    await fake.commandHandlers.get('qg.pickHost')();
    assert.equal(fake.log.quickPicks.length, 0);
    assert.equal(fake.log.inputBoxes.length, 1);
    assert.equal(fake.log.inputBoxes[0].value, '');
    assert.deepEqual(fake.log.updates, [{ key: 'host', value: 'desktop', target: fake.ConfigurationTarget.Workspace }]);
    assert.equal(fake.log.statusItems[0].text, 'qg: desktop');
  });

  test('cancelling the input box changes nothing', async () => {
    fake.answers.inputBox = undefined;
    await fake.commandHandlers.get('qg.pickHost')();
    assert.deepEqual(fake.log.updates, []);
  });

  test('an empty answer selects all hosts again', async () => {
    fake.settings.set('qg.host', 'server');
    fake.answers.inputBox = '';
    await fake.commandHandlers.get('qg.pickHost')();
    assert.deepEqual(fake.log.updates.map((update) => update.value), ['']);
    assert.equal(fake.log.statusItems[0].text, 'qg: all hosts');
  });

  test('deactivate resolves without a running client', async () => {
    await extension.deactivate();
  });
});

describe('package.json', () => {
  test('activation on Nix files and flakes', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:nix', 'workspaceContains:**/flake.nix']);
    assert.equal(manifest.main, './out/extension.js');
  });

  test('contributes the settings config.ts reads, with their defaults', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(properties).sort(), ['qg.host', 'qg.rules', 'qg.server.path', 'qg.trace.server']);
    assert.equal(properties['qg.server.path'].default, 'qg-lsp');
    assert.equal(properties['qg.host'].default, '');
    assert.deepEqual(properties['qg.rules'].default, {});
    assert.deepEqual(properties['qg.rules'].additionalProperties.enum, ['allow', 'hint', 'warn', 'deny']);
    assert.deepEqual(properties['qg.trace.server'].enum, ['off', 'messages', 'verbose']);
  });

  test('an untrusted workspace cannot choose the server executable', () => {
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['qg.server.path']);
  });

  test('@types/vscode is not newer than engines.vscode (vsce rejects that)', () => {
    const engine = manifest.engines.vscode.replace(/^\^/, '');
    assert.equal(manifest.devDependencies['@types/vscode'], engine);
  });
});
