import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class ShareEvidenceDto {
  @ApiPropertyOptional({
    description: 'Required (true) for a complaint by an employee of the respondent: the staff confirm the item does not identify the complainant.',
  })
  @IsOptional() @IsBoolean()
  confirmNotIdentifying?: boolean;
}

export class EvidenceSharingView {
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String, description: 'The staff user who shared it.' }) by: string | null;
}

/** An evidence item as staff see it: every item of the case, with who supplied it and whether the respondent sees it. */
export class StaffEvidenceView {
  @ApiProperty() id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex.' }) sha256: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ enum: ['partner', 'complainant', 'staff'] }) uploadedByKind: string;
  @ApiProperty({ nullable: true, type: EvidenceSharingView, description: 'Null while the respondent does not see the item.' })
  sharedWithRespondent: EvidenceSharingView | null;
}

/** An evidence item as the respondent sees it: shared items only, never who supplied them. */
export class RespondentEvidenceView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'For a complaint by an employee of the respondent, a neutral name instead of the one the file came with.' })
  fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() size: number;
  @ApiProperty() sha256: string;
  @ApiProperty() sharedAt: string;
}

export class StaffEvidenceListView {
  @ApiProperty({ type: [StaffEvidenceView] }) items: StaffEvidenceView[];
}

export class RespondentEvidenceListView {
  @ApiProperty({ type: [RespondentEvidenceView] }) items: RespondentEvidenceView[];
}
