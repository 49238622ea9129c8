import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

/**
 * A client that goes away while sending its request (or is cut off as idle) makes reading the
 * body fail: that is not a server error, and there is no one left to answer. The request's
 * log line already says "request aborted". Every other error goes on to Nest's handling.
 */
@Catch()
export class ClientAbortFilter extends BaseExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest | undefined>();
    const aborted =
      (error as { code?: unknown } | undefined)?.code === 'ECONNRESET' && request?.raw.readableAborted;
    if (aborted) return;
    super.catch(error, host);
  }
}
