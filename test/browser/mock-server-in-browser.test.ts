import { expect } from '@open-wc/testing';
import { createApp } from '../../mock-server/app.ts';
import { parseCatalog } from '../../mock-server/data/catalog-repo.ts';
import { IdbStore } from '../../mock-server/store/idb-store.ts';
import { StoreConflictError } from '../../mock-server/store/store.ts';
import { generateEncryptionKey, Vault } from '../../mock-server/vault.ts';

/** Everything IndexedDB holds for a database, as one string. */
async function dumpDatabase(name: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const values = await new Promise<unknown[]>((resolve, reject) => {
    const request = db.transaction('documents').objectStore('documents').getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return JSON.stringify(values);
}

describe('the mock server inside a browser (IndexedDB store)', () => {
  const dbName = `ik-test-${crypto.randomUUID()}`;
  const key = 'sk-proj-demo0123456789abcdefghijklmnopqrstuvwxyz';
  let app: ReturnType<typeof createApp>;

  before(async () => {
    const catalog = (await (await fetch('/mock-server/catalog/providers.json')).json()) as { providers: unknown[] };
    const principals = await (await fetch('/mock-server/config/dev-principals.json')).json();
    app = createApp({
      store: new IdbStore(dbName),
      vault: await Vault.fromBase64(generateEncryptionKey()),
      principals,
      catalogSeed: parseCatalog(catalog.providers, 'providers.json'),
      platformKeys: { openai: { apiKey: 'sk-platform-demo-key-0000000000000000' } },
    });
  });

  // idb-keyval keeps its connection open, so the deletion completes once the page goes away.
  after(() => {
    indexedDB.deleteDatabase(dbName);
  });

  const call = (method: string, path: string, body?: unknown) =>
    app.fetch(
      new Request(`http://in-browser/api/integrations${path}`, {
        method,
        headers: { authorization: 'Bearer demo-acme-admin', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : null,
      }),
    );

  it('saves, tests (against the in-process fake upstream) and lists a connection', async () => {
    const saved = await call('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: key } });
    expect(saved.status).to.equal(201);
    const body = await saved.json();
    expect(body.test.outcome).to.equal('valid');
    expect(body.connection.status).to.equal('active');
    expect(body.connection.credentialPreview.apiKey.last4).to.equal('wxyz');

    const list = await (await call('GET', '/provider-connections?workspaceId=acme')).json();
    expect(list.connections.map((c: { provider: string }) => c.provider)).to.deep.equal(['openai']);
  });

  it('reports a rejected key from the in-process fake upstream', async () => {
    const saved = await call('POST', '/provider-connections', { workspaceId: 'acme', provider: 'anthropic', credentialPayload: { apiKey: 'sk-ant-api03-invalid0123456789abcdefghijklmnop' } });
    const body = await saved.json();
    expect(body.test.outcome).to.equal('invalid');
    expect(body.connection.status).to.equal('error');
  });

  it('keeps only ciphertext in IndexedDB', async () => {
    const everything = await dumpDatabase(dbName);
    expect(everything).to.include('A256GCM');
    expect(everything).not.to.include(key);
    expect(everything).not.to.include(btoa(key).slice(4, -4));
  });

  it('answers contract errors the same way as under Node', async () => {
    const response = await call('POST', '/provider-connections', { workspaceId: 'acme', provider: 'openai', credentialPayload: { apiKey: 'nope' } });
    expect(response.status).to.equal(400);
    const body = await response.json();
    expect(body.error.code).to.equal('validation_failed');
    expect(Object.keys(body.error.fields)).to.deep.equal(['credentialPayload.apiKey']);
  });
});

describe('IdbStore conditional batches', () => {
  const dbName = `ik-cas-${crypto.randomUUID()}`;
  after(() => {
    indexedDB.deleteDatabase(dbName);
  });

  it('write only when the expected value holds, and otherwise write nothing', async () => {
    const store = new IdbStore(dbName);
    await store.batch([{ key: 'v', value: 1 }, { key: 'doc', value: 'first' }], [{ key: 'v', equals: undefined }]);
    let conflict: unknown;
    await store.batch([{ key: 'v', value: 2 }, { key: 'doc', value: 'lost' }], [{ key: 'v', equals: 5 }]).catch((error: unknown) => (conflict = error));
    expect(conflict).to.be.instanceOf(StoreConflictError);
    expect(await store.get('doc')).to.equal('first');
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => store.batch([{ key: 'v', value: 2 }], [{ key: 'v', equals: 1 }]).then(() => 'won', () => 'lost')),
    );
    expect(outcomes.filter((o) => o === 'won')).to.have.length(1);
    expect(await store.get('v')).to.equal(2);
  });
});

describe('SVG logo check in the in-browser mock server (the browser parses the XML)', () => {
  it('accepts a picture and refuses scripts, styles, foreign content and outside links', async () => {
    const { svgLogoProblem } = await import('../../mock-server/util/svg-check.ts');
    const svg = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">${inner}</svg>`;
    expect(await svgLogoProblem(svg('<title>A</title><path fill="#000" d="M0 0h24v24H0z"/>'))).to.equal(undefined);
    expect(await svgLogoProblem(svg('<script>alert(1)</script>'))).to.match(/<script>/);
    expect(await svgLogoProblem(svg('<style>*{}</style>'))).to.match(/<style>/);
    expect(await svgLogoProblem(svg('<path d="M0 0" onclick="x()"/>'))).to.match(/onclick/);
    expect(await svgLogoProblem(svg('<use href="https://evil.example/a.svg#x"/>'))).to.match(/link only within itself/);
    expect(await svgLogoProblem(svg('<![CDATA[x]]>'))).to.match(/CDATA/);
    expect(await svgLogoProblem('<svg><path>')).to.match(/well-formed/);
  });
});
