import { BadRequestException } from '@nestjs/common';
import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { findNulCharacter } from './nul-character';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * application/json, stricter than Fastify's parser (whose prototype-poisoning checks it keeps):
 * bytes that are not UTF-8 are refused rather than stored as U+FFFD, and so is a string holding
 * U+0000, with the path to it.
 */
export function strictJsonBodyParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(new BadRequestException('body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(request, text, (error, parsed) => {
      if (error) return done(error, undefined);
      // JSON can only write U+0000 as an escape: a body without one needs no walk.
      const nulAt = /\\u0000/i.test(text) ? findNulCharacter(parsed) : undefined;
      if (nulAt !== undefined)
        return done(new BadRequestException(`body: ${nulAt} ${NUL_PROBLEM}`), undefined);
      done(null, parsed);
    });
  };
}

export const NUL_PROBLEM = 'contains the character U+0000, which cannot be stored: remove it';
