import type { CaseFacts } from './views/case-rows.js';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../platform/access/principal.js';
import type { DeadlineSettings } from './deadlines/deadline-policy.js';
import type { CaseContext, DeadlineKind, Proposal } from './machine/case.types.js';

/*
 * The ports through which the one door's effects and checks reach the contexts that own the data. Each is an interface
 * and an injection token; every method runs on the manager it is given, i.e. inside the transition's transaction, so a
 * failure undoes the transition. The outbox port lives in `platform/outbox/` and the callback port in `outbound/` (both below cases).
 */

/** The case's own deadlines (`case_deadlines`) and their deadline and reminder jobs; implemented by `CaseDeadlines`. */
export interface DeadlinePort {
  start(m: EntityManager, d: { caseId: string; kind: DeadlineKind; overrides: Partial<DeadlineSettings> | null; promisedBy?: string; at: Date }): Promise<void>;
  cancel(m: EntityManager, d: { caseId: string; kind: DeadlineKind; at: Date }): Promise<void>;
}
export const DEADLINE_PORT = Symbol('DeadlinePort');

/** An approved publication becomes a public disclosure; implemented by publications. */
export interface DisclosurePort {
  publish(m: EntityManager, actor: Actor, d: PublishDisclosure): Promise<void>;
}
export interface PublishDisclosure {
  caseId: string;
  /** The proposal the approval cleared (the context before the transition). */
  proposal: Proposal | null;
  rightOfReply: CaseContext['rightOfReply'];
  approvedBy: string | null;
  /** The event's time (ISO). */
  at: string;
}
export const DISCLOSURE_PORT = Symbol('DisclosurePort');

/**
 * An approved referral becomes a signed packet; a retracted one is marked so; the agency's acknowledgement and
 * conclusion are recorded on it (so its status is a fact of the referral, not a search of the case history);
 * implemented by referrals.
 */
export interface ReferralPacketPort {
  buildPacket(m: EntityManager, actor: Actor, r: BuildReferralPacket): Promise<void>;
  markRetracted(m: EntityManager, actor: Actor, r: RetractReferral): Promise<void>;
  markAcknowledged(m: EntityManager, r: { caseId: string; referenceNumber: string; at: string }): Promise<void>;
  markConcluded(m: EntityManager, r: { caseId: string; outcome: string; at: string }): Promise<void>;
}
export interface BuildReferralPacket {
  caseId: string;
  /** The referral's agency (after the transition), else the proposal's. */
  agencyId: string | null;
  proposal: Proposal | null;
  approvedBy: string | null;
  approvedAt: string;
  /** The case's context after the approval. */
  context: CaseContext;
}
export interface RetractReferral {
  caseId: string;
  reason: string | null;
  retractedBy: string | null;
  at: string;
}
export const REFERRAL_PACKET_PORT = Symbol('ReferralPacketPort');

/** What the guards need to know of a case's evidence; implemented by complaints (which owns `evidence`). */
export interface EvidencePort {
  countForCase(m: EntityManager, caseId: string): Promise<number>;
}
export const EVIDENCE_PORT = Symbol('EvidencePort');

/**
 * The disclosure published for a case (the newest), which the respondent's case view shows; implemented by
 * publications (which owns `disclosures`). Read outside any transition, so it takes no manager.
 */
export interface PublishedDisclosures {
  newestOfCase(caseId: string): Promise<CaseFacts['disclosure']>;
}
export const PUBLISHED_DISCLOSURES = Symbol('PublishedDisclosures');
