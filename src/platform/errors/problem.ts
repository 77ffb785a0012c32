import { STATUS_CODES } from 'node:http';
import type { FieldError } from './app-error.js';

/** RFC 9457 problem details, with our stable machine-readable `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemType(code: string): string {
  return `https://selfreg.invalid/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

export function buildProblem(args: {
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
}): ProblemDetails {
  return {
    ...(args.extensions ?? {}),
    type: problemType(args.code),
    title: STATUS_CODES[args.status] ?? 'Error',
    status: args.status,
    ...(args.detail ? { detail: args.detail } : {}),
    ...(args.instance ? { instance: args.instance } : {}),
    code: args.code,
    ...(args.requestId ? { requestId: args.requestId } : {}),
    ...(args.errors ? { errors: args.errors } : {}),
  };
}
