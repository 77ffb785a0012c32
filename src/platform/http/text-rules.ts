import type { FieldError } from '../errors/app-error.js';

// NUL (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its pair (not encodable as UTF-8).
const FORBIDDEN = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the string is text the database can store: no NUL, no unpaired surrogate. */
export function isStorableText(value: string): boolean {
  return !FORBIDDEN.test(value);
}

const MAX_REPORTED = 20;

/**
 * Every string (and object key) in a parsed body, query or path that is not storable text, with its field
 * path written as validation errors write it (`items[0].title`). Depth is bounded by the JSON parser.
 */
export function unstorableTextFields(value: unknown, path = '', out: FieldError[] = []): FieldError[] {
  if (out.length >= MAX_REPORTED) return out;
  if (typeof value === 'string') {
    if (!isStorableText(value)) out.push({ field: path, code: 'INVALID_CHARACTERS', message: `${path || 'value'} contains a NUL character or an unpaired surrogate` });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableTextFields(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${k}` : k;
      if (!isStorableText(k)) {
        out.push({ field: path || '', code: 'INVALID_CHARACTERS', message: 'a field name contains a NUL character or an unpaired surrogate' });
        continue;
      }
      unstorableTextFields(v, field, out);
    }
  }
  return out;
}
