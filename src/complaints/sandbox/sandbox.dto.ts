import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SANDBOX_EVENTS } from '../../cases/index.js';

export class SandboxEventDto {
  @ApiProperty({ enum: SANDBOX_EVENTS, description: 'A case event a supervisor may send (not MERGE or UNMERGE); see GET …/events for those the case takes now.' })
  type: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The event\'s fields, as the staff case route takes them (the `<Event>Event` schemas without `type`), e.g. `{ "upheld": true, "outcome": "…" }` for RESOLVE.',
  })
  payload?: Record<string, unknown>;
}

export class SandboxEventsView {
  @ApiProperty() reference: string;
  @ApiProperty() state: string;
  @ApiProperty({ nullable: true, type: String }) phase: string | null;
  @ApiProperty({ type: [String], description: 'Events this route takes now (POST …/events).' }) allowedEvents: string[];
  @ApiProperty({
    type: [String],
    description: 'Events the complainant could send now with the receipt code (POST /v1/public/complaints/events), e.g. CONFIRM of a resolution.',
  })
  complainantEvents: string[];
}
