// Smoke test: starts the real qg-lsp exactly as the extension does (command, arguments,
// working directory and initializationOptions all come from out/lib/config.js, the module
// the bundle is built from) and speaks LSP to it over stdio with vscode-languageserver-protocol,
// the library vscode-languageclient is built on.
//
// The binary is $QG_LSP, by default ../../target/debug/qg-lsp relative to editors/vscode.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const config = require('../out/lib/config.js');
const hosts = require('../out/lib/hosts.js');
const protocol = require('vscode-languageserver-protocol/node');

const extensionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverBinary = path.resolve(extensionDir, process.env.QG_LSP ?? '../../target/debug/qg-lsp');

/** How long the server may take to publish diagnostics for an opened file. */
const DIAGNOSTICS_TIMEOUT_MS = 30_000;

// The mistake: `pkgs` is not an argument of the module function, so it is undefined (QG002).
const BROKEN_MODULE = '{ config, ... }: { x = pkgs.git; }\n';
const PKGS_COLUMN = BROKEN_MODULE.indexOf('pkgs');
// The same mistake beside a warning (QG003, unused binding): a publication that has QG003 but
// not QG002 shows the server applied a rule level, and is not just an early empty list.
const TWO_MISTAKES_MODULE = '{ ... }: let unused = 1; in { x = pkgs.git; }\n';

/** The same check as the extension's isExecutableFile (src/extension.ts). */
function isExecutableFile(candidate) {
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return fs.statSync(candidate).isFile();
  } catch {
    return false;
  }
}

/** A temporary flake (outside any git repository): `flake.nix`, `hosts/a.nix` and `hosts/b.nix`. */
function makeFlake() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qg-vscode-smoke-'));
  fs.writeFileSync(path.join(root, 'flake.nix'), '{ outputs = _: { }; }\n');
  fs.mkdirSync(path.join(root, 'hosts'));
  fs.writeFileSync(path.join(root, 'hosts', 'a.nix'), BROKEN_MODULE);
  fs.writeFileSync(path.join(root, 'hosts', 'b.nix'), TWO_MISTAKES_MODULE);
  return root;
}

/**
 * One LSP session with qg-lsp, started from the `qg.*` settings `values` the way the
 * extension starts it, answering `workspace/configuration` as the extension's middleware does.
 */
