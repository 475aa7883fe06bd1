import DataLoader from 'dataloader';

/** Bounds one batched query's array (a burst of requests is split into several). */
const MAX_BATCH = 256;

/**
 * A load by key whose calls made in the same turn of the event loop share one query: at thousands
 * of requests a second the round trip, not the lookup, is what a read costs. Nothing is kept
 * between turns, so every load sees what was committed before it was made. Keys `loadMany` does
 * not return load as undefined.
 */
export function batchLoader<V>(loadMany: (keys: readonly string[]) => Promise<Map<string, V>>): (key: string) => Promise<V | undefined> {
  const loader = new DataLoader<string, V | undefined>(
    async (keys) => {
      const found = await loadMany(keys);
      return keys.map((key) => found.get(key));
    },
    { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
  );
  return (key) => loader.load(key);
}
