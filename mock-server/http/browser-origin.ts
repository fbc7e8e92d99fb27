import { LOOPBACK_HOSTS } from '../app-paths.ts';
import { ConfigError } from '../vault.ts';

/**
 * Where browsers reach this server's API: its own address, and the origin of a host that
 * proxies /api/integrations through its own origin (IK_PUBLIC_ORIGIN).
 */
export interface BrowserOrigins {
  own: string;
  publicOrigin?: string | undefined;
}

/** IK_PUBLIC_ORIGIN: an http(s) origin and nothing more (the host proxies the same paths). */
export function parsePublicOrigin(raw: string | undefined, name: string): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  const plain = url && (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && url.pathname === '/' && !url.search && !url.hash;
  // The value is not repeated: a URL with credentials in it would print them.
  if (!plain) throw new ConfigError(`${name} must be the origin browsers use to reach this server through a proxy, like https://app.example.com (http or https, a host and an optional port, no path).`);
  return url!.origin;
}

/** Every origin a browser may see the API at: the server's own, its loopback aliases, the public one. */
export function apiOrigins({ own, publicOrigin }: BrowserOrigins): string[] {
  const url = new URL(own);
  const port = url.port ? `:${url.port}` : '';
  const aliases = LOOPBACK_HOSTS.includes(url.hostname) ? LOOPBACK_HOSTS.map((host) => `${url.protocol}//${host}${port}`) : [];
  return [...new Set([url.origin, ...aliases, ...(publicOrigin ? [publicOrigin] : [])])];
}

/**
 * The origin the asking browser sees the API at, always one of apiOrigins (a header only picks
 * among them): a same-origin page's Origin header, which a proxy passes on even when it rewrites
 * Host; else the host the request was sent to (the public origin by host alone, as a proxy that
 * ends TLS forwards plain http); else the server's own origin.
 */
export function browserOrigin(origins: BrowserOrigins, request: Request): string {
  const known = apiOrigins(origins);
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (origin && (site === null || site === 'same-origin') && known.includes(origin)) return origin;
  const seen = new URL(request.url);
  const byHost = known.find((candidate) => {
    const url = new URL(candidate);
    return url.host === seen.host && (url.protocol === seen.protocol || candidate === origins.publicOrigin);
  });
  return byHost ?? known[0]!;
}

const ipOrSingleLabel = (host: string) => host.startsWith('[') || /^[\d.]+$/.test(host) || !host.includes('.');

/**
 * The origin of the page that sent this request when that page is on another site than
 * `apiOrigin`, else undefined. The browser says so itself in Sec-Fetch-Site; where it sends none
 * (plain http beyond loopback), the Origin header's host is compared, and only a sure difference
 * counts: another IP address or single-label name (localhost), or other last two labels.
 */
export function crossSitePage(request: Request, apiOrigin: string): string | undefined {
  const header = request.headers.get('origin');
  const parsed = header && URL.canParse(header) ? new URL(header).origin : 'null';
  const origin = parsed === 'null' ? undefined : parsed;
  const page = origin ?? (header === 'null' ? 'a sandboxed page' : 'another site');
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'cross-site' ? page : undefined;
  if (header === 'null') return page;
  if (!origin) return undefined; // not a browser
  const pageHost = new URL(origin).hostname;
  const apiHost = new URL(apiOrigin).hostname;
  if (pageHost === apiHost) return undefined;
  if (ipOrSingleLabel(pageHost) || ipOrSingleLabel(apiHost)) return origin;
  const lastTwo = (host: string) => host.split('.').slice(-2).join('.');
  return lastTwo(pageHost) === lastTwo(apiHost) ? undefined : origin;
}
