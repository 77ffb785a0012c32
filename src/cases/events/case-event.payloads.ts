import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';

/**
 * What a client sends with each case event besides `type` (actor and time are added by the server). These classes are
 * the validation rules; `CASE_EVENTS` names one per event, and OpenAPI describes them from the same rules.
 */

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const text = (max: number) => [Transform(trim), IsString(), MinLength(1), MaxLength(max)];
const Text = (max: number): PropertyDecorator => (target, key) => text(max).forEach((d) => d(target, key));

export class Reason { @Text(2000) reason: string; }
export class OptionalNote { @IsOptional() @Text(2000) note?: string; }
/** `note` stays with the staff; `statement` is forwarded to the respondent (required for an employee's complaint). */
export class RequestResponseDto { @IsOptional() @Text(2000) note?: string; @IsOptional() @Text(10000) statement?: string; }
export class AcceptDto { @IsOptional() @IsUUID() respondentMemberId?: string; }
/** A wrong respondent match corrected after acceptance; `reason` stays with the staff (never shown to a respondent). */
export class CorrectRespondentDto { @IsUUID() respondentMemberId: string; @Text(2000) reason: string; }
export class MergeDto { @IsUUID() targetCaseId: string; }
/** The respondent's answer, one class per kind (a kind outside the three is refused by the base class). */
const RESPONSE_KINDS = ['action_promised', 'unfounded', 'not_concerned'] as const;
class ResponseKindDto { @IsIn([...RESPONSE_KINDS]) kind: (typeof RESPONSE_KINDS)[number]; }
class ActionPromisedResponse { @IsIn(['action_promised']) kind: 'action_promised'; @Text(2000) action: string; @IsISO8601({ strict: true }) by: string; @IsOptional() @Text(2000) note?: string; }
class UnfoundedResponse { @IsIn(['unfounded']) kind: 'unfounded'; @Text(5000) reasons: string; @IsOptional() @Text(2000) note?: string; }
class NotConcernedResponse { @IsIn(['not_concerned']) kind: 'not_concerned'; @IsOptional() @Text(2000) note?: string; }
/** The classes of the respondent's answer by kind (OpenAPI needs them registered as models of their own). */
export const RESPONSE_CLASSES = { action_promised: ActionPromisedResponse, unfounded: UnfoundedResponse, not_concerned: NotConcernedResponse };
export class RespondDto {
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
export class SessionDto { @Text(5000) summary: string; @IsOptional() @IsISO8601({ strict: true }) heldAt?: string; }
export class AgreementDto { @Text(5000) terms: string; }
export class ResolveDto { @IsBoolean() upheld: boolean; @Text(5000) outcome: string; }
export class ProposePublicationDto { @Text(2000) summary: string; @Text(5000) findings: string; }
export class ProposeReferralDto { @IsUUID() agencyId: string; @IsOptional() @Text(5000) justification?: string; }
export class ReplyDto { @Text(5000) reply: string; }
export class AckDto { @Text(100) referenceNumber: string; }
export class ConcludeDto { @Text(5000) outcome: string; }
export class WithdrawDto { @IsOptional() @Text(2000) reason?: string; }
export class InfoDto { @Text(10000) text: string; }
export class AssignDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null unassigns' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId: string | null;
}
export class NoteDto { @Text(10000) text: string; }
export class CloseDto { @IsOptional() @Text(2000) reason?: string; }
export class FollowUpDto { @IsBoolean() happened: boolean; @IsOptional() @Text(2000) note?: string; }
