import principals from 'virtual:demo-users';
import type { IkTokenExpiredEvent } from '../src/events/events.ts';
import sampleKeys from '../mock-server/catalog/sample-keys.json';

const userSelect = document.querySelector<HTMLSelectElement>('#user')!;
const themeSelect = document.querySelector<HTMLSelectElement>('#theme')!;
const log = document.querySelector<HTMLOListElement>('#log')!;

// Who is signed in: picked by user id in the URL. Like a real host, the page gets a
// short-lived session token from its own backend (npm start plays that part) and never
// stores it anywhere.
for (const p of principals) userSelect.append(new Option(`${p.displayName} — ${p.workspaceId}`, p.userId));
const params = new URLSearchParams(location.search);
const kitElements = () => document.querySelectorAll<HTMLElement & { token?: string; workspace: string }>('integration-marketplace, integration-settings, provider-catalog-editor');

async function sessionToken(userId: string): Promise<string> {
  const response = await fetch(`/demo/session?user=${encodeURIComponent(userId)}`);
  if (!response.ok) throw new Error(`Could not sign in as ${userId}`);
  return ((await response.json()) as { token: string }).token;
}

async function signIn(userId: string): Promise<void> {
  const principal = principals.find((p) => p.userId === userId) ?? principals[0]!;
  userSelect.value = principal.userId;
  const token = await sessionToken(principal.userId);
  for (const element of kitElements()) {
    element.workspace = principal.workspaceId;
    element.token = token;
  }
}

// A session token expired: answer with a fresh one and the element carries on.
document.addEventListener('ik-token-expired', (event) => (event as IkTokenExpiredEvent).detail.renew(sessionToken(userSelect.value)));

userSelect.addEventListener('change', () => {
  params.set('user', userSelect.value);
  history.replaceState(null, '', `?${params}`);
  void signIn(userSelect.value);
});
// Sign in first, then register the elements: their first request already carries the token.
await signIn(params.get('user') ?? 'alice');
await import('../components/define.ts');

// Theme: system / light / dark follow the kit's own designs; "brand" is a host re-skin via --ik-* tokens.
function applyTheme(theme: string): void {
  document.documentElement.dataset.theme = theme;
  themeSelect.value = theme;
}
themeSelect.addEventListener('change', () => {
  params.set('theme', themeSelect.value);
  history.replaceState(null, '', `?${params}`);
  applyTheme(themeSelect.value);
});
applyTheme(params.get('theme') ?? 'system');

// Sample keys, with copy buttons.
const keyList = document.querySelector('#sample-keys')!;
for (const [provider, fields] of Object.entries(sampleKeys as Record<string, Record<string, string>>)) {
  const item = document.createElement('li');
  const title = document.createElement('span');
  title.className = 'key-provider';
  title.textContent = provider;
  item.append(title);
  for (const [field, value] of Object.entries(fields)) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = value;
    button.title = `Copy ${provider} ${field}`;
    button.setAttribute('aria-label', `Copy ${provider} ${field}`);
    button.addEventListener('click', async () => {
      await navigator.clipboard.writeText(value);
      button.dataset.copied = 'true';
      setTimeout(() => delete button.dataset.copied, 1200);
    });
    item.append(button);
  }
  keyList.append(item);
}

// Event log: every ik-* event that reaches the document (they bubble and cross shadow roots).
const EVENTS = [
  'ik-connect-request',
  'ik-connection-saved',
  'ik-connection-tested',
  'ik-connection-removed',
  'ik-policy-changed',
  'ik-catalog-changed',
  'ik-token-expired',
  'ik-error',
  'ik-close-request',
];
for (const name of EVENTS) {
  document.addEventListener(name, (event) => {
    const { connection, ...detail } = (event as CustomEvent<Record<string, unknown>>).detail;
    const entry = document.createElement('li');
    const time = new Date().toLocaleTimeString();
    const status = (connection as { status?: string } | undefined)?.status;
    entry.innerHTML = `<span class="log-time"></span> <strong class="log-name"></strong><code class="log-detail"></code>`;
    entry.querySelector('.log-time')!.textContent = time;
    entry.querySelector('.log-name')!.textContent = name;
    entry.querySelector('.log-detail')!.textContent = JSON.stringify(status ? { ...detail, status } : detail);
    log.prepend(entry);
  });
}
document.querySelector('#clear-log')!.addEventListener('click', () => log.replaceChildren());
