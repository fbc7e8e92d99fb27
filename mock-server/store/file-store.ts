import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkExpectations, isDelete, KeyedLock, type Store, type StoreExpectation, type StoreWrite } from './store.ts';

const SUFFIX = '.json';
const JOURNAL_SUFFIX = '.journal';
const TEMP_MARKER = '.tmp-';
/** Files read or written at once (a workspace of 10,000 connections is 10,000 files). */
const READ_CONCURRENCY = 64;

/** What a file holds: its key (file names are hashes) and the document. */
interface Envelope {
  key: string;
  value: unknown;
}

/**
 * One JSON file per key, named by a hash of the key: fixed length whatever the key, and no
 * collisions on case-insensitive file systems. Writes go to a temp file that is fsynced and
 * then renamed over the target, so a crash leaves the old or the new file, never half of one.
 *
 * A batch of several writes is first written whole to a journal file (temp, fsync, rename);
 * then each write is applied and the journal deleted. A journal found at start-up belongs to a
 * batch a crash interrupted: it is applied again (its writes are whole values, so applying one
 * twice is harmless), so a crash leaves all of a batch or none of it.
 *
 * The names do not say the keys, so the first listing (`keys`, `entries`) reads every file once
 * to learn them; after that this instance keeps the set of keys up to date as it writes, and a
 * listing reads only the files of the keys asked for. That index assumes, as the rest of the
 * mock server does, that this process is the store's only writer.
 */
export class FileStore implements Store {
  readonly shared = false;
  private ready: Promise<void> | undefined;
  /** Every stored key, once a listing has read them all. */
  private index: Promise<Set<string>> | undefined;
  /** Conditional batches on the same key, one after another (this process is the only writer). */
  private readonly conditions = new KeyedLock();

  constructor(readonly directory: string) {}

  private init(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.directory, { recursive: true, mode: 0o700 });
      // Leftovers of writes interrupted by a crash are never valid data.
      for (const name of await readdir(this.directory)) {
        if (name.includes(TEMP_MARKER)) await rm(join(this.directory, name), { force: true });
      }
      for (const name of await readdir(this.directory)) {
        if (!name.endsWith(JOURNAL_SUFFIX)) continue;
        const path = join(this.directory, name);
        await this.apply(JSON.parse(await readFile(path, 'utf8')) as StoreWrite[]);
        await rm(path, { force: true });
        await this.syncDirectory();
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

  /** Writes `text` to `target` durably: temp file, fsync, rename (the directory is synced by the caller). */
  private async writeFileAtomically(target: string, text: string): Promise<void> {
    const temp = `${target}${TEMP_MARKER}${crypto.randomUUID()}`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.init();
    await this.writeFileAtomically(this.pathFor(key), JSON.stringify({ key, value } satisfies Envelope));
    await this.syncDirectory();
    await this.indexed([{ key, value }]);
  }

  async delete(key: string): Promise<void> {
    await this.init();
    await rm(this.pathFor(key), { force: true });
    await this.syncDirectory();
    await this.indexed([{ key, delete: true }]);
  }

  /** Keeps the key index (if there is one yet) in step with writes that reached the disk. */
  private async indexed(writes: StoreWrite[]): Promise<void> {
    if (!this.index) return;
    const keys = await this.index;
    for (const write of writes) {
      if (isDelete(write)) keys.delete(write.key);
      else keys.add(write.key);
    }
  }

  async batch(writes: StoreWrite[], expect?: readonly StoreExpectation[]): Promise<void> {
    if (!expect?.length) return this.write(writes);
    // Locks taken in key order, so two batches naming the same keys cannot wait on each other.
    const sorted = [...expect].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const run = (index: number): Promise<void> =>
      index < sorted.length
        ? this.conditions.run(sorted[index]!.key, () => run(index + 1))
        : checkExpectations(sorted, (key) => this.get(key)).then(() => this.write(writes));
    return run(0);
  }

  private async write(writes: StoreWrite[]): Promise<void> {
    await this.init();
    if (writes.length === 0) return;
    if (writes.length === 1) {
      const [write] = writes as [StoreWrite];
      return isDelete(write) ? this.delete(write.key) : this.set(write.key, write.value);
    }
    const journal = join(this.directory, `${crypto.randomUUID()}${JOURNAL_SUFFIX}`);
    await this.writeFileAtomically(journal, JSON.stringify(writes));
    await this.syncDirectory();
    await this.apply(writes);
    // Gone for good before the next batch: a stale journal applied later would undo newer writes.
    await rm(journal, { force: true });
    await this.syncDirectory();
    await this.indexed(writes);
  }

  /** Each write in place (files in parallel), then one directory sync for all the renames. */
  private async apply(writes: StoreWrite[]): Promise<void> {
    // The last write of a key wins, as it would one after another.
    const last = [...new Map(writes.map((write) => [write.key, write])).values()];
    for (let i = 0; i < last.length; i += READ_CONCURRENCY) {
      await Promise.all(
        last.slice(i, i + READ_CONCURRENCY).map((write) =>
          isDelete(write) ? rm(this.pathFor(write.key), { force: true }) : this.writeFileAtomically(this.pathFor(write.key), JSON.stringify({ key: write.key, value: write.value } satisfies Envelope)),
        ),
      );
    }
    await this.syncDirectory();
  }

  private async readAll(paths: string[]): Promise<Envelope[]> {
    const envelopes: Envelope[] = [];
    for (let i = 0; i < paths.length; i += READ_CONCURRENCY) {
      const read = await Promise.all(paths.slice(i, i + READ_CONCURRENCY).map((path) => this.read(path)));
      for (const envelope of read) if (envelope) envelopes.push(envelope);
    }
    return envelopes;
  }

  /** Every key, read from every file the first time (and the envelopes read then, to spare a second read). */
  private async allKeys(): Promise<{ keys: Set<string>; envelopes?: Envelope[] }> {
    if (this.index) return { keys: await this.index };
    let envelopes: Envelope[] | undefined;
    this.index = (async () => {
      const names = (await readdir(this.directory)).filter((name) => name.endsWith(SUFFIX) && !name.includes(TEMP_MARKER));
      envelopes = await this.readAll(names.map((name) => join(this.directory, name)));
      return new Set(envelopes.map((e) => e.key));
    })();
    this.index.catch(() => (this.index = undefined));
    return { keys: await this.index, ...(envelopes && { envelopes }) };
  }

  async keys(prefix = ''): Promise<string[]> {
    await this.init();
    return [...(await this.allKeys()).keys].filter((key) => key.startsWith(prefix));
  }

  async entries<T>(prefix: string): Promise<[string, T][]> {
    await this.init();
    const { keys, envelopes } = await this.allKeys();
    const found = envelopes ?? (await this.readAll([...keys].filter((key) => key.startsWith(prefix)).map((key) => this.pathFor(key))));
    return found.flatMap((e): [string, T][] => (e.key.startsWith(prefix) ? [[e.key, e.value as T]] : []));
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
