import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
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
import { flattenValidationErrors } from '../../common/validation.js';
import { CasesError, CasesErrorCode } from '../cases.errors.js';
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
class ResponseDto {
  @IsIn(['action_promised', 'unfounded', 'not_concerned']) kind: 'action_promised' | 'unfounded' | 'not_concerned';
  @ValidateIf((o: ResponseDto) => o.kind === 'action_promised') @Text(2000) action?: string;
  @ValidateIf((o: ResponseDto) => o.kind === 'action_promised') @IsISO8601({ strict: true }) by?: string;
  @ValidateIf((o: ResponseDto) => o.kind === 'unfounded') @Text(5000) reasons?: string;
  @IsOptional() @Text(2000) note?: string;
}
class RespondDto { @IsObject() @ValidateNested() @Type(() => ResponseDto) response: ResponseDto; }
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
class AssignDto { @ValidateIf((_, v) => v !== null) @IsUUID() assigneeId: string | null; }
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
  ACTION_FOLLOW_UP: FollowUpDto,
};
void NoPayload;

export const CLIENT_EVENT_TYPES = CASE_EVENT_TYPES.filter((t) => t !== 'DEADLINE_ELAPSED');

export class CaseEventBody {
  @ApiProperty({ enum: CLIENT_EVENT_TYPES, description: 'The event; its payload fields sit beside `type` (see docs/state-machine.md).' })
  type: string;
  [field: string]: unknown;
}

export class ComplainantEventBody {
  @ApiProperty({ enum: ['WITHDRAW', 'ADD_INFORMATION', 'CONFIRM', 'DISPUTE', 'ACTION_FOLLOW_UP'] })
  type: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional() happened?: boolean;
  [field: string]: unknown;
}

/** Validates `{ type, …payload }` against the event's payload class; unknown fields are refused. */
export function parseClientEvent(body: unknown): { type: Exclude<CaseEventType, 'DEADLINE_ELAPSED'>; payload: Record<string, unknown> } {
  const b = (body ?? {}) as Record<string, unknown>;
  const type = b.type;
  if (typeof type !== 'string' || !(type in PAYLOADS)) {
    throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'Unknown event type', {
      errors: [{ field: 'type', code: 'IS_IN', message: `type must be one of ${CLIENT_EVENT_TYPES.join(', ')}` }],
    });
  }
  const { type: _t, ...rest } = b;
  const instance = plainToInstance(PAYLOADS[type as keyof typeof PAYLOADS], rest);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length) {
    throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, `The ${type} event has invalid fields`, { errors: flattenValidationErrors(errors) });
  }
  return { type: type as keyof typeof PAYLOADS, payload: JSON.parse(JSON.stringify(instance)) as Record<string, unknown> };
}
