import { ApiProperty, getSchemaPath, type SchemaObject } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { flattenValidationErrors } from '../../platform/validation.js';
import { CasesError, CasesErrorCode } from '../cases.errors.js';
import { EVENT_ROLES } from '../machine/case.permissions.js';
import { CASE_EVENT_TYPES, type CaseEventType } from '../machine/case.types.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const text = (max: number) => [Transform(trim), IsString(), MinLength(1), MaxLength(max)];
const Text = (max: number): PropertyDecorator => (target, key) => text(max).forEach((d) => d(target, key));

class NoPayload {}
class Reason { @Text(2000) reason: string; }
class OptionalNote { @IsOptional() @Text(2000) note?: string; }
/** `note` stays with the staff; `statement` is forwarded to the respondent (required for an employee's complaint). */
class RequestResponseDto { @IsOptional() @Text(2000) note?: string; @IsOptional() @Text(10000) statement?: string; }
class AcceptDto { @IsOptional() @IsUUID() respondentMemberId?: string; }
class MergeDto { @IsUUID() targetCaseId: string; }
/** The respondent's answer, one class per kind (a kind outside the three is refused by the base class). */
const RESPONSE_KINDS = ['action_promised', 'unfounded', 'not_concerned'] as const;
class ResponseKindDto { @IsIn([...RESPONSE_KINDS]) kind: (typeof RESPONSE_KINDS)[number]; }
class ActionPromisedResponse { @IsIn(['action_promised']) kind: 'action_promised'; @Text(2000) action: string; @IsISO8601({ strict: true }) by: string; @IsOptional() @Text(2000) note?: string; }
class UnfoundedResponse { @IsIn(['unfounded']) kind: 'unfounded'; @Text(5000) reasons: string; @IsOptional() @Text(2000) note?: string; }
class NotConcernedResponse { @IsIn(['not_concerned']) kind: 'not_concerned'; @IsOptional() @Text(2000) note?: string; }
const RESPONSE_CLASSES = { action_promised: ActionPromisedResponse, unfounded: UnfoundedResponse, not_concerned: NotConcernedResponse };
class RespondDto {
  @ApiProperty({
    oneOf: Object.values(RESPONSE_CLASSES).map((c) => ({ $ref: getSchemaPath(c) })),
    discriminator: { propertyName: 'kind', mapping: Object.fromEntries(Object.entries(RESPONSE_CLASSES).map(([k, c]) => [k, getSchemaPath(c)])) },
  })
  @IsObject()
  @ValidateNested()
  @Type(() => ResponseKindDto, {
    keepDiscriminatorProperty: true,
    discriminator: { property: 'kind', subTypes: Object.entries(RESPONSE_CLASSES).map(([name, value]) => ({ name, value })) },
  })
  response: ActionPromisedResponse | UnfoundedResponse | NotConcernedResponse;
}
class SessionDto { @Text(5000) summary: string; @IsOptional() @IsISO8601({ strict: true }) heldAt?: string; }
class AgreementDto { @Text(5000) terms: string; }
class ResolveDto { @IsBoolean() upheld: boolean; @Text(5000) outcome: string; }
class ProposePublicationDto { @Text(2000) summary: string; @Text(5000) findings: string; }
class ProposeReferralDto { @IsUUID() agencyId: string; @IsOptional() @Text(5000) justification?: string; }
class ReplyDto { @Text(5000) reply: string; }
class AckDto { @Text(100) referenceNumber: string; }
class ConcludeDto { @Text(5000) outcome: string; }
class WithdrawDto { @IsOptional() @Text(2000) reason?: string; }
class InfoDto { @Text(10000) text: string; }
class AssignDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null unassigns' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId: string | null;
}
class NoteDto { @Text(10000) text: string; }
class CloseDto { @IsOptional() @Text(2000) reason?: string; }
class FollowUpDto { @IsBoolean() happened: boolean; @IsOptional() @Text(2000) note?: string; }

