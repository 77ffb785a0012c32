import { HttpError } from './errors/http-error.js';
import { encodeCursor, keysetCursor } from './pagination.js';
import { Where } from './sql.js';

describe('A keyset cursor', () => {
  const byNewest = keysetCursor('desc', ['d.published_at', 'timestamp'], ['d.id', 'uuid']);
  const id = '0b7a7d7e-3c1a-4d2e-9f00-1234567890ab';

  it('gives back the key values it encoded', () => {
    const values: [string, string] = ['2026-12-07T10:00:00.000Z', id];
    expect(byNewest.decode(byNewest.encode(values))).toEqual(values);
    expect(byNewest.decode(undefined)).toBeUndefined();
  });

  it('gives the row comparison and order for its direction', () => {
    expect(byNewest.clause).toBe('(d.published_at, d.id) < (?::timestamptz, ?::uuid)');
    expect(byNewest.orderBy).toBe('d.published_at DESC, d.id DESC');
    const byName = keysetCursor('asc', ['m.name', 'text'], ['m.id', 'uuid']);
    expect(byName.clause).toBe('(m.name, m.id) > (?, ?::uuid)');
    expect(byName.orderBy).toBe('m.name, m.id');
    const w = new Where().add(byNewest.clause, ...byNewest.decode(byNewest.encode(['2026-01-01T00:00:00Z', id]))!);
    expect(w.sql()).toBe('WHERE (d.published_at, d.id) < ($1::timestamptz, $2::uuid)');
  });

  it('carries a one-column key as the bare value', () => {
    const byId = keysetCursor('desc', ['audit_log.id', 'bigint']);
    expect(byId.encode(['42'])).toBe(encodeCursor('42'));
    expect(byId.decode(encodeCursor('42'))).toEqual(['42']);
    expect(byId.clause).toBe('audit_log.id < ?::bigint');
  });

  it('refuses a cursor it did not issue as a validation error, never a 500', () => {
    for (const bad of ['%%%', encodeCursor(['not a date', id]), encodeCursor(['2026-01-01T00:00:00Z', 'x']), encodeCursor([1, 2, 3]), encodeCursor({ id })]) {
      expect(() => byNewest.decode(bad)).toThrow(HttpError);
    }
  });
});
