import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';
import { Logger, PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module.js';
import { problemClientErrorHandler } from '../platform/errors/client-error.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import { sendProblem } from '../platform/errors/problem.filter.js';
import { HttpActivity } from '../platform/http/http-activity.js';
import { installFormBodyParser, installJsonBodyParser } from '../platform/http/json-body.js';
import { unstorableTextFields } from '../platform/http/text-rules.js';
import { PROBLEM_SCHEMA } from '../platform/openapi.js';
import { logRequest } from '../platform/logging.js';
import { API_SECURITY_HEADERS, documentSecurityHeaders } from '../platform/security-headers.js';
import { createValidationPipe } from '../platform/validation.js';
import type { AppConfig } from '../platform/config/config.js';
import { METRICS, type Metrics } from '../platform/metrics/metrics.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP app (shared by main.ts and the tests): Fastify, security headers, errors, request ids, metrics, docs. */
export async function createApp(config: AppConfig, databaseUrl: string, opts: { swagger?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimit,
    trustProxy: config.http.trustProxy,
    logger: false,
    // Accept a caller's X-Request-Id when it is sane; otherwise generate one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A malformed URL or an over-long path segment is refused by the router, before any hook: answer it here.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      void reply.headers(API_SECURITY_HEADERS).header('x-request-id', request.id);
      sendProblem(request, reply, error, frameworkLogger);
    },
    // What Node's HTTP parser refuses (431, bad header bytes) never becomes a request.
    clientErrorHandler: problemClientErrorHandler,
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  const fastify = adapter.getInstance() as unknown as FastifyInstance;
  installPlatformHooks(fastify);

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, databaseUrl), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // Nest would add its own JSON and form (urlencoded) parsers: the API takes JSON only, through ours.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  // Evidence uploads (multipart/form-data); limits are enforced again per file and per case by EvidenceService.
  // Registered for all routes, but the content-type gate lets multipart through only on @MultipartUpload() routes.
  await app.register(multipart as never, {
    limits: { fileSize: config.evidence.maxFileBytes, files: config.evidence.maxFiles, fields: 0, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  app.enableShutdownHooks([]);

  if (config.http.corsOrigins.length > 0) {
    await app.register(cors as never, { origin: config.http.corsOrigins, credentials: false, exposedHeaders: ['x-request-id', 'etag', 'retry-after'] });
  }

  const metrics = app.get<Metrics>(METRICS);
  const activity = app.get(HttpActivity);
  const logger = PinoLogger.root;
  // One hook for both: every hook Fastify runs per request has a cost of its own.
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(request.method, request.routeOptions?.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    activity.served(request.routeOptions?.url);
    logRequest(logger, request, reply);
    done();
  });

  if (opts.swagger !== false) setupSwagger(app);
  return app;
}

const frameworkLogger = new NestLogger('ProblemDetails');

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The one media type a route takes: multipart/form-data on routes marked @MultipartUpload() (which also
 * accept JSON, refused by the upload itself), a form post on routes marked @FormPost() (the unsubscribe button and
 * mail clients' one-click unsubscribe), application/json everywhere else. Checked before the body is
 * read, so an HTML form (urlencoded, multipart, text/plain) never reaches a handler.
 */
function refusedContentType(request: FastifyRequest): HttpError | undefined {
  const header = request.headers['content-type'];
  if (header === undefined || !BODY_METHODS.has(request.method) || request.routeOptions.url === undefined) return undefined;
  const mediaType = header.split(';')[0].trim().toLowerCase();
  const config = request.routeOptions.config as { multipart?: unknown; form?: unknown } | undefined;
  const upload = config?.multipart === true;
  if (mediaType === 'application/json' || (upload && mediaType === 'multipart/form-data')) return undefined;
  if (config?.form === true && mediaType === 'application/x-www-form-urlencoded') return undefined;
  return new HttpError(
    HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
    upload ? 'Unsupported Content-Type; send the files as multipart/form-data' : 'Unsupported Content-Type; send application/json',
  );
}

function installPlatformHooks(fastify: FastifyInstance): void {
  // The API speaks JSON (and multipart for uploads): our JSON parser limits nesting; text/plain bodies are 415.
  installJsonBodyParser(fastify);
  installFormBodyParser(fastify);
  const routes = FindMyWay();
  fastify.addHook('onRoute', (route) => {
    // A route may raise its own body limit with @RouteConfig({ bodyLimit }) (uploads sent as base64).
    const limit = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof limit === 'number') route.bodyLimit = limit;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      try {
        routes.on(m as never, route.url, () => undefined);
      } catch {
        // duplicate registration (HEAD for GET): ignore
      }
    }
  });
  fastify.decorate('allowedMethods', (path: string): string[] =>
    ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => routes.find(m as never, path) !== null),
  );
  const documents = documentSecurityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(request.url.startsWith('/docs') ? documents : API_SECURITY_HEADERS);
    void reply.header('x-request-id', request.id);
    done(refusedContentType(request));
  });
  // One place for every string a handler can receive: NUL and unpaired surrogates are refused, with the field.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const errors = [
      ...unstorableTextFields(request.params),
      ...unstorableTextFields(request.query),
      ...(request.isMultipart?.() ? [] : unstorableTextFields(request.body)),
    ];
    if (errors.length === 0) return done();
    done(new HttpError(HttpErrorCode.VALIDATION_FAILED, 'Text must not contain NUL characters or unpaired surrogates', { errors }));
  });
}

function setupSwagger(app: NestFastifyApplication): void {
  const doc = new DocumentBuilder()
    .setTitle('Self-regulation case management API')
    .setDescription(
      'Pacts, members, complaints, cases, publication, referral and reports for an internet-industry association. ' +
        'Every error is RFC 9457 problem details (`application/problem+json`) with a stable `code`. ' +
        'Each operation lists the roles that may call it in `x-roles`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'jwt')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, doc);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA as never } };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
