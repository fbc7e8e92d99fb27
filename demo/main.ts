import '../components/define.ts';
import principals from 'virtual:demo-users';
import sampleKeys from '../mock-server/catalog/sample-keys.json';

const marketplace = document.querySelector('integration-marketplace')!;
const settings = document.querySelector('integration-settings')!;
const userSelect = document.querySelector<HTMLSelectElement>('#user')!;
const themeSelect = document.querySelector<HTMLSelectElement>('#theme')!;
const log = document.querySelector<HTMLOListElement>('#log')!;

// Who is signed in: picked by user id in the URL; the token itself is never stored anywhere.
for (const p of principals) userSelect.append(new Option(`${p.displayName} — ${p.workspaceId}`, p.userId));
const params = new URLSearchParams(location.search);

function signIn(userId: string): void {
  const principal = principals.find((p) => p.userId === userId) ?? principals[0]!;
  userSelect.value = principal.userId;
  for (const element of [marketplace, settings]) {
    element.token = principal.token;
    element.workspace = principal.workspaceId;
  }
  void marketplace.refresh();
  void settings.refresh();
}

userSelect.addEventListener('change', () => {
  params.set('user', userSelect.value);
  history.replaceState(null, '', `?${params}`);
  signIn(userSelect.value);
});
signIn(params.get('user') ?? 'alice');

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
const EVENTS = ['ik-connect-request', 'ik-connection-saved', 'ik-connection-tested', 'ik-connection-removed', 'ik-error', 'ik-close-request'];
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
