import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StoredMail {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

/** Development mail without a server: each message a JSON file in DATA_DIR/mailbox, newest listed first. */
export class Mailbox {
  constructor(private readonly directory: string) {}

  async store(mail: Omit<StoredMail, 'id' | 'createdAt'>): Promise<StoredMail> {
    await mkdir(this.directory, { recursive: true });
    const createdAt = new Date().toISOString();
    const stored = { id: `${createdAt.replace(/[-:.]/g, '')}-${randomUUID()}`, ...mail, createdAt };
    const file = path.join(this.directory, `${stored.id}.json`);
    await writeFile(`${file}.tmp`, JSON.stringify(stored, null, 2), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
    return stored;
  }

  async list(limit = 100): Promise<StoredMail[]> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    const newest = names
      .filter((name) => name.endsWith('.json'))
      .sort()
      .reverse()
      .slice(0, limit);
    return Promise.all(newest.map(async (name) => JSON.parse(await readFile(path.join(this.directory, name), 'utf8')) as StoredMail));
  }

  async read(id: string): Promise<StoredMail | undefined> {
    if (!/^[\w-]+$/.test(id)) return undefined;
    const content = await readFile(path.join(this.directory, `${id}.json`), 'utf8').catch(() => undefined);
    return content ? (JSON.parse(content) as StoredMail) : undefined;
  }
}
