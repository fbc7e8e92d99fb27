/**
 * Every request the server makes from catalog data (credential tests, OAuth token, refresh,
 * revoke and account calls) goes out through `egressFetch`: public addresses only, and no
 * redirects followed. A catalog row names its URLs, and platform admins edit rows: without
 * this, a row could make the server call its own loopback, the cloud metadata service or the
 * private network, and read what it learns back through the test result.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

/** Loopback: allowed only when the setting says so (the simulated upstream lives there). */
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Never a destination: private, shared, link-local (metadata), unspecified, multicast, reserved, documentation. */
const forbidden = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 one carries (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible, NAT64 `64:ff9b::`), if any. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const match = /^(?:::ffff:(?:0:)?|::|64:ff9b::)([0-9a-f.:]+)$/.exec(lower);
  if (!match) return undefined;
  const tail = match[1]!;
  if (isIP(tail) === 4) return tail;
  const groups = tail.split(':');
  if (groups.length !== 2 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const [high, low] = groups.map((g) => parseInt(g, 16)) as [number, number];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export type AddressVerdict = 'public' | 'loopback' | 'forbidden';

/** What kind of destination an IP address (v4 or v6, no brackets) is. Anything unparseable is forbidden. */
export function classifyAddress(address: string): AddressVerdict {
  const family = isIP(address);
  if (family === 0) return 'forbidden';
  if (family === 6) {
    const inner = embeddedIpv4(address);
    if (inner !== undefined) return classifyAddress(inner);
    if (loopback.check(address, 'ipv6')) return 'loopback';
    return forbidden.check(address, 'ipv6') ? 'forbidden' : 'public';
  }
  if (loopback.check(address, 'ipv4')) return 'loopback';
  return forbidden.check(address, 'ipv4') ? 'forbidden' : 'public';
}

export interface EgressOptions {
  /** Whether loopback destinations are allowed (the simulated upstream and OAuth provider); never private ones. */
  allowLoopback: boolean;
  /** Name resolution (tests give their own); node:dns by default. */
  lookup?: LookupFunction;
}

/** A refused destination. Its message names the kind of address, never the URL (it may carry a key). */
export class EgressRefused extends Error {
  override name = 'EgressRefused';
  readonly code = 'EGRESS_REFUSED';
  constructor(verdict: Exclude<AddressVerdict, 'public'>) {
    super(`Refused to connect to a ${verdict === 'loopback' ? 'loopback' : 'private or reserved'} address.`);
  }
}

const allowed = (verdict: AddressVerdict, options: EgressOptions) => verdict === 'public' || (verdict === 'loopback' && options.allowLoopback);

/**
 * Resolves a name and refuses it when any address it resolves to is not allowed. It runs inside
 * the connection attempt (undici's connector calls it), so the address checked is the address
 * connected to: a name that resolves elsewhere the next time (DNS rebinding) gains nothing.
 */
function guardedLookup(options: EgressOptions): LookupFunction {
  const resolve = options.lookup ?? (dnsLookup as LookupFunction);
  return (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list: LookupAddress[] = Array.isArray(addresses) ? addresses : [{ address: addresses, family: isIP(addresses) }];
      for (const { address } of list) {
        const verdict = classifyAddress(address);
        if (!allowed(verdict, options)) return callback(Object.assign(new EgressRefused(verdict as Exclude<AddressVerdict, 'public'>), { errno: 0, syscall: 'lookup', hostname: '' }), '', 0);
      }
      if (lookupOptions.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** A URL's host as an IP address, if it is one (the WHATWG parser has already turned decimal, hex and octal IPv4 into dotted form). */
function literalAddress(url: URL): string | undefined {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) ? host : undefined;
}

/**
 * fetch() for requests built from catalog data: http(s) only, public destinations only (checked
 * on the address connected to), and redirects never followed: a 3xx comes back as it is, so an
 * OAuth token request cannot be re-posted, with its client secret and code, to another host.
 */
export function egressFetch(options: EgressOptions): typeof fetch {
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(options) } });
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('fetch failed', { cause: Object.assign(new Error('Only http and https are allowed.'), { code: 'EGRESS_REFUSED' }) });
    const literal = literalAddress(url);
    if (literal !== undefined) {
      // No name to resolve, so the connector's lookup would never see it: checked here.
      const verdict = classifyAddress(literal);
      if (!allowed(verdict, options)) throw new TypeError('fetch failed', { cause: new EgressRefused(verdict as Exclude<AddressVerdict, 'public'>) });
    }
    const body = request.body === null ? null : await request.arrayBuffer();
    const response = await undiciFetch(request.url, {
      method: request.method,
      headers: [...request.headers],
      body,
      redirect: 'manual',
      signal: init?.signal ?? request.signal,
      dispatcher,
    });
    return response as unknown as Response;
  }) as typeof fetch;
}
