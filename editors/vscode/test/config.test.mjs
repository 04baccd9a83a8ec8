// Unit tests of src/config.ts, run against its compiled form out/lib/config.js
// (`npm run build:lib`), the same code the bundle contains.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

const require = createRequire(import.meta.url);
const config = require('../out/lib/config.js');

/** A getter like WorkspaceConfiguration.get over a plain object of `qg.*` keys. */
function getterOf(values) {
  return (key) => values[key];
}

const home = '/home/ada';
const folder = '/work/fleet';

describe('readSettings', () => {
  test('defaults when nothing is set', () => {
    const { settings, problems } = config.readSettings(getterOf({}));
    assert.deepEqual(settings, { serverPath: '', host: '', rules: {} });
    assert.deepEqual(problems, []);
  });

  test('keeps valid values, trims strings', () => {
    const { settings, problems } = config.readSettings(
      getterOf({ 'server.path': ' ~/bin/qg-lsp ', host: ' desktop ', rules: { QG003: 'allow', 'undefined-variable': 'warn' } }),
    );
    assert.deepEqual(settings, {
      serverPath: '~/bin/qg-lsp',
      host: 'desktop',
      rules: { QG003: 'allow', 'undefined-variable': 'warn' },
    });
    assert.deepEqual(problems, []);
  });

  test('drops rules with unknown levels and reports each', () => {
    const { settings, problems } = config.readSettings(getterOf({ rules: { QG002: 'error', QG003: 'hint', QG004: 1 } }));
    assert.deepEqual(settings.rules, { QG003: 'hint' });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /qg\.rules\.QG002: level "error" is not one of allow, hint, warn, deny/);
    assert.match(problems[1], /qg\.rules\.QG004/);
  });

  test('falls back to defaults for values of the wrong type', () => {
    const { settings, problems } = config.readSettings(getterOf({ 'server.path': 42, host: ['a'], rules: ['QG002'] }));
    assert.deepEqual(settings, { serverPath: '', host: '', rules: {} });
    assert.equal(problems.length, 3);
  });

  test('null counts as unset', () => {
    const { settings, problems } = config.readSettings(getterOf({ 'server.path': null, host: null, rules: null }));
    assert.deepEqual(settings, { serverPath: '', host: '', rules: {} });
    assert.deepEqual(problems, []);
  });
});

describe('what the server receives', () => {
  const settings = { serverPath: '/opt/qg-lsp', host: 'server', rules: { QG003: 'deny' } };

  test('initializationOptions are { host, rules } only', () => {
    assert.deepEqual(config.initializationOptions(settings), { host: 'server', rules: { QG003: 'deny' } });
  });

  test('all hosts (an empty qg.host) is sent as host: null', () => {
    assert.deepEqual(config.initializationOptions({ ...settings, host: '' }), { host: null, rules: { QG003: 'deny' } });
    assert.deepEqual(config.configurationSectionValue('qg.host', { ...settings, host: '' }), { value: null });
  });

  test('workspace/configuration for section qg equals the initializationOptions', () => {
    assert.deepEqual(config.configurationSectionValue('qg', settings), { value: config.initializationOptions(settings) });
  });

  test('workspace/configuration for qg.host and qg.rules gives the single value', () => {
    assert.deepEqual(config.configurationSectionValue('qg.host', settings), { value: 'server' });
    assert.deepEqual(config.configurationSectionValue('qg.rules', settings), { value: { QG003: 'deny' } });
  });

  test('other sections are left to VS Code', () => {
    assert.equal(config.configurationSectionValue('nix', settings), undefined);
    assert.equal(config.configurationSectionValue(undefined, settings), undefined);
    assert.equal(config.configurationSectionValue('qg.server.path', settings), undefined);
  });

  test('didChangeConfiguration carries the qg section', () => {
    assert.deepEqual(config.didChangeConfigurationParams(settings), {
      settings: { qg: { host: 'server', rules: { QG003: 'deny' } } },
    });
  });

  test('the rules object is a copy, not the settings object', () => {
    const sent = config.initializationOptions(settings);
    sent.rules.QG001 = 'allow';
    assert.deepEqual(settings.rules, { QG003: 'deny' });
  });
});

