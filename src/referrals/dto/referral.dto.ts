import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../platform/pagination.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const REFERRAL_STATUSES = ['pending', 'acknowledged', 'concluded', 'retracted'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export class ListReferralsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional() @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;

  @ApiPropertyOptional({ description: 'Only this case\'s referrals.' })
  @IsOptional() @IsUUID()
  caseId?: string;
}

export class AcknowledgeReferralDto {
  @ApiProperty({ example: '沪公网安〔2026〕123号', description: 'The agency\'s own reference number for the matter.' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  referenceNumber: string;
}

export class ConcludeReferralDto {
  @ApiProperty({ example: '已立案侦查，责令整改', description: 'What the agency did.' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(5000)
  outcome: string;
}

export class RetractReferralDto {
  @ApiProperty({ description: 'Why the referral is withdrawn (the agency sees it).' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(2000)
  reason: string;
}

export class ReferralView {
  @ApiProperty({ description: 'The referral id, also the packet id.' }) id: string;
  @ApiProperty() caseId: string;
  @ApiProperty() caseReference: string;
  @ApiProperty() agency: { id: string; name: string };
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: ReferralStatus;
  @ApiProperty({ description: 'Whether this is the case\'s latest referral (only that one can be acknowledged or concluded).' }) current: boolean;
  @ApiProperty({ description: 'SHA-256 (hex) of the canonical packet bytes.' }) packetSha256: string;
  @ApiProperty() packetSize: number;
  @ApiProperty() signingKeyId: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) referenceNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) concludedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String }) retractedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) retractionReason: string | null;
}

export class ReferralPageView {
  @ApiProperty({ type: [ReferralView] }) items: ReferralView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class CustodyEntryView {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ description: '`user` or `api_key`.' }) actorType: string;
  @ApiProperty() actorId: string;
  @ApiProperty() actorRole: string;
  @ApiProperty({ nullable: true, type: String }) agencyId: string | null;
  @ApiProperty({ enum: ['packet', 'zip', 'evidence'] }) artifact: string;
  @ApiProperty({ nullable: true, type: String }) evidenceId: string | null;
  @ApiProperty() packetSha256: string;
  @ApiProperty({ nullable: true, type: String }) evidenceSha256: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
}

export class JwkView {
  @ApiProperty({ example: 'OKP' }) kty: string;
  @ApiProperty({ example: 'Ed25519' }) crv: string;
  @ApiProperty({ description: 'The raw public key, base64url.' }) x: string;
  @ApiProperty() kid: string;
  @ApiProperty({ example: 'sig' }) use: string;
  @ApiProperty({ example: 'EdDSA' }) alg: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'Whether packets are signed with this key now; the others are kept for older packets.' }) current: boolean;
}

export class JwksView {
  @ApiProperty({ type: [JwkView] }) keys: JwkView[];
}
