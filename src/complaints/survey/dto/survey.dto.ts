import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { OptionalText } from '../../../platform/validators.js';

export const SURVEY_COMMENT_MAX = 2000;

export class AnswerSurveyDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 4, description: '1 (very dissatisfied) to 5 (very satisfied).' })
  @IsInt() @Min(1) @Max(5)
  rating: number;

  @ApiPropertyOptional({ maxLength: SURVEY_COMMENT_MAX, nullable: true, type: String, description: 'Trimmed; empty or null is no comment. Read by staff only.' })
  @OptionalText(SURVEY_COMMENT_MAX, { nullable: true })
  comment?: string | null;
}

/** What the complainant gets back: their rating and when it was recorded (never the comment). */
export class SurveyAnswerView {
  @ApiProperty({ example: 4 }) rating: number;
  @ApiProperty({ example: '2026-11-20T08:00:00.000Z' }) answeredAt: string;
}

/** The survey as staff read it. */
export class StaffSurveyView {
  @ApiProperty({ example: 4 }) rating: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() answeredAt: string;
}

/** The survey flags of the complainant's status view. */
export class SurveyStatusView {
  @ApiProperty({ description: 'The complainant may answer now (POST /v1/public/complaints/survey): the case is closed or dismissed, it closed at most 90 days ago, and it is not answered yet.' })
  open: boolean;
  @ApiProperty({ description: 'The survey has been answered.' }) answered: boolean;
}
