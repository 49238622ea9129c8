import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';

/** PostgreSQL's SQLSTATE for a statement cancelled, here by statement_timeout. */
const QUERY_CANCELED = '57014';

/**
 * A request whose query ran past the statement timeout gets 503, saying so: the database is
 * busy or the request too broad, and the client may narrow it or retry. Not a server fault to
 * log at error level; other database errors go on to Nest's handling.
 */
// Through TypeORM a failed query is a QueryFailedError; the list reads the pg pool directly.
@Catch(QueryFailedError, DatabaseError)
export class StatementTimeoutFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('StatementTimeout');

  override catch(error: QueryFailedError | DatabaseError, host: ArgumentsHost): void {
    const cause = error instanceof QueryFailedError ? (error.driverError as { code?: unknown }) : error;
    if (cause.code !== QUERY_CANCELED) return super.catch(error, host);
    // "canceling statement due to statement timeout", with the start of the query's text.
    this.logger.warn(error);
    host.switchToHttp().getResponse<FastifyReply>().status(503).send({
      statusCode: 503,
      error: 'Service Unavailable',
      message:
        'the database did not answer in time (VIGIL_STATEMENT_TIMEOUT_MS): narrow the request or try again',
    });
  }
}
