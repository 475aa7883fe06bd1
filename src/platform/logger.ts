import pino, { type DestinationStream, type Logger } from 'pino';

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

/** Fastify's request serializer, minus credentials carried in the query string (e.g. SSE's ?access_token=). */
function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: request.url.replace(/([?&](?:access_token|token)=)[^&#]*/gi, '$1[redacted]'),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err, req: serializeRequest },
    },
    destination,
  );
}
