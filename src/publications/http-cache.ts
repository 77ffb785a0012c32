import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const MAX_AGE_SECONDS = 60;

/**
 * Public reads for media and feed readers: a strong ETag over the exact body, `Cache-Control: public`
 * with a short max-age (a retraction reaches caches within a minute), and 304 when the client's copy is current.
 */
export function sendCached(req: FastifyRequest, reply: FastifyReply, body: string, contentType: string): void {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  void reply.header('etag', etag).header('cache-control', `public, max-age=${MAX_AGE_SECONDS}`).header('vary', 'accept-encoding');
  const inm = req.headers['if-none-match'];
  const tags = (inm ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (inm !== undefined && (tags.includes(etag) || tags.includes('*'))) {
    void reply.code(304).send();
    return;
  }
  void reply.header('content-type', contentType).send(body);
}
