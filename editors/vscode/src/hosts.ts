// The selected host: what the status bar shows and what the host picker offers.
// No `vscode` import, so the unit tests run it under plain Node.

/**
 * Custom request to the server: params none, result `string[]`, the names of the hosts
 * (`nixosConfigurations.<name>`) of the flake(s) in the workspace. A server that does not
 * implement it answers MethodNotFound, and the picker falls back to a text input.
 */
export const LIST_HOSTS_METHOD = 'qg/listHosts';

/** How long the picker waits for `qg/listHosts` before asking for a name instead. */
export const LIST_HOSTS_TIMEOUT_MS = 5000;

/** What `qg.host` = "" means. */
export const ALL_HOSTS = 'all hosts';

/** The status bar text: `qg: <host>` or `qg: all hosts`. */
export function statusBarText(host: string): string {
  return `qg: ${host === '' ? ALL_HOSTS : host}`;
}

export function statusBarTooltip(host: string): string {
  const scope = host === '' ? 'every host of the flake' : `host "${host}"`;
  return `qg checks ${scope}. Click to select another host.`;
}

/**
 * The result of `qg/listHosts` as a sorted list without duplicates or empty names, or
 * `undefined` when it is not a list of strings (then the picker asks for a name instead:
 * a malformed answer should not leave the user without a way to choose).
 */
export function parseHostList(result: unknown): string[] | undefined {
  if (!Array.isArray(result) || !result.every((item) => typeof item === 'string')) {
    return undefined;
  }
  const names = new Set((result as string[]).map((name) => name.trim()).filter((name) => name !== ''));
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** One entry of the host quick pick; `host` is the value stored in `qg.host`. */
export interface HostChoice {
  label: string;
  description?: string;
  host: string;
}

/** "all hosts" first, then the hosts; the current choice is marked. */
export function hostChoices(hosts: readonly string[], current: string): HostChoice[] {
  const choices: HostChoice[] = [{ label: ALL_HOSTS, host: '' }, ...hosts.map((host) => ({ label: host, host }))];
  // A host set by hand that the server does not know still shows up, so the user sees it.
  if (current !== '' && !hosts.includes(current)) {
    choices.push({ label: current, host: current });
  }
  for (const choice of choices) {
    if (choice.host === current) choice.description = 'selected';
  }
  return choices;
}

/** The host typed into the fallback input box; empty or blank means all hosts. */
export function hostFromInput(text: string): string {
  return text.trim();
}

/** Validation for the fallback input box: host names are Nix attribute names, one line. */
export function validateHostInput(text: string): string | undefined {
  return /[\s"]/.test(text.trim()) ? 'A host name has no spaces or quotes' : undefined;
}
