/** The public surface of the cases context: what other contexts may import. */
export type { CaseEffect } from './case-effects.js';
export { DISCLOSURE_PORT, EVIDENCE_PORT, PUBLISHED_DISCLOSURES, REFERRAL_PACKET_PORT } from './case-ports.js';
export type { BuildReferralPacket, DisclosurePort, EvidencePort, PublishDisclosure, PublishedDisclosures, ReferralPacketPort, RetractReferral } from './case-ports.js';
export { CaseEventRecord } from './case-event.entity.js';
export { CaseReadsRepository } from './case-reads.repository.js';
export type { CaseStatusRow, ComplainantFacts, PacketCaseRow, PublicationFacts } from './case-reads.repository.js';
export { complainantTimeline, stateLabel, STATUS_LANGS, statusLang } from './case-timeline.js';
export type { StatusLang } from './case-timeline.js';
export { CaseTransitionsService } from './case-transitions.service.js';
export { CaseRecord, CHANNELS } from './case.entity.js';
export type { Channel, CitedArticle, RespondentMatch } from './case.entity.js';
export { CasesCoreModule } from './cases-core.module.js';
export { EVENT_ERRORS } from './cases.controller.js';
export { CasesError, CasesErrorCode } from './cases.errors.js';
export { CasesModule } from './cases.module.js';

export { CategoriesController, CategoriesService } from './categories/categories.js';
export { ComplaintCategory } from './categories/complaint-category.entity.js';
export { CaseDeadline } from './deadlines/case-deadline.entity.js';
export { EVENT_MODELS, eventBodySchema, parseClientEvent } from './dto/case-events.dto.js';
export { appliedFor, AppliedView } from './dto/case.dto.js';
export { CASE_EVENT_TYPES, COMPLAINANT_EVENTS } from './events/case-events.js';
export type { CaseContext, Proposal } from './machine/case.types.js';
export type { CaseEventRow } from './views/case-rows.js';
export { staffHistoryEntry } from './views/staff.view.js';
export { addWorkingDays } from './deadlines/deadline-policy.js';
