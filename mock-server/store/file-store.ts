import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from './store.ts';

const SUFFIX = '.json';
const TEMP_MARKER = '.tmp-';

/**
 * One JSON file per key. Writes go to a temp file that is fsynced and then renamed over the
 * target, so a crash leaves either the old or the new file, never half of one.
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

  private path(key: string): string {
    return join(this.directory, encodeURIComponent(key) + SUFFIX);
  }

  async get<T>(key: string): Promise<T | undefined> {
    await this.init();
    try {
      return JSON.parse(await readFile(this.path(key), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.init();
    const target = this.path(key);
    const temp = `${target}${TEMP_MARKER}${crypto.randomUUID()}`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(value));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
    await this.syncDirectory();
  }

  async delete(key: string): Promise<void> {
    await this.init();
    await rm(this.path(key), { force: true });
    await this.syncDirectory();
  }

  async keys(prefix = ''): Promise<string[]> {
    await this.init();
    return (await readdir(this.directory))
      .filter((name) => name.endsWith(SUFFIX) && !name.includes(TEMP_MARKER))
      .map((name) => decodeURIComponent(name.slice(0, -SUFFIX.length)))
      .filter((key) => key.startsWith(prefix));
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
