import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { map, type Observable } from 'rxjs';

/** Seconds shared caches and browsers may reuse a public answer without asking again. */
export const PUBLIC_MAX_AGE_SECONDS = 300;

/** True when an If-None-Match header names this entity tag (weak comparison, as RFC 9110 asks for it). */
export function etagMatches(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return value.split(',').some((t) => opaque(t) === opaque(etag));
}

/**
 * For public, cacheable GETs: serialises the body once, sends it with a strong ETag (SHA-256 of the
 * exact bytes) and `Cache-Control: public, max-age=300`, and answers 304 without a body when the
 * client's If-None-Match names the same tag.
 */
@Injectable()
export class PublicCacheInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const json = JSON.stringify(body);
        const etag = `"${createHash('sha256').update(json).digest('base64url')}"`;
        void reply.header('etag', etag).header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
        if (etagMatches(request.headers['if-none-match'], etag)) {
          void reply.status(304);
          return '';
        }
        void reply.header('content-type', 'application/json; charset=utf-8');
        return json;
      }),
    );
  }
}
