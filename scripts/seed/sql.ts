/**
 * SQL text builders for set-based seeding. Every random choice is a hash of (row index, salt, seed),
 * so the same seed gives the same rows whatever the plan, chunking or parallelism; nothing calls random().
 */

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** A constant text[]; the planner folds it once, so it costs nothing per row. */
export const textArray = (values: readonly string[]) => `ARRAY[${values.map(quote).join(',')}]::text[]`;
export const intArray = (values: readonly number[]) => `ARRAY[${values.map((value) => String(Math.trunc(value))).join(',')}]::int[]`;
export const literal = quote;

export interface Dice {
  /** Uniform in [0, 1) for this row index and salt. */
  chance(index: string, salt: number): string;
  /** Integer in [low, high], both included. */
  between(index: string, salt: number, low: number, high: number): string;
  /** One element of a SQL array expression, uniformly. */
  pick(array: string, index: string, salt: number): string;
}

const MAX_SAFE = 2 ** 53;

export function dice(seed: number): Dice {
  const chance = (index: string, salt: number) =>
    `((hashint8extended((${index})::bigint, ${seed * 1000 + salt}) & ${MAX_SAFE - 1})::float8 / ${MAX_SAFE}.0)`;
  return {
    chance,
    between: (index, salt, low, high) => `(${low} + floor(${chance(index, salt)} * ${high - low + 1})::int)`,
    pick: (array, index, salt) => `(${array})[1 + floor(${chance(index, salt)} * cardinality(${array}))::int]`,
  };
}

/**
 * A deterministic uuid for the `index`-th row of `kind` under this seed: an md5 with the version (4)
 * and variant (8) nibbles set, so it passes the API's RFC 4122 uuid checks like gen_random_uuid()'s.
 */
export const seededUuid = (seed: number, kind: string, index: string) =>
  `overlay(overlay(md5(${quote(`${seed}:${kind}:`)} || (${index})) placing '4' from 13 for 1) placing '8' from 17 for 1)::uuid`;
