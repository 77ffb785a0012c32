import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError, HttpErrorCode } from '../errors/http-error.js';

/** Deepest nesting of objects and arrays a JSON body may have (the API's own bodies need fewer than 8). */
export const MAX_JSON_DEPTH = 32;

/**
 * True when the JSON text nests objects/arrays deeper than `max`. One pass over the characters, before any
 * parsing, so a body of 5,000 brackets costs a scan rather than a recursive parse and walk.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces Fastify's application/json parser with one that refuses deep nesting first and then parses with
 * Fastify's own (secure-json-parse: `__proto__` and `constructor.prototype` keys are refused).
 */
export function installJsonBodyParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request: FastifyRequest, body: string | Buffer, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(
        new HttpError(HttpErrorCode.MALFORMED_JSON, `The request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`, {
          errors: [{ field: '', code: 'TOO_DEEP', message: `at most ${MAX_JSON_DEPTH} levels of nesting` }],
        }),
        undefined,
      );
      return;
    }
    parse(request, text, done);
  });
}

/**
 * Form posts (`application/x-www-form-urlencoded`, at most 4 KB): the unsubscribe page's button and mail clients'
 * one-click unsubscribe (RFC 8058) post `List-Unsubscribe=One-Click`. Parsed into a plain object of strings with the
 * WHATWG URLSearchParams; no route reads more than a field or two.
 */
export function installFormBodyParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request: FastifyRequest, body: string | Buffer, done) => {
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))) out[k] = v;
    done(null, out);
  });
}
