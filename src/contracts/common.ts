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
