import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../platform/access/decorators.js';
import { contentTypeOf } from '../platform/http/built-files.js';
import { consoleCsp, newNonce } from './console-headers.js';
import { ConsoleService } from './console.service.js';

/**
 * The console (issue #16): one page for every path under /console (the app routes in the browser), and its
 * content-hashed assets. Public like any page: what it shows comes from the API, which checks every request.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  constructor(private readonly console: ConsoleService) {}

  @Get()
  @Public()
  root(@Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.page(reply);
  }

  /** Content-hashed names: cached for a year. */
  @Get('assets/:file')
  @Public()
  async asset(@Param('file') name: string, @Headers('accept-encoding') enc: string | undefined, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const file = await this.console.asset(name, enc);
    void reply.header('content-type', contentTypeOf(name)).header('content-length', String(file.size)).header('cache-control', 'public, max-age=31536000, immutable');
    if (file.compressible) void reply.header('vary', 'Accept-Encoding');
    if (file.encoding) void reply.header('content-encoding', file.encoding);
    return reply.send(file.stream);
  }

  /** Any other path is a route of the app: the same page, which routes in the browser. */
  @Get('*')
  @Public()
  deep(@Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.page(reply);
  }

  private async page(reply: FastifyReply): Promise<FastifyReply> {
    const nonce = newNonce();
    const html = await this.console.html(nonce);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', consoleCsp(nonce))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(html);
  }
}
