import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConsumes } from '@nestjs/swagger';

/**
 * Marks a route that reads a multipart/form-data upload (request.files()); every other route refuses multipart
 * with 415 before its body is read (see refusedContentType in app.factory.ts). Sets the whole route config,
 * so pass any other route config (bodyLimit) here.
 */
export function MultipartUpload(config: Record<string, unknown> = {}): MethodDecorator {
  return applyDecorators(RouteConfig({ ...config, multipart: true }), ApiConsumes('multipart/form-data'));
}
