/** The public surface of the complaints context: what other contexts may import. */
export { ChallengeSpent } from './challenge/challenge-spent.entity.js';
export { ComplaintIntakeService } from './complaint-intake.service.js';
export { ComplaintsModule } from './complaints.module.js';
export { SubmitComplaintDto } from './dto/complaint.dto.js';
export { Evidence } from './evidence/evidence.entity.js';
export { EvidenceModule } from './evidence/evidence.module.js';
export { EvidenceRepository } from './evidence/evidence.repository.js';
export type { PacketEvidenceRow } from './evidence/evidence.repository.js';
export { IdempotencyKey } from './idempotency-key.entity.js';
export { SatisfactionSurvey } from './survey/satisfaction-survey.entity.js';
export { SURVEY_WINDOW_DAYS, SURVEYED_STATES } from './survey/survey-window.js';
