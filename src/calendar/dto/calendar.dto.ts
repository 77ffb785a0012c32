import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class OfficialDayDto {
  @ApiProperty({ example: '2027-01-01', format: 'date' })
  @IsString() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiProperty({ example: '元旦' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  name: string;
}

/** A year's official list as the State Council publishes it: the days off, and the weekend days worked instead. */
export class LoadCalendarYearDto {
  @ApiProperty({ type: [OfficialDayDto], description: 'Every day off, weekend days inside a holiday period included.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(120) @ValidateNested({ each: true }) @Type(() => OfficialDayDto)
  holidays: OfficialDayDto[];

  @ApiProperty({ type: [OfficialDayDto], description: 'Adjusted working days (调休): Saturdays or Sundays that are worked.' })
  @IsArray() @ArrayMaxSize(60) @ValidateNested({ each: true }) @Type(() => OfficialDayDto)
  workdays: OfficialDayDto[];

  @ApiPropertyOptional({ example: '国务院办公厅关于2027年部分节假日安排的通知', description: 'Where the list comes from (default: "admin").' })
  @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(300)
  source?: string;
}

export class CalendarYearSummaryView {
  @ApiProperty({ example: 2027 }) year: number;
  @ApiProperty() source: string;
  @ApiProperty({ format: 'date-time' }) loadedAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'User or API key id; null for the seed and the CLI.' }) loadedBy: string | null;
  @ApiProperty() holidays: number;
  @ApiProperty() workdays: number;
}

export class CalendarYearView {
  @ApiProperty({ example: 2027 }) year: number;
  @ApiProperty() source: string;
  @ApiProperty({ format: 'date-time' }) loadedAt: string;
  @ApiProperty({ nullable: true, type: String }) loadedBy: string | null;
  @ApiProperty({ type: [OfficialDayDto] }) holidays: OfficialDayDto[];
  @ApiProperty({ type: [OfficialDayDto] }) workdays: OfficialDayDto[];
}

export class CalendarCoverageView {
  @ApiProperty({ type: [CalendarYearSummaryView] }) years: CalendarYearSummaryView[];
  @ApiProperty({ format: 'date', example: '2026-12-07', description: 'Today in Shanghai.' }) today: string;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Last day of the unbroken run of loaded years from today; null when this year is not loaded.' })
  lastCoveredDate: string | null;
  @ApiProperty({ description: 'Days of loaded calendar left after today.' }) daysRemaining: number;
  @ApiProperty({ description: 'True when fewer than 60 days remain: load next year\'s list.' }) warning: boolean;
}
