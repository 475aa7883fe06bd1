import pino, { type DestinationStream, type Logger } from 'pino';
import { failedStatementOf } from './db-errors.js';

/** Paths whose values never reach a log line, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.consumer_secret',
  '*.consumerSecret',
  '*.nin',
  '*.ninNumber',
  '*.email',
  '*.phone',
];

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Query-string values never logged: credentials (SSE's ?access_token=) and what people search for (names, emails, phones). */
const REDACTED_QUERY = /([?&](?:access_token|token|search|email|phone)=)[^&#]*/gi;

/** Fastify's request serializer, minus the query-string values above. */
function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: request.url.replace(REDACTED_QUERY, '$1[redacted]'),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** pino's error serializer, except that a failed database statement is logged by its code and names alone. */
function serializeError(error: unknown): unknown {
  return failedStatementOf(error) ?? pino.stdSerializers.err(error as Error);
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, req: serializeRequest },
    },
    destination,
  );
}
