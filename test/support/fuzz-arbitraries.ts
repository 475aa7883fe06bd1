import fc from 'fast-check';

/** The slice of JSON Schema that @fastify/swagger writes for the app's Zod schemas. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)--',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(40),
];

/** The largest value of a PostgreSQL integer column, and numbers past it either way (as a query string or JSON sends them). */
const INT4_MAX = 2 ** 31 - 1;
export const pastInt4: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: INT4_MAX + 1, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -INT4_MAX - 2 }),
  fc.constantFrom(INT4_MAX + 1, 2 ** 32, 2 ** 53),
);

/** Text with at least one control character (C0, DEL or C1) somewhere in it, NUL included. */
export const controlText: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ maxLength: 12 }),
    fc.oneof(fc.constant('\u0000'), fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })),
    fc.string({ maxLength: 12 }),
  )
  .map(([before, control, after]) => `${before}${typeof control === 'number' ? String.fromCharCode(control) : control}${after}`);

const pad = (value: number, length: number) => String(value).padStart(length, '0');

const monthDay = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([month, day]) => `${pad(month, 2)}-${pad(day, 2)}`);

/**
 * Calendar dates PostgreSQL (no year 0) or JavaScript (six-digit years past 9999) cannot carry
 * through as ISO text: year 0000, the first and last days (0001-01-01 and 9999-12-31, which a time
 * zone pushes out), and the signed six-digit years either way.
 */
export const outOfRangeDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0000-01-01', '0000-12-31', '0001-01-01', '9999-12-31'),
  monthDay.map((rest) => `0000-${rest}`),
  fc.tuple(fc.integer({ min: 10_000, max: 275_000 }), monthDay).map(([year, rest]) => `+${pad(year, 6)}-${rest}`),
  fc.tuple(fc.integer({ min: 1, max: 271_000 }), monthDay).map(([year, rest]) => `-${pad(year, 6)}-${rest}`),
);

const FIRST_SAFE_INSTANT = Date.parse('0001-01-02T00:00:00Z');
const LAST_SAFE_INSTANT = Date.parse('9999-12-30T23:59:59.999Z');

/** ISO date-times on those dates, with offsets, that land outside the days both sides handle in every time zone. */
export const outOfRangeDateTime: fc.Arbitrary<string> = fc
  .tuple(
    outOfRangeDate,
    fc.constantFrom('00:00:00', '23:59:59', '12:00:00.000'),
    fc.constantFrom('Z', '+03:00', '-05:00', '+14:00', '-12:00'),
  )
  .map(([date, time, offset]) => `${date}T${time}${offset}`)
  .filter((value) => {
    const time = Date.parse(value);
    return Number.isNaN(time) || time < FIRST_SAFE_INSTANT || time > LAST_SAFE_INSTANT;
  });

/** The opaque cursors a job list encodes (base64url JSON of [startsAt, id]), holding dates and ids no list ever wrote. */
export const hostileCursor: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(outOfRangeDateTime, fc.constant('2026-01-01T00:00:00.000Z')),
    fc.oneof(fc.constant('-'.repeat(36)), fc.stringMatching(/^[0-9a-f-]{36}$/), fc.uuid(), fc.string({ maxLength: 40 })),
  )
  .filter(
    ([date, id]) =>
      date !== '2026-01-01T00:00:00.000Z' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id),
  )
  .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url'));

export interface BrokenMultipart {
  contentType: string;
  payload: string;
}

/** A multipart body a parser must refuse: no boundary in its Content-Type, or a body that never reaches its closing boundary. */
export const brokenMultipart: fc.Arbitrary<BrokenMultipart> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('multipart/form-data', 'multipart/form-data; charset=utf-8', 'multipart/form-data; boundary='),
      fc.string({ maxLength: 60 }),
    )
    .map(([contentType, payload]) => ({ contentType, payload })),
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z0-9]{1,30}$/),
      fc.constantFrom('file"; filename="id.png', 'docType', 'number'),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('', '\r\n', '\r\n--'),
    )
    .map(([boundary, name, value, tail]) => ({
      contentType: `multipart/form-data; boundary=${boundary}`,
      payload: `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}${tail}`,
    })),
);

/** Strings meant to break parsers and queries: injections, control characters, unicode, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  controlText,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', 'Ω≈ç√∫', '😀👩‍⚕️', '\uD800', 'ŽĆĐ', 'نص', '𝕏'),
  fc.integer({ min: 1_000, max: 200_000 }).map((length) => 'x'.repeat(length)),
);

/** Any JSON value, weighted towards the shapes validation code forgets. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

export const uuidLike: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
);

const KNOWN_FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: uuidLike,
  date: fc.oneof(
    {
      arbitrary: fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
      weight: 4,
    },
    outOfRangeDate,
  ),
  'date-time': fc.oneof(
    {
      arbitrary: fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString()),
      weight: 4,
    },
    outOfRangeDateTime,
  ),
  email: fc.emailAddress(),
};

/** A value that mostly fits `schema`, so requests get past validation into the handlers. */
export function fittingValue(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 1 });
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => fittingValue(alternative, depth + 1)));
  if (schema.allOf?.[0]) return fittingValue(schema.allOf[0], depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format && KNOWN_FORMATS[schema.format]) return KNOWN_FORMATS[schema.format]!;
      if (schema.pattern?.includes(':[0-5]')) return fc.constantFrom('08:00', '16:30', '00:00', '23:59', '24:00');
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 80) });
    case 'integer': {
      const fitting = fc.integer({
        min: Math.max(schema.minimum ?? -1_000, -(2 ** 31)),
        max: Math.min(schema.maximum ?? 1_000_000, 2 ** 31),
      });
      // Unbounded (or bounded past int4), a value may overflow the column it is compared with.
      return schema.maximum === undefined || schema.maximum > INT4_MAX ? fc.oneof({ arbitrary: fitting, weight: 3 }, pastInt4) : fitting;
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fittingValue(schema.items, depth + 1), { maxLength: Math.min(schema.maxItems ?? 5, 5) });
    case 'object':
      return fittingObject(schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

function fittingObject(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, fittingValue(property, depth + 1)]));
  const optional = Object.keys(properties).filter((name) => !required.has(name));
  return fc.record(record, { requiredKeys: [...required].filter((name) => name in properties) }).map((value) => {
    for (const name of optional) if (value[name] === undefined) delete value[name];
    return value as Record<string, unknown>;
  });
}

/** `schema`'s shape broken in one of the usual ways: a field of the wrong type, one missing, extras, or the wrong shape entirely. */
export function brokenValue(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const fitting = fittingValue(schema);
  const names = Object.keys(schema?.properties ?? {});
  const mutations: fc.Arbitrary<unknown>[] = [
    hostileValue,
    fc.array(fitting, { minLength: 1, maxLength: 2 }),
    fc
      .tuple(fitting, fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), hostileValue, { minKeys: 1, maxKeys: 4 }))
      .map(([value, extra]) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...extra, ...value } : extra)),
  ];
  if (names.length > 0) {
    const field = fc.constantFrom(...names);
    mutations.push(
      fc.tuple(fitting, field, hostileValue).map(([value, name, junk]) => ({ ...(value as object), [name]: junk })),
      fc.tuple(fitting, field).map(([value, name]) => {
        const copy = { ...(value as Record<string, unknown>) };
        delete copy[name];
        return copy;
      }),
    );
  }
  return fc.oneof(...mutations);
}
