import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config';
import { cut, logError, MESSAGE_CHARS } from './log-error-serializer';

/**
 * JSON logs: a line per request (not /health) with its id, at info whatever its status, and
 * a line per server error with the same id (Nest's ExceptionsHandler, at error). No body, no
 * SQL parameter, no secret header reaches the log.
 */
export function httpLoggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      // Request ids come from Fastify (create-app.ts). Health probes would drown the log.
      // Fastify's middleware layer trims url to the mount point; originalUrl is the path asked for.
      autoLogging: {
        ignore: (request) => (request as { originalUrl?: string }).originalUrl?.split('?')[0] === '/health',
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      hooks: {
        // A line's message is cut short too; pino would take an error's whole message.
        logMethod(args, method) {
          const [first, ...rest] = args.map((arg) =>
            typeof arg === 'string' ? cut(arg, MESSAGE_CHARS) : arg,
          );
          const error = (first as { err?: unknown } | undefined)?.err;
          // Nest's handler logs { err } alone, leaving the message to pino.
          if (error instanceof Error && rest.every((arg) => arg === undefined))
            return method.call(this, first as object, cut(error.message, MESSAGE_CHARS));
          return method.apply(this, [first, ...rest] as Parameters<typeof method>);
        },
      },
      serializers: {
        err: logError,
        // The status says what happened; the response headers are the same on every line.
        res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
      },
    },
  };
}
