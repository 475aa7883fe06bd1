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

/** Strings meant to break parsers and queries: injections, control characters, unicode, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...INJECTIONS),
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
  date: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  'date-time': fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
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
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1_000, -(2 ** 31)), max: Math.min(schema.maximum ?? 1_000_000, 2 ** 31) });
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
    fc.tuple(fitting, fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), hostileValue, { minKeys: 1, maxKeys: 4 })).map(([value, extra]) =>
      typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...extra, ...value } : extra,
    ),
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
