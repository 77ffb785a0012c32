import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { API_SECURITY_HEADERS } from '../security-headers.js';
import { HttpErrorCode, httpErrorStatus } from './http-error.js';
import { buildProblem, PROBLEM_CONTENT_TYPE } from './problem.js';

/** What Node's HTTP parser refused, as our code: no request exists yet, so no route, hook or filter runs. */
function clientErrorCode(err: { code?: string }): HttpErrorCode {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return HttpErrorCode.HEADERS_TOO_LARGE;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return HttpErrorCode.REQUEST_TIMEOUT;
    default:
      return HttpErrorCode.BAD_REQUEST;
  }
}

const DETAILS: Partial<Record<HttpErrorCode, string>> = {
  [HttpErrorCode.HEADERS_TOO_LARGE]: 'The request line and headers are larger than the server accepts',
  [HttpErrorCode.REQUEST_TIMEOUT]: 'The request was not received in time',
  [HttpErrorCode.BAD_REQUEST]: 'The request is not valid HTTP (malformed request line or header)',
};

/**
 * Fastify's clientErrorHandler: answers a request Node's HTTP parser refused (oversized or malformed request line or
 * headers, control bytes in a header) with problem details and a fresh request id, like every other error.
 */
export function problemClientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const code = clientErrorCode(err);
    const status = httpErrorStatus(code);
    const requestId = randomUUID();
    const body = JSON.stringify(buildProblem({ status, code, detail: DETAILS[code], requestId }));
    const headers = {
      ...API_SECURITY_HEADERS,
      'content-type': PROBLEM_CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(body)),
      'x-request-id': requestId,
      connection: 'close',
    };
    const head = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`);
  }
  socket.destroy(err);
}
