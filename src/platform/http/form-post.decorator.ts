import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConsumes } from '@nestjs/swagger';

/**
 * Marks a route that also takes an HTML form post (`application/x-www-form-urlencoded`, parsed by the form parser of
 * json-body.ts): every other route refuses it with 415.
 */
export const FormPost = () => applyDecorators(RouteConfig({ form: true }), ApiConsumes('application/x-www-form-urlencoded', 'application/json'));
