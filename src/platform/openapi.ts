import { z } from 'zod';
import { ProblemSchema } from '../contracts/common.js';

/** How the OpenAPI document describes a refusal: every 4xx and 5xx of every route is problem+json. */
export const problemResponse = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: ProblemSchema } },
};

const responseIn = <Schema extends z.ZodType>(description: string, mediaTypes: readonly string[], schema: Schema) => ({
  description,
  content: Object.fromEntries(mediaTypes.map((mediaType) => [mediaType, { schema }])),
});

/** A documented answer of text that is not JSON (HTML, server-sent events), in the given media types. */
export const textResponse = (description: string, mediaTypes: readonly string[]) => responseIn(description, mediaTypes, z.string());

/** A documented answer of bytes (a file), in the given media types. */
export const fileResponse = (description: string, mediaTypes: readonly string[]) =>
  responseIn(description, mediaTypes, z.custom<Buffer>((value) => Buffer.isBuffer(value)).meta({ type: 'string', format: 'binary' }));

/** A 202 or 204: no body at all (sent as `send(undefined)`; a `null` would go out as JSON on a 202). */
export const noContent = z.null().optional();
