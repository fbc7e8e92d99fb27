import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { classifyAddress, egressFetch } from '../../mock-server/http/egress.ts';
import { loadSampleKeys, loadSeedCatalog, startTestServer, TOKENS, type TestServer } from '../support/server.ts';

/** Why a fetch failed, as the tester reads it (the cause's code). */
async function refusal(fetcher: typeof fetch, url: string, init?: RequestInit): Promise<string | undefined> {
  try {
    const response = await fetcher(url, init);
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code ?? String(error);
  }
}

describe('egress: which addresses the server may call from catalog data', () => {
  it('tells public, loopback and forbidden addresses apart, in every family', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) assert.equal(classifyAddress(address), 'public', address);
    for (const address of ['127.0.0.1', '127.255.255.254', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::127.0.0.1', '64:ff9b::7f00:1']) assert.equal(classifyAddress(address), 'loopback', address);
    const forbidden = [
      '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '100.64.0.1', // private and shared
      '169.254.169.254', '169.254.0.1', 'fe80::1', 'fd00:ec2::254', // link-local, metadata (AWS v4 and v6)
      '0.0.0.0', '::', '224.0.0.1', 'ff02::1', '255.255.255.255', '240.0.0.1', // unspecified, multicast, reserved
      'fc00::1', 'fd12:3456::1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '::ffff:0:a9fe:a9fe', // unique-local, mapped
      'not-an-ip', '',
    ];
    for (const address of forbidden) assert.equal(classifyAddress(address), 'forbidden', address);
  });

  describe('egressFetch', () => {
    let server: Server;
    let port: number;
    let hits = 0;
    before(async () => {
      server = createServer((req, res) => {
        hits++;
        if (req.url === '/redirect') {
          res.writeHead(307, { location: `http://127.0.0.1:${port}/stolen` });
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('refuses loopback in every spelling when loopback is not allowed, before any byte reaches it', async () => {
      const strict = egressFetch({ allowLoopback: false });
      hits = 0;
      for (const host of ['127.0.0.1', '2130706433', '0x7f000001', '0177.0.0.1', '0x7f.1', '127.1', '[::1]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', 'localhost']) {
        assert.equal(await refusal(strict, `http://${host}:${port}/`), 'EGRESS_REFUSED', host);
      }
      assert.equal(hits, 0);
    });

    it('checks the address a name resolves to at connect time: a name that points at a forbidden address is refused', async () => {
      const answers: Record<string, string> = { 'metadata.test': '169.254.169.254', 'rebind.test': '127.0.0.1', 'intranet.test': '10.1.2.3' };
      const lookup = ((hostname: string, _options: unknown, callback: (error: Error | null, addresses: { address: string; family: number }[]) => void) =>
        callback(null, [{ address: answers[hostname] ?? '127.0.0.1', family: 4 }])) as never;
      const strict = egressFetch({ allowLoopback: false, lookup });
      for (const name of Object.keys(answers)) assert.equal(await refusal(strict, `http://${name}:${port}/`), 'EGRESS_REFUSED', name);
      // Loopback allowed (simulated mode): still never private or metadata addresses.
      const simulated = egressFetch({ allowLoopback: true, lookup });
      hits = 0;
      assert.equal(await refusal(simulated, `http://rebind.test:${port}/`), undefined);
      assert.equal(hits, 1);
      assert.equal(await refusal(simulated, `http://metadata.test:${port}/`), 'EGRESS_REFUSED');
      assert.equal(await refusal(simulated, `http://10.0.0.1:${port}/`), 'EGRESS_REFUSED');
      assert.equal(await refusal(simulated, `http://[fd00:ec2::254]:${port}/`), 'EGRESS_REFUSED');
    });

    it('refuses other schemes', async () => {
      assert.equal(await refusal(egressFetch({ allowLoopback: true }), 'file:///etc/passwd'), 'EGRESS_REFUSED');
    });

    it('never follows a redirect: the 3xx comes back, and the body is not re-posted elsewhere', async () => {
      const simulated = egressFetch({ allowLoopback: true });
      hits = 0;
      const response = await simulated(`http://127.0.0.1:${port}/redirect`, { method: 'POST', body: 'client_secret=s3cret&code=abc' });
      assert.equal(response.status, 307);
      assert.equal(hits, 1);
    });
  });
});

describe('egress from a server in live mode (loopback not allowed)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ upstreamMode: 'live' });
  });
  after(() => server.stop());

  it('a catalog row whose test points at loopback or the metadata address gets "unreachable", and nothing is called', async () => {
    for (const url of ['https://127.0.0.1:8443/v1/me', 'https://169.254.169.254/latest/meta-data/', 'https://[::ffff:127.0.0.1]:8443/x', 'https://2130706433:8443/x', 'https://localhost:8443/x', 'https://10.0.0.8/x']) {
      const key = `ssrf-${Math.random().toString(36).slice(2, 8)}`;
      const openai = (await loadSeedCatalog()).find((p) => p.key === 'openai')!;
      const created = await server.call('POST', '/providers', { token: TOKENS.platformAdmin, body: { ...openai, key, name: 'SSRF probe', verification: { ...openai.verification!, url } } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const saved = await server.call('POST', '/provider-connections', { token: TOKENS.acmeAdmin, body: { workspaceId: 'acme', provider: key, credentialPayload: (await loadSampleKeys()).openai } });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      const test = (saved.body as { test: { outcome: string; message: string } }).test;
      assert.equal(test.outcome, 'unreachable', url);
      assert.match(test.message, /^Not called: .*loopback, private or reserved address.*\(EGRESS_REFUSED\)\.$/);
    }
  });
});
