import { CasesError, CasesErrorCode, parseClientEvent } from '../../cases/index.js';
import type { FieldError } from '../../platform/errors/app-error.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a sandbox event body, `{ type, payload? }`: the payload is checked against the event's payload class exactly
 * as the staff case route checks `{ type, …payload }` (400 CASE_EVENT_INVALID), its field errors named `payload.<field>`.
 */
export function parseSandboxEvent(body: unknown): ReturnType<typeof parseClientEvent> {
  const invalid = (errors: FieldError[]) => new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'The sandbox event is invalid: send { type, payload? }', { errors });
  if (!isObject(body)) throw invalid([{ field: 'type', code: 'IS_OBJECT', message: 'the body must be a JSON object { type, payload? }' }]);
  const unknown = Object.keys(body).filter((k) => k !== 'type' && k !== 'payload');
  if (unknown.length) throw invalid(unknown.map((field) => ({ field, code: 'UNKNOWN_FIELD', message: `${field} is not a field: put event fields in payload` })));
  const payload = body.payload ?? {};
  if (!isObject(payload)) throw invalid([{ field: 'payload', code: 'IS_OBJECT', message: 'payload must be an object' }]);
  if ('type' in payload) throw invalid([{ field: 'payload.type', code: 'UNKNOWN_FIELD', message: 'the event type goes in type, not in payload' }]);
  try {
    return parseClientEvent({ ...payload, type: body.type });
  } catch (e) {
    if (!(e instanceof CasesError)) throw e;
    const errors = (e.options.errors ?? []).map((f) => (f.field === 'type' ? f : { ...f, field: `payload.${f.field}` }));
    throw new CasesError(e.code, e.detail, { ...e.options, errors });
  }
}
