import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { NUL_PROBLEM } from './json-body-parser';
import { findNulCharacter } from './nul-character';

/**
 * Checks on every request before its body is read: cheap, and each with a clear 4xx. In
 * preParsing, so that the request log (an onRequest middleware) records the refusal.
 */
export function registerRequestGuards(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    // Bodies are read as sent: a compressed one would otherwise fail as "not valid JSON".
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding && encoding !== 'identity')
      throw new UnsupportedMediaTypeException(
        `Content-Encoding '${encoding}' is not supported: send the body uncompressed`,
      );
    const queryNul = findNulCharacter(request.query);
    if (queryNul !== undefined) throw new BadRequestException(`query parameter ${queryNul} ${NUL_PROBLEM}`);
    const paramNul = findNulCharacter(request.params);
    if (paramNul !== undefined) throw new BadRequestException(`path parameter ${paramNul} ${NUL_PROBLEM}`);
    return payload;
  });
}
