import { ApiProperty, ApiSchema, getSchemaPath, type SchemaObject } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsIn, validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../platform/validation.js';
import { CasesError, CasesErrorCode } from '../cases.errors.js';
import { RESPONSE_CLASSES } from '../events/case-event.payloads.js';
import { CASE_EVENTS, CLIENT_EVENT_TYPES, eventSpec, type ClientEventType, type PayloadClass } from '../events/case-events.js';

/**
 * The client's event body, validated and documented from `CASE_EVENTS`: one class per client event (its payload class
 * plus `type` fixed to the event), used both by `parseClientEvent` and by OpenAPI, so docs and validation cannot drift.
 */

export { CASE_ROUTE_EVENTS, CLIENT_EVENT_TYPES, COMPLAINANT_EVENTS } from '../events/case-events.js';

const API_PROPERTY = 'swagger/apiModelProperties';

/**
 * Describes a payload class in OpenAPI from its class-validator rules, so the documented schema is the validated one:
 * required unless @IsOptional, type and format from the checks, enum from @IsIn, lengths from @MinLength/@MaxLength.
 * A property that carries its own @ApiProperty (a nested oneOf, a nullable id) keeps it.
 */
function describeFromValidation(cls: PayloadClass): void {
  const byProperty = new Map<string, { name?: string; type: string; constraints?: unknown[] }[]>();
  for (const md of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    byProperty.set(md.propertyName, [...(byProperty.get(md.propertyName) ?? []), md]);
  }
  for (const [property, rules] of byProperty) {
    if (Reflect.getMetadata(API_PROPERTY, cls.prototype, property)) continue;
    const has = (name: string) => rules.find((r) => r.name === name);
    const schema: Record<string, unknown> = { required: !has('isOptional') };
    if (has('isBoolean')) schema.type = Boolean;
    else schema.type = String;
    if (has('isUuid')) schema.format = 'uuid';
    if (has('isIso8601')) schema.format = 'date-time';
    const isIn = has('isIn');
    if (isIn) schema.enum = isIn.constraints?.[0];
    const min = has('minLength');
    if (min) schema.minLength = min.constraints?.[0];
    const max = has('maxLength');
    if (max) schema.maxLength = max.constraints?.[0];
    ApiProperty(schema)(cls.prototype, property);
  }
}

const pascal = (type: string) => type.toLowerCase().replace(/(^|_)([a-z])/g, (_, _s, c: string) => c.toUpperCase());

function eventClasses(): Record<ClientEventType, PayloadClass> {
  const payloadOf = (type: ClientEventType): PayloadClass => CASE_EVENTS[type].payload;
  new Set<PayloadClass>([...CLIENT_EVENT_TYPES.map(payloadOf), ...Object.values(RESPONSE_CLASSES)]).forEach(describeFromValidation);
  const out = {} as Record<ClientEventType, PayloadClass>;
  for (const type of CLIENT_EVENT_TYPES) {
    const name = `${pascal(type)}Event`;
    const Event = class extends payloadOf(type) {};
    Object.defineProperty(Event, 'name', { value: name });
    ApiSchema({ name, description: eventSpec(type).summary })(Event);
    IsIn([type])(Event.prototype, 'type');
    ApiProperty({ enum: [type], description: 'The event' })(Event.prototype, 'type');
    out[type] = Event;
  }
  return out;
}

const EVENT_CLASSES = eventClasses();

/** Every class OpenAPI needs to resolve the event bodies (for @ApiExtraModels). */
export const EVENT_MODELS: PayloadClass[] = [...Object.values(EVENT_CLASSES), ...Object.values(RESPONSE_CLASSES)];

/** The events a route takes, as a oneOf over the event classes with `type` as the discriminator. */
export function eventBodySchema(types: readonly ClientEventType[]): SchemaObject {
  return {
    oneOf: types.map((t) => ({ $ref: getSchemaPath(EVENT_CLASSES[t]) })),
    discriminator: { propertyName: 'type', mapping: Object.fromEntries(types.map((t) => [t, getSchemaPath(EVENT_CLASSES[t])])) },
  };
}

const isClientEvent = (type: unknown): type is ClientEventType => typeof type === 'string' && (CLIENT_EVENT_TYPES as string[]).includes(type);

