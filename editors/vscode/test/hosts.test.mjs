// Unit tests of src/hosts.ts, run against its compiled form out/lib/hosts.js.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

const require = createRequire(import.meta.url);
const hosts = require('../out/lib/hosts.js');

describe('status bar', () => {
  test('shows the selected host', () => {
    assert.equal(hosts.statusBarText('desktop'), 'qg: desktop');
  });

  test('an empty host means all hosts', () => {
    assert.equal(hosts.statusBarText(''), 'qg: all hosts');
    assert.match(hosts.statusBarTooltip(''), /every host/);
    assert.match(hosts.statusBarTooltip('server'), /host "server"/);
  });
});

describe('parseHostList', () => {
  test('sorts and removes duplicates and blanks', () => {
    assert.deepEqual(hosts.parseHostList(['server', 'desktop', 'server', ' ', 'laptop ']), ['desktop', 'laptop', 'server']);
  });

  test('an empty list is a valid answer', () => {
    assert.deepEqual(hosts.parseHostList([]), []);
  });

  test('anything but a list of strings is no answer', () => {
    assert.equal(hosts.parseHostList(null), undefined);
    assert.equal(hosts.parseHostList({ hosts: ['a'] }), undefined);
    assert.equal(hosts.parseHostList(['a', 1]), undefined);
  });
});

describe('hostChoices', () => {
  test('all hosts first, current marked', () => {
    assert.deepEqual(hosts.hostChoices(['desktop', 'server'], 'server'), [
      { label: 'all hosts', host: '' },
      { label: 'desktop', host: 'desktop' },
      { label: 'server', host: 'server', description: 'selected' },
    ]);
  });

  test('all hosts marked when none is selected', () => {
    assert.deepEqual(hosts.hostChoices(['a'], '')[0], { label: 'all hosts', host: '', description: 'selected' });
  });

  test('a selected host the server does not know is still offered', () => {
    const choices = hosts.hostChoices(['a'], 'old-host');
    assert.deepEqual(choices.at(-1), { label: 'old-host', host: 'old-host', description: 'selected' });
  });
});

describe('fallback input box', () => {
  test('trims; blank means all hosts', () => {
    assert.equal(hosts.hostFromInput('  desktop '), 'desktop');
    assert.equal(hosts.hostFromInput('   '), '');
  });

  test('rejects spaces and quotes inside a name', () => {
    assert.equal(hosts.validateHostInput('desktop'), undefined);
    assert.equal(hosts.validateHostInput(' desktop '), undefined);
    assert.equal(hosts.validateHostInput(''), undefined);
    assert.match(hosts.validateHostInput('my host'), /no spaces/);
    assert.match(hosts.validateHostInput('"a"'), /no spaces or quotes/);
  });

  test('the request name', () => {
    assert.equal(hosts.LIST_HOSTS_METHOD, 'qg/listHosts');
  });
});
