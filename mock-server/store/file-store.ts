import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from './store.ts';

const SUFFIX = '.json';
const TEMP_MARKER = '.tmp-';

/** What a file holds: its key (file names are hashes) and the document. */
interface Envelope {
  key: string;
  value: unknown;
}

/**
 * One JSON file per key, named by a hash of the key: fixed length whatever the key, and no
 * collisions on case-insensitive file systems. Writes go to a temp file that is fsynced and
 * then renamed over the target, so a crash leaves the old or the new file, never half of one.
 */
export class FileStore implements Store {
  private ready: Promise<void> | undefined;

  constructor(readonly directory: string) {}

  private init(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.directory, { recursive: true, mode: 0o700 });
      // Leftovers of writes interrupted by a crash are never valid data.
      for (const name of await readdir(this.directory)) {
        if (name.includes(TEMP_MARKER)) await rm(join(this.directory, name), { force: true });
      }
    })();
    return this.ready;
  }

  /** The file that holds `key`. */
  pathFor(key: string): string {
    return join(this.directory, createHash('sha256').update(key).digest('hex').slice(0, 40) + SUFFIX);
  }

  private async read(path: string): Promise<Envelope | undefined> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as Envelope;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    await this.init();
    const envelope = await this.read(this.pathFor(key));
    return envelope?.key === key ? (envelope.value as T) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.init();
    const target = this.pathFor(key);
    const temp = `${target}${TEMP_MARKER}${crypto.randomUUID()}`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify({ key, value } satisfies Envelope));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
    await this.syncDirectory();
  }

  async delete(key: string): Promise<void> {
    await this.init();
    await rm(this.pathFor(key), { force: true });
    await this.syncDirectory();
  }

  async keys(prefix = ''): Promise<string[]> {
    await this.init();
    const names = (await readdir(this.directory)).filter((name) => name.endsWith(SUFFIX) && !name.includes(TEMP_MARKER));
    const envelopes = await Promise.all(names.map((name) => this.read(join(this.directory, name))));
    return envelopes.flatMap((e) => (e && e.key.startsWith(prefix) ? [e.key] : []));
  }

  /** Makes the rename itself durable. */
  private async syncDirectory(): Promise<void> {
    const dir = await open(this.directory, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