describe('resolveServerCommand', () => {
  const context = { homeDir: home, workspaceFolder: folder };

  test('empty means qg-lsp on PATH', () => {
    assert.deepEqual(config.resolveServerCommand('', context), { ok: true, command: 'qg-lsp', lookUpOnPath: true });
    assert.deepEqual(config.resolveServerCommand('  ', context), { ok: true, command: 'qg-lsp', lookUpOnPath: true });
  });

  test('a bare name is looked up on PATH', () => {
    assert.deepEqual(config.resolveServerCommand('qg-lsp-dev', context), {
      ok: true,
      command: 'qg-lsp-dev',
      lookUpOnPath: true,
    });
  });

  test('an absolute path is used as written (normalised)', () => {
    assert.deepEqual(config.resolveServerCommand('/nix/store/x-qg/bin//qg-lsp', context), {
      ok: true,
      command: '/nix/store/x-qg/bin/qg-lsp',
      lookUpOnPath: false,
    });
  });

  test('~ expands to the home directory', () => {
    assert.deepEqual(config.resolveServerCommand('~/.cargo/bin/qg-lsp', context), {
      ok: true,
      command: '/home/ada/.cargo/bin/qg-lsp',
      lookUpOnPath: false,
    });
    assert.equal(config.resolveServerCommand('~', context).command, '/home/ada');
  });

  test('~user is not expanded: it is a relative path', () => {
    assert.equal(config.resolveServerCommand('~bob/qg-lsp', context).command, '/work/fleet/~bob/qg-lsp');
  });

  test('a relative path is relative to the first workspace folder', () => {
    assert.deepEqual(config.resolveServerCommand('target/debug/qg-lsp', context), {
      ok: true,
      command: '/work/fleet/target/debug/qg-lsp',
      lookUpOnPath: false,
    });
    assert.equal(config.resolveServerCommand('./bin/qg-lsp', context).command, '/work/fleet/bin/qg-lsp');
    assert.equal(config.resolveServerCommand('../qg/target/release/qg-lsp', context).command, '/work/qg/target/release/qg-lsp');
  });

  test('${workspaceFolder} is replaced', () => {
    assert.equal(
      config.resolveServerCommand('${workspaceFolder}/result/bin/qg-lsp', context).command,
      '/work/fleet/result/bin/qg-lsp',
    );
  });

  test('a relative path without an open folder is an error that names the setting', () => {
    const result = config.resolveServerCommand('target/debug/qg-lsp', { homeDir: home, workspaceFolder: undefined });
    assert.equal(result.ok, false);
    assert.match(result.error, /qg\.server\.path "target\/debug\/qg-lsp" is relative but no folder is open/);
    assert.equal(config.resolveServerCommand('${workspaceFolder}/x', { homeDir: home, workspaceFolder: undefined }).ok, false);
  });
});

describe('findOnPath', () => {
  const executables = new Set(['/usr/bin/qg-lsp', '/home/ada/.nix-profile/bin/qg-lsp']);
  const isExecutable = (candidate) => executables.has(candidate);

  test('takes the first PATH entry that has it', () => {
    assert.equal(config.findOnPath('qg-lsp', '/home/ada/.nix-profile/bin:/usr/bin', isExecutable), '/home/ada/.nix-profile/bin/qg-lsp');
    assert.equal(config.findOnPath('qg-lsp', '/bin::/usr/bin', isExecutable), '/usr/bin/qg-lsp');
  });

  test('undefined when absent or PATH is unset', () => {
    assert.equal(config.findOnPath('qg-lsp', '/bin:/sbin', isExecutable), undefined);
    assert.equal(config.findOnPath('qg-lsp', undefined, isExecutable), undefined);
  });
});

describe('buildServerStart', () => {
  const settings = { serverPath: '', host: 'desktop', rules: { QG003: 'warn' } };
  const context = {
    homeDir: home,
    workspaceFolder: folder,
    pathVariable: '/usr/local/bin:/usr/bin',
    isExecutable: (candidate) => candidate === '/usr/bin/qg-lsp' || candidate === '/work/fleet/target/debug/qg-lsp',
  };

  test('default: qg-lsp from PATH, no arguments (no --stdio), cwd = workspace folder', () => {
    assert.deepEqual(config.buildServerStart(settings, context), {
      ok: true,
      start: {
        launch: { command: '/usr/bin/qg-lsp', args: [], options: { cwd: '/work/fleet' } },
        initializationOptions: { host: 'desktop', rules: { QG003: 'warn' } },
      },
    });
  });

  test('a configured path that exists', () => {
    const result = config.buildServerStart({ ...settings, serverPath: 'target/debug/qg-lsp' }, context);
    assert.equal(result.ok, true);
    assert.equal(result.start.launch.command, '/work/fleet/target/debug/qg-lsp');
  });

  test('no cwd without a folder', () => {
    const result = config.buildServerStart(settings, { ...context, workspaceFolder: undefined });
    assert.deepEqual(result.start.launch.options, {});
  });

  test('missing on PATH: the error says what to set', () => {
    const result = config.buildServerStart(settings, { ...context, pathVariable: '/bin' });
    assert.equal(result.ok, false);
    assert.match(result.error, /cannot find "qg-lsp" on PATH; install qg-lsp or set qg\.server\.path/);
  });

  test('a configured path that is not executable', () => {
    const result = config.buildServerStart({ ...settings, serverPath: '/opt/qg-lsp' }, context);
    assert.equal(result.ok, false);
    assert.match(result.error, /"\/opt\/qg-lsp" is not an executable file/);
  });
});

describe('document selector', () => {
  test('Nix files by language, sops files by pattern, all on disk', () => {
    assert.deepEqual(config.DOCUMENT_SELECTOR, [
      { scheme: 'file', language: 'nix' },
      { scheme: 'file', pattern: '**/secrets/*.yaml' },
      { scheme: 'file', pattern: '**/.sops.yaml' },
    ]);
  });
});
