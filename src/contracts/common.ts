import { z } from 'zod';

export const IdParams = z.object({ id: z.uuid() });

export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });

/** RFC 9457 problem details; extension members (such as `currentStatus`) pass through. */
export const ProblemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' });

export const page = <Item extends z.ZodType>(item: Item) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Plain text from a person: trimmed, bounded, no control characters (newlines and tabs allowed). */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !/[^\P{Cc}\t\n\r]/u.test(value), 'Remove the control characters (invisible codes) from this text');

/** The largest value of a PostgreSQL `integer` (int4) column: amounts and counts bound for one stop here. */
export const INT4_MAX = 2_147_483_647;

/** A whole number from a query string, within what its int4 column can compare against. */
export const queryInteger = (min: number, max = INT4_MAX) => z.coerce.number().int().min(min).max(max);

/** One line of text from a machine or a search box: bounded, no control characters at all. */
export const lineText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !/\p{Cc}/u.test(value), 'Use letters, digits and punctuation only: no control characters such as line breaks');

/**
 * The dates both PostgreSQL and JavaScript write and read as ISO text (PostgreSQL has no year 0,
 * JavaScript writes years past 9999 with six digits), kept a day inside so that a date taken as
 * midnight in any time zone (Kampala's too) still lands within them.
 */
const EARLIEST_DATE = '0001-01-02';
const LATEST_DATE = '9999-12-30';
const DATE_RANGE_MESSAGE = `Use a date from ${EARLIEST_DATE} to ${LATEST_DATE}`;
const EARLIEST_INSTANT = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);
const LATEST_INSTANT = Date.parse(`${LATEST_DATE}T23:59:59.999Z`);

/** True when `date` (a parseable instant) lies within EARLIEST_DATE..LATEST_DATE. */
function withinDateRange(date: Date): boolean {
  const time = date.getTime();
  return time >= EARLIEST_INSTANT && time <= LATEST_INSTANT;
}

/** An ISO calendar date, YYYY-MM-DD, within EARLIEST_DATE..LATEST_DATE. */
export const IsoDate = (message = 'Use a date written YYYY-MM-DD') =>
  z.iso.date(message).refine((date) => date >= EARLIEST_DATE && date <= LATEST_DATE, DATE_RANGE_MESSAGE);

/** An ISO date-time with its offset (or Z), within EARLIEST_DATE..LATEST_DATE. */
export const IsoDateTime = (message = 'Use a date and time such as 2026-03-01T08:00:00+03:00') =>
  z.iso.datetime({ offset: true, message }).refine((value) => withinDateRange(new Date(value)), DATE_RANGE_MESSAGE);

/** `?limit=` (default 20, max 100) and an opaque `?cursor=` the list itself encodes. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});

/** Paging by the last item's id (the list's order is stable, so the id is cursor enough). */
export const KeysetPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.uuid('Not a cursor from this list').optional(),
});