/** The payload each event type accepts from a client (actor and time are added by the server). */
const PAYLOADS: Record<Exclude<CaseEventType, 'DEADLINE_ELAPSED'>, new () => object> = {
  ACCEPT: AcceptDto,
  DISMISS: Reason,
  MERGE: MergeDto,
  REQUEST_RESPONSE: RequestResponseDto,
  RESPOND: RespondDto,
  START_MEDIATION: OptionalNote,
  RECORD_MEDIATION_SESSION: SessionDto,
  AGREEMENT: AgreementDto,
  MEDIATION_FAILED: Reason,
  RESOLVE: ResolveDto,
  PROPOSE_PUBLICATION: ProposePublicationDto,
  PROPOSE_REFERRAL: ProposeReferralDto,
  APPROVE: OptionalNote,
  REJECT_PROPOSAL: Reason,
  RIGHT_OF_REPLY: ReplyDto,
  LE_ACKNOWLEDGE: AckDto,
  LE_CONCLUDE: ConcludeDto,
  RETRACT_REFERRAL: Reason,
  CONFIRM: OptionalNote,
  DISPUTE: Reason,
  WITHDRAW: WithdrawDto,
  ADD_INFORMATION: InfoDto,
  ASSIGN: AssignDto,
  ADD_NOTE: NoteDto,
  CLOSE: CloseDto,
  REOPEN: Reason,
  UNMERGE: Reason,
  ACTION_FOLLOW_UP: FollowUpDto,
};
void NoPayload;

type ClientEventType = keyof typeof PAYLOADS;
export const CLIENT_EVENT_TYPES = CASE_EVENT_TYPES.filter((t): t is ClientEventType => t !== 'DEADLINE_ELAPSED');

const API_PROPERTY = 'swagger/apiModelProperties';

/**
 * Describes a payload class in OpenAPI from its class-validator rules, so the documented schema is the validated one:
 * required unless @IsOptional, type and format from the checks, enum from @IsIn, lengths from @MinLength/@MaxLength.
 * A property that carries its own @ApiProperty (a nested oneOf, a nullable id) keeps it.
 */
function describeFromValidation(cls: new () => object): void {
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

/**
 * One class per client event: its payload class plus `type` fixed to the event. parseClientEvent validates with these
 * classes and OpenAPI documents them (as a oneOf with a `type` discriminator), so docs and validation cannot drift.
 */
function eventClasses(): Record<ClientEventType, new () => object> {
  const payloadClasses = new Set<new () => object>([...Object.values(PAYLOADS), ...Object.values(RESPONSE_CLASSES)]);
  payloadClasses.forEach(describeFromValidation);
  const out = {} as Record<ClientEventType, new () => object>;
  for (const type of CLIENT_EVENT_TYPES) {
    const Payload = PAYLOADS[type];
    const Event = class extends Payload {} as new () => object;
    Object.defineProperty(Event, 'name', { value: `${pascal(type)}Event` });
    IsIn([type])(Event.prototype, 'type');
    ApiProperty({ enum: [type], description: 'The event' })(Event.prototype, 'type');
    out[type] = Event;
  }
  return out;
}

const EVENT_CLASSES = eventClasses();

/** Every class OpenAPI needs to resolve the event bodies (for @ApiExtraModels). */
export const EVENT_MODELS: (new () => object)[] = [...Object.values(EVENT_CLASSES), ...Object.values(RESPONSE_CLASSES)];

/** The events a route takes, as a oneOf over the event classes with `type` as the discriminator. */
export function eventBodySchema(types: readonly ClientEventType[]): SchemaObject {
  return {
    oneOf: types.map((t) => ({ $ref: getSchemaPath(EVENT_CLASSES[t]) })),
    discriminator: { propertyName: 'type', mapping: Object.fromEntries(types.map((t) => [t, getSchemaPath(EVENT_CLASSES[t])])) },
  };
}

/** The events sent by staff, respondents and liaisons on `POST /v1/cases/:id/events`. */
export const CASE_ROUTE_EVENTS = CLIENT_EVENT_TYPES.filter((t) => EVENT_ROLES[t].some((r) => r !== 'complainant'));
/** The complainant's events on `POST /v1/public/complaints/events`. */
export const COMPLAINANT_EVENTS = CLIENT_EVENT_TYPES.filter((t) => EVENT_ROLES[t].includes('complainant'));

/** Validates `{ type, …payload }` against the event's payload class; unknown fields are refused. */
export function parseClientEvent(body: unknown): { type: ClientEventType; payload: Record<string, unknown> } {
  const b = (body ?? {}) as Record<string, unknown>;
  const type = b.type;
  if (typeof type !== 'string' || !Object.hasOwn(PAYLOADS, type)) {
    throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'Unknown event type', {
      errors: [{ field: 'type', code: 'IS_IN', message: `type must be one of ${CLIENT_EVENT_TYPES.join(', ')}` }],
    });
  }
  const instance = plainToInstance(EVENT_CLASSES[type as ClientEventType], b);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length) {
    throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, `The ${type} event has invalid fields`, { errors: flattenValidationErrors(errors) });
  }
  const { type: _t, ...payload } = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
  return { type: type as ClientEventType, payload };
}
