import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../platform/access/decorators.js';
import { contentTypeOf, type OpenedFile } from '../platform/http/built-files.js';
import { pageCsp, UNAVAILABLE_PAGE } from './window-headers.js';
import { WindowService } from './window.service.js';

/** Sends a window file with its type, length, encoding and caching. */
function send(reply: FastifyReply, file: OpenedFile, name: string, cacheControl: string): FastifyReply {
  void reply.header('content-type', contentTypeOf(name)).header('content-length', String(file.size)).header('cache-control', cacheControl);
  if (file.compressible) void reply.header('vary', 'Accept-Encoding');
  if (file.encoding) void reply.header('content-encoding', file.encoding);
  return reply.send(file.stream);
}

/** The headers of the page itself (over the API's defaults set for every response). */
function pageHeaders(reply: FastifyReply, frameAncestors: string): void {
  void reply.header('content-security-policy', pageCsp(frameAncestors)).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
}

/**
 * The complaint window's pages (issue #14): the association's form (/complain), the complainant's follow-up (/follow)
 * and the partner window (/window?k=<site key>, framed by that key's origins only), one built page for all three;
 * the partner's embed script and the hashed assets. Public, and not part of the API document.
 */
@ApiExcludeController()
@Controller()
export class WindowController {
  constructor(private readonly window: WindowService) {}

  @Get('complain')
  @Public()
  async complain(@Headers('accept-encoding') enc: string | undefined, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const page = await this.window.page(enc);
    pageHeaders(reply, "'none'");
    return send(reply, page, 'index.html', 'no-cache');
  }

  @Get('follow')
  @Public()
  async follow(@Headers('accept-encoding') enc: string | undefined, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const page = await this.window.page(enc);
    pageHeaders(reply, "'none'");
    return send(reply, page, 'index.html', 'no-cache');
  }

  /** Framed by the site key's allowed origins only (CSP frame-ancestors; X-Frame-Options cannot list origins, so it is dropped). */
  @Get('window')
  @Public()
  async partnerWindow(@Query('k') key: unknown, @Headers('accept-encoding') enc: string | undefined, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const origins = await this.window.frameAncestorsOf(key);
    if (!origins) {
      pageHeaders(reply, "'none'");
      return reply.status(404).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(UNAVAILABLE_PAGE);
    }
    const page = await this.window.page(enc);
    pageHeaders(reply, origins.join(' '));
    void reply.removeHeader('x-frame-options').header('cross-origin-resource-policy', 'cross-origin');
    return send(reply, page, 'index.html', 'no-cache');
  }

  /** Loaded by partners' pages with a script tag: cross-origin readable, cached five minutes (its name is not hashed). */
  @Get('window/embed.js')
  @Public()
  async embed(@Headers('accept-encoding') enc: string | undefined, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const script = await this.window.embedScript(enc);
    void reply.header('cross-origin-resource-policy', 'cross-origin');
    return send(reply, script, 'embed.js', 'public, max-age=300');
  }

  /** Content-hashed names: cached for a year. */
  @Get('window/assets/:file')
  @Public()
  async asset(@Param('file') name: string, @Headers('accept-encoding') enc: string | undefined, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const file = await this.window.asset(name, enc);
    return send(reply, file, name, 'public, max-age=31536000, immutable');
  }
}