async function startSession(flakeRoot, values) {
  const { settings, problems } = config.readSettings((key) => values[key]);
  assert.deepEqual(problems, [], 'the test settings are valid');
  const result = config.buildServerStart(settings, {
    homeDir: os.homedir(),
    workspaceFolder: flakeRoot,
    pathVariable: process.env.PATH,
    isExecutable: isExecutableFile,
  });
  assert.ok(result.ok, `the extension would not start the server: ${result.error}`);
  const { launch, initializationOptions } = result.start;

  // vscode-languageclient spawns an Executable without a transport like this: plain stdio.
  const child = spawn(launch.command, launch.args, { cwd: launch.options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // A server that dies (or cannot be spawned) fails the test with its stderr at once, instead of
  // leaving requests pending until the test runner gives up on them.
  let diedBeforeShutdown = true;
  const died = new Promise((_, reject) => {
    const fail = (what) => {
      if (diedBeforeShutdown) reject(new Error(`qg-lsp ${what}; its stderr:\n${stderr}`));
    };
    child.on('error', (error) => fail(`could not be started: ${error.message}`));
    exited.then(({ code, signal }) => fail(`exited early (code ${code}, signal ${signal})`));
  });
  died.catch(() => {}); // observed through the races below

  const connection = protocol.createProtocolConnection(
    new protocol.StreamMessageReader(child.stdout),
    new protocol.StreamMessageWriter(child.stdin),
  );

  const session = {
    settings,
    connection,
    stderr: () => stderr,
    configurationRequests: [],
    diagnostics: new Map(), // uri -> the latest publishDiagnostics params
    waiters: [],
  };

  connection.onRequest(protocol.ConfigurationRequest.type, (params) => {
    session.configurationRequests.push(params);
    // What the extension's middleware answers; other sections get null here (VS Code would
    // answer them from its own settings, which the server does not ask qg-lsp for).
    return params.items.map((item) => config.configurationSectionValue(item.section, session.settings)?.value ?? null);
  });
  // Requests VS Code answers with null that a server may send.
  connection.onRequest(protocol.RegistrationRequest.type, () => null);
  connection.onRequest(protocol.UnregistrationRequest.type, () => null);
  connection.onRequest(protocol.WorkDoneProgressCreateRequest.type, () => null);
  connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
    session.diagnostics.set(params.uri, params);
    for (const waiter of [...session.waiters]) waiter(params);
  });
  connection.listen();

  const initialize = connection.sendRequest(protocol.InitializeRequest.type, {
    processId: process.pid,
    clientInfo: { name: 'qg vscode smoke test' },
    rootUri: pathToFileURL(flakeRoot).href,
    workspaceFolders: [{ uri: pathToFileURL(flakeRoot).href, name: path.basename(flakeRoot) }],
    initializationOptions,
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: true, didSave: true },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: false },
      },
      window: { workDoneProgress: true },
    },
  });
  session.initializeResult = await Promise.race([withTimeout(initialize, 10_000, 'initialize'), died]);
  await connection.sendNotification(protocol.InitializedNotification.type, {});

  /** Resolves with the first publishDiagnostics for `uri` (already received or later) that passes `accept`. */
  session.waitForDiagnostics = (uri, accept, description) =>
    Promise.race([died, waitForDiagnostics(uri, accept, description)]);
  const waitForDiagnostics = (uri, accept, description) =>
    new Promise((resolve, reject) => {
      const latest = session.diagnostics.get(uri);
      if (latest !== undefined && accept(latest)) return resolve(latest);
      const timer = setTimeout(() => {
        session.waiters = session.waiters.filter((w) => w !== waiter);
        const seen = session.diagnostics.get(uri);
        reject(
          new Error(
            `no publishDiagnostics for ${uri} with ${description} within ${DIAGNOSTICS_TIMEOUT_MS} ms; ` +
              `last seen: ${JSON.stringify(seen?.diagnostics)}; server stderr:\n${stderr}`,
          ),
        );
      }, DIAGNOSTICS_TIMEOUT_MS);
      const waiter = (params) => {
        if (params.uri === uri && accept(params)) {
          clearTimeout(timer);
          session.waiters = session.waiters.filter((w) => w !== waiter);
          resolve(params);
        }
      };
      session.waiters.push(waiter);
    });

  session.open = async (relativePath, languageId) => {
    const file = path.join(flakeRoot, relativePath);
    const uri = pathToFileURL(file).href;
    await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text: fs.readFileSync(file, 'utf8') },
    });
    return uri;
  };

  /**
   * Stops the server as vscode-languageclient does: `shutdown`, `exit`, then a kill if the
   * process is still there 2 s later. Returns how it ended; `killed` is true for the kill.
   */
  session.close = async () => {
    diedBeforeShutdown = false;
    let shutdownAnswered = false;
    try {
      await withTimeout(connection.sendRequest(protocol.ShutdownRequest.type), 2000, 'shutdown');
      shutdownAnswered = true;
      await connection.sendNotification(protocol.ExitNotification.type);
    } catch {
      // Reported through shutdownAnswered and the exit status.
    }
    const status = await withTimeout(exited, 2000, 'exit').then(
      ({ code, signal }) => ({ code, signal, killed: false }),
      () => {
        child.kill('SIGKILL');
        return { code: null, signal: 'SIGKILL', killed: true };
      },
    );
    connection.dispose();
    return { ...status, shutdownAnswered };
  };

  return session;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function codesOf(params) {
  return params.diagnostics.map((diagnostic) => diagnostic.code);
}

const hasQG002 = (params) => codesOf(params).includes('QG002');
const hasQG003Only = (params) => codesOf(params).includes('QG003') && !hasQG002(params);

