import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { map, type Observable } from 'rxjs';

/** Seconds shared caches and browsers may reuse a public answer without asking again. */
export const PUBLIC_MAX_AGE_SECONDS = 300;

/** How long an answer may be reused, and what else it varies on. */
export interface CachePolicy {
  maxAgeSeconds: number;
  vary?: string;
  /** For an authenticated answer: only the caller's own cache may keep it (`Cache-Control: private`). */
  private?: true;
}

/** A strong entity tag: SHA-256 of the exact bytes sent. */
export function bodyTag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** A weak entity tag from a version (a row version, an updated-at): equal versions, equivalent bodies. */
export function versionTag(version: string | number): string {
  return `W/"${String(version).replace(/["\\]/g, '')}"`;
}

/** True when an If-None-Match header names this entity tag (weak comparison, as RFC 9110 asks for it). */
export function etagMatches(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return value.split(',').some((t) => opaque(t) === opaque(etag));
}

/** Sets ETag and `Cache-Control` (public unless the policy says private); true when the client's copy is current, so the answer is 304 without a body. */
export function notModified(req: FastifyRequest, reply: FastifyReply, etag: string, policy: CachePolicy): boolean {
  void reply.header('etag', etag).header('cache-control', `${policy.private ? 'private' : 'public'}, max-age=${policy.maxAgeSeconds}`);
  if (policy.vary) void reply.header('vary', policy.vary);
  if (!etagMatches(req.headers['if-none-match'], etag)) return false;
  void reply.status(304);
  return true;
}

/** Sends a public body with its ETag and Cache-Control (for handlers that answer through `@Res()`), or 304. */
export function sendCached(req: FastifyRequest, reply: FastifyReply, body: string, contentType: string, policy: CachePolicy): void {
  if (notModified(req, reply, bodyTag(body), policy)) {
    void reply.send();
    return;
  }
  void reply.header('content-type', contentType).send(body);
}

/**
 * For public, cacheable GETs returning JSON: serialises the body once, sends it with a strong ETag and
 * `Cache-Control: public, max-age=300`, and answers 304 without a body when If-None-Match names the same tag.
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
        if (notModified(request, reply, bodyTag(json), { maxAgeSeconds: PUBLIC_MAX_AGE_SECONDS })) return '';
        void reply.header('content-type', 'application/json; charset=utf-8');
        return json;
      }),
    );
  }
}