/** Validates `{ type, …payload }` against the event's payload class; unknown fields are refused. */
export function parseClientEvent(body: unknown): { type: ClientEventType; payload: Record<string, unknown> } {
  const b = (body ?? {}) as Record<string, unknown>;
  const type = b.type;
  if (!isClientEvent(type)) {
    throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'Unknown event type', {
      errors: [{ field: 'type', code: 'IS_IN', message: `type must be one of ${CLIENT_EVENT_TYPES.join(', ')}` }],
    });
  }
  const instance = plainToInstance(EVENT_CLASSES[type], b);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length) {
    throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, `The ${type} event has invalid fields`, { errors: flattenValidationErrors(errors) });
  }
  const { type: _t, ...payload } = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
  return { type, payload };
}

/** A JSON Schema (draft 2020-12) object, as the event catalogue serves it. */
export type JsonSchema = Record<string, unknown>;

const SCHEMA_TYPES = new Map<unknown, string>([[String, 'string'], [Boolean, 'boolean'], [Number, 'number'], [Object, 'object']]);
/** The classes a `$ref` of a payload property may name (RESPOND's answer by kind). */
const REFERENCED = new Map<string, PayloadClass>(Object.values(RESPONSE_CLASSES).map((c) => [getSchemaPath(c), c]));

/** One property's schema from its OpenAPI metadata (the @ApiProperty that describeFromValidation derived, or its own). */
function propertySchema(meta: Record<string, unknown>): JsonSchema {
  if (Array.isArray(meta.oneOf)) {
    return { oneOf: (meta.oneOf as { $ref: string }[]).map((r) => classSchema(REFERENCED.get(r.$ref) ?? missingRef(r.$ref))) };
  }
  const type = SCHEMA_TYPES.get(meta.type) ?? 'string';
  const out: JsonSchema = { type: meta.nullable ? [type, 'null'] : type };
  for (const key of ['format', 'enum', 'minLength', 'maxLength', 'minimum', 'maximum', 'description'] as const) if (meta[key] !== undefined) out[key] = meta[key];
  return out;
}

function missingRef(ref: string): never {
  throw new Error(`event payload schema: ${ref} is not a known payload class`);
}

/** A payload class as a closed JSON Schema object: the door refuses unknown fields (forbidNonWhitelisted). */
function classSchema(cls: PayloadClass): JsonSchema {
  const names = ((Reflect.getMetadata(`${API_PROPERTY}Array`, cls.prototype) as string[] | undefined) ?? []).map((n) => n.replace(/^:/, ''));
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const name of names) {
    const meta = Reflect.getMetadata(API_PROPERTY, cls.prototype, name) as Record<string, unknown>;
    properties[name] = propertySchema(meta);
    if (meta.required !== false) required.push(name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

/**
 * The JSON Schema of each client event's payload (the body besides `type`), read from the same OpenAPI metadata the
 * `oneOf` request bodies are generated from (describeFromValidation of the classes parseClientEvent validates with).
 * Strings are trimmed before their length is checked.
 */
export const EVENT_PAYLOAD_SCHEMAS: Record<ClientEventType, JsonSchema> = Object.fromEntries(
  CLIENT_EVENT_TYPES.map((t) => [t, { $schema: 'https://json-schema.org/draft/2020-12/schema', ...classSchema(CASE_EVENTS[t].payload) }]),
) as unknown as Record<ClientEventType, JsonSchema>;

/** One entry of the event catalogue (`GET /v1/case-events`). */
export interface EventCatalogueEntry {
  type: ClientEventType;
  roles: readonly string[];
  summary: string;
  schema: JsonSchema;
}

/** The client events this role may send, in the catalogue's order, each with who may send it, what it does and its payload schema. */
export function eventCatalogueFor(role: string): EventCatalogueEntry[] {
  return CLIENT_EVENT_TYPES.filter((t) => (eventSpec(t).roles as readonly string[]).includes(role)).map((type) => ({
    type,
    roles: eventSpec(type).roles,
    summary: eventSpec(type).summary,
    schema: EVENT_PAYLOAD_SCHEMAS[type],
  }));
}
