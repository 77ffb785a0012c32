import { getMetadataStorage } from 'class-validator';
import { parseClientEvent } from '../../../src/cases/dto/case-events.dto.js';
import { CASE_EVENTS, CLIENT_EVENT_TYPES, type ClientEventType } from '../../../src/cases/events/case-events.js';
import { createTestApp, type TestApp } from '../../support/app.js';

type Schema = {
  $ref?: string;
  description?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  oneOf?: Schema[];
  allOf?: Schema[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  minLength?: number;
};
type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>; components: { schemas: Record<string, Schema> } };

describe('Event payloads in OpenAPI match what the service validates — GET /docs-json', () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/docs-json')).body;
  });
  afterAll(() => t.close());

  const resolve = (s: Schema): Schema => {
    if (s.$ref) return resolve(doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]);
    if (s.allOf) {
      const parts = s.allOf.map(resolve);
      return { type: 'object', required: parts.flatMap((p) => p.required ?? []), properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) };
    }
    return s;
  };
  const bodySchema = (path: string) => doc.paths[path].post.requestBody!.content['application/json'].schema;

  /** The event schema the route's discriminator maps `type` to. */
  const eventSchema = (path: string, type: string): Schema => {
    const body = bodySchema(path);
    const ref = body.discriminator?.mapping?.[type];
    expect([type, ref && body.oneOf?.some((o) => o.$ref === ref)]).toEqual([type, true]);
    return resolve({ $ref: ref });
  };

  /** A value the schema describes, as a client reading only the docs would send it. */
  const sample = (raw: Schema, all: boolean): unknown => {
    if (raw.oneOf) return sample(raw.oneOf[0], all);
    const s = resolve(raw);
    if (s.enum) return s.enum[0];
    if (s.properties) return body(s, all);
    if (s.type === 'boolean') return true;
    if (s.format === 'uuid') return '6a0e3f5e-2c1b-4c3a-9d7e-0b8f2a1c4d5e';
    if (s.format === 'date-time') return '2027-01-10T00:00:00+08:00';
    if (s.type === 'string') return '样例';
    throw new Error(`no sample for ${JSON.stringify(s)}`);
  };
  const body = (s: Schema, all: boolean): Record<string, unknown> =>
    Object.fromEntries(Object.entries(s.properties ?? {}).filter(([k]) => all || s.required?.includes(k)).map(([k, p]) => [k, sample(p, all)]));

  // Written from the catalogue's roles here, not taken from the lists the controllers use.
  const routes = {
    '/v1/cases/{id}/events': CLIENT_EVENT_TYPES.filter((e) => CASE_EVENTS[e].roles.some((r) => r !== 'complainant')),
    '/v1/public/complaints/events': CLIENT_EVENT_TYPES.filter((e) => (CASE_EVENTS[e].roles as readonly string[]).includes('complainant')),
  };

  /** The fields the payload class requires, read from its class-validator rules (required unless @IsOptional). */
  const requiredByValidation = (type: ClientEventType): string[] => {
    const rules = getMetadataStorage().getTargetValidationMetadatas(CASE_EVENTS[type].payload, '', true, false);
    const fields = [...new Set(rules.map((r) => r.propertyName))];
    return fields.filter((f) => !rules.some((r) => r.propertyName === f && r.name === 'isOptional')).sort();
  };

  it('every client event has a branch on some route, each on the route its senders use, and only the scheduler\'s event has none', () => {
    const documented = new Set(Object.values(routes).flat());
    expect(CLIENT_EVENT_TYPES.filter((e) => !documented.has(e))).toEqual([]);
    expect(Object.keys(CASE_EVENTS).filter((e) => !documented.has(e as ClientEventType))).toEqual(['DEADLINE_ELAPSED']);
    expect(Object.keys(bodySchema('/v1/cases/{id}/events').discriminator?.mapping ?? {})).not.toContain('CONFIRM');
    expect(Object.keys(bodySchema('/v1/public/complaints/events').discriminator?.mapping ?? {})).not.toContain('RESOLVE');
  });

  it('each branch requires exactly the fields its payload class requires, plus `type`, and carries the event\'s summary', () => {
    for (const [path, types] of Object.entries(routes)) {
      for (const type of types) {
        const schema = eventSchema(path, type);
        expect([type, [...(schema.required ?? [])].sort()]).toEqual([type, [...requiredByValidation(type), 'type'].sort()]);
        expect([type, schema.description]).toEqual([type, CASE_EVENTS[type].summary]);
      }
    }
  });

  it('each events route describes its body as a oneOf over one schema per event, with `type` as the discriminator', () => {
    for (const [path, types] of Object.entries(routes)) {
      const schema = bodySchema(path);
      expect(schema.discriminator?.propertyName).toBe('type');
      expect(Object.keys(schema.discriminator?.mapping ?? {}).sort()).toEqual([...types].sort());
      expect(schema.oneOf).toHaveLength(types.length);
      for (const type of types) expect(eventSchema(path, type).properties?.type.enum).toEqual([type]);
    }
    expect(routes['/v1/public/complaints/events'].sort()).toEqual(['ACTION_FOLLOW_UP', 'ADD_INFORMATION', 'CONFIRM', 'DISPUTE', 'WITHDRAW']);
  });

  it('for every client event type, a body built from the documented required fields is accepted, and each required field is needed', () => {
    for (const [path, types] of Object.entries(routes)) {
      for (const type of types) {
        const schema = eventSchema(path, type);
        const minimal = body(schema, false);
        expect(parseClientEvent(minimal).type).toBe(type);
        for (const field of (schema.required ?? []).filter((f) => f !== 'type')) {
          const { [field]: _dropped, ...without } = minimal;
          expect(() => parseClientEvent(without)).toThrow(/invalid fields/);
        }
      }
    }
  });

  it('every documented optional field is accepted too, and a property the docs do not list is refused', () => {
    for (const [path, types] of Object.entries(routes)) {
      for (const type of types) {
        const schema = eventSchema(path, type);
        const full = body(schema, true);
        const parsed = parseClientEvent(full);
        const { type: _t, ...documented } = full;
        expect([type, parsed.payload]).toEqual([type, documented]);
        expect(() => parseClientEvent({ ...full, undocumented: 'x' })).toThrow(/invalid fields/);
      }
    }
  });

  it('the complainant\'s ACTION_FOLLOW_UP documents `note` (what the service takes), not `text`', () => {
    const schema = eventSchema('/v1/public/complaints/events', 'ACTION_FOLLOW_UP');
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(['happened', 'note', 'type']);
    expect(schema.required?.sort()).toEqual(['happened', 'type']);
    expect(parseClientEvent({ type: 'ACTION_FOLLOW_UP', happened: false, note: '商品仍在售' }).payload).toEqual({ happened: false, note: '商品仍在售' });
    expect(() => parseClientEvent({ type: 'ACTION_FOLLOW_UP', happened: false, text: '商品仍在售' })).toThrow(/invalid fields/);
  });

  it('the respondent\'s answer is documented per kind, each accepted as documented', () => {
    const response = eventSchema('/v1/cases/{id}/events', 'RESPOND').properties!.response;
    expect(response.discriminator?.propertyName).toBe('kind');
    for (const option of response.oneOf ?? []) {
      const kind = resolve(option);
      expect(parseClientEvent({ type: 'RESPOND', response: body(kind, false) }).type).toBe('RESPOND');
      for (const field of (kind.required ?? []).filter((f) => f !== 'kind')) {
        const { [field]: _dropped, ...without } = body(kind, false);
        expect(() => parseClientEvent({ type: 'RESPOND', response: without })).toThrow(/invalid fields/);
      }
    }
    expect(() => parseClientEvent({ type: 'RESPOND', response: { kind: 'sorry' } })).toThrow(/invalid fields/);
  });
});