describe(`qg-lsp (${serverBinary}) started as the extension starts it`, () => {
  let flakeRoot;

  before(() => {
    assert.ok(
      isExecutableFile(serverBinary),
      `no qg-lsp at ${serverBinary}: build it with \`cargo build -p qg-lsp\` or set QG_LSP`,
    );
    flakeRoot = makeFlake();
  });

  after(() => {
    if (flakeRoot !== undefined) fs.rmSync(flakeRoot, { recursive: true, force: true });
  });

  test('publishes QG002 for an undefined variable in an opened Nix file', async () => {
    const session = await startSession(flakeRoot, { 'server.path': serverBinary, host: '', rules: {} });
    try {
      const uri = await session.open('hosts/a.nix', 'nix');
      const params = await session.waitForDiagnostics(uri, hasQG002, 'code QG002');
      const diagnostic = params.diagnostics.find((d) => d.code === 'QG002');
      assert.deepEqual(diagnostic.range.start, { line: 0, character: PKGS_COLUMN }, 'QG002 is on `pkgs`');
      assert.match(diagnostic.message, /pkgs/);
    } finally {
      const status = await session.close();
      assert.ok(status.shutdownAnswered, `qg-lsp did not answer shutdown; stderr:\n${session.stderr()}`);
    }
  });

  test('the rule levels of the initializationOptions apply (qg.rules QG002 = allow)', async () => {
    const session = await startSession(flakeRoot, {
      'server.path': serverBinary,
      host: '',
      rules: { QG002: 'allow' },
    });
    try {
      const uri = await session.open('hosts/b.nix', 'nix');
      const params = await session.waitForDiagnostics(uri, (p) => codesOf(p).includes('QG003'), 'code QG003');
      assert.ok(!hasQG002(params), `QG002 is allowed but was published: ${JSON.stringify(params.diagnostics)}`);
    } finally {
      await session.close();
    }
  });

  test('didChangeConfiguration with new rules re-publishes (QG002 deny → allow)', async () => {
    const session = await startSession(flakeRoot, { 'server.path': serverBinary, host: '', rules: {} });
    try {
      const uri = await session.open('hosts/b.nix', 'nix');
      await session.waitForDiagnostics(uri, (p) => hasQG002(p) && codesOf(p).includes('QG003'), 'codes QG002 and QG003');
      // What the extension does when qg.rules changes: the settings, then the notification.
      session.settings = { ...session.settings, rules: { QG002: 'allow' } };
      await session.connection.sendNotification(
        protocol.DidChangeConfigurationNotification.type,
        config.didChangeConfigurationParams(session.settings),
      );
      await session.waitForDiagnostics(uri, hasQG003Only, 'QG003 but no QG002 after allowing QG002');
    } finally {
      await session.close();
    }
  });

  test('the sops files the document selector sends are accepted', async () => {
    fs.mkdirSync(path.join(flakeRoot, 'secrets'), { recursive: true });
    fs.writeFileSync(
      path.join(flakeRoot, 'secrets', 'secrets.yaml'),
      'db_password: ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]\nsops:\n    version: 3.9.0\n',
    );
    fs.writeFileSync(path.join(flakeRoot, '.sops.yaml'), 'creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n');
    const session = await startSession(flakeRoot, { 'server.path': serverBinary, host: '', rules: {} });
    try {
      await session.open('secrets/secrets.yaml', 'yaml');
      await session.open('.sops.yaml', 'yaml');
      // Still serving Nix files afterwards.
      const uri = await session.open('hosts/a.nix', 'nix');
      await session.waitForDiagnostics(uri, hasQG002, 'code QG002');
    } finally {
      const status = await session.close();
      assert.ok(status.shutdownAnswered, `qg-lsp did not answer shutdown; stderr:\n${session.stderr()}`);
    }
  });

  // vscode-languageclient kills a server that has not exited 2 s after `exit`, so a user does not
  // notice when qg-lsp hangs there; this test does. tower-lsp-server 0.23 can leave `serve`
  // waiting when the answer to the server's own `workspace/configuration` pull (sent from
  // `initialized`) arrives after `exit`; qg-lsp therefore ends itself shortly after `exit`.
  test(
    'exits by itself after shutdown and exit, right after initialized',
    async () => {
      for (let run = 0; run < 5; run++) {
        const session = await startSession(flakeRoot, { 'server.path': serverBinary, host: '', rules: {} });
        const status = await session.close();
        assert.deepEqual(
          status,
          { code: 0, signal: null, killed: false, shutdownAnswered: true },
          `run ${run}: qg-lsp did not exit cleanly; stderr:\n${session.stderr()}`,
        );
      }
    },
  );

  test('qg/listHosts answers a list of host names (or is not implemented)', async (t) => {
    const session = await startSession(flakeRoot, { 'server.path': serverBinary, host: '', rules: {} });
    try {
      let result;
      try {
        result = await withTimeout(session.connection.sendRequest(hosts.LIST_HOSTS_METHOD), 10_000, hosts.LIST_HOSTS_METHOD);
      } catch (error) {
        if (error?.code === protocol.ErrorCodes.MethodNotFound) {
          // The extension falls back to an input box; see README "Selecting a host".
          t.skip(`${hosts.LIST_HOSTS_METHOD} is not implemented by this qg-lsp`);
          return;
        }
        throw error;
      }
      assert.ok(hosts.parseHostList(result) !== undefined, `${hosts.LIST_HOSTS_METHOD} returned ${JSON.stringify(result)}`);
      // The temporary flake defines no nixosConfigurations.
      assert.deepEqual(result, []);
    } finally {
      await session.close();
    }
  });
});
