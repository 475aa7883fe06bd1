import type { z } from 'zod';

/** The API's list shape: `{items, nextCursor}`; `nextCursor` is null on the last page. */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/**
 * Builds a page from `limit + 1` rows read in a stable order: the extra row only says that more
 * follow, and the last returned row's id is the cursor for the next page.
 */
export function keysetPage<Row, Item>(rows: Row[], limit: number, idOf: (row: Row) => string, toItem: (row: Row) => Item): Page<Item> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { items: shown.map(toItem), nextCursor: rows.length > limit && last ? idOf(last) : null };
}

/** An opaque cursor for lists ordered by several columns: the last item's sort key, base64url JSON. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key inside a cursor from `encodeCursor` when it fits `key` (bounds included), or undefined for anything else. */
export function decodeCursor<Key extends z.ZodType>(cursor: string, key: Key): z.output<Key> | undefined {
  try {
    const parsed = key.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
