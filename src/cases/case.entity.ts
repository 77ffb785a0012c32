import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../register/index.js';
import { Partner } from '../parties/index.js';
import { ComplaintCategory } from './categories/complaint-category.entity.js';

export const CHANNELS = ['partner', 'web', 'phone', 'letter', 'email', 'visit'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface RespondentMatch {
  /** `corrected`: staff replaced the respondent after acceptance (CORRECT_RESPONDENT). */
  method: 'member_id' | 'domain' | 'none' | 'corrected';
  matchedDomain?: string;
  /** Name-similarity suggestions for triage; never applied automatically. */
  suggestions?: { memberId: string; name: string; similarity: number }[];
  /** For `corrected`: the member's register name at the correction, the member it replaced, who corrected it and when. */
  memberName?: string;
  previousMemberId?: string | null;
  correctedBy?: string | null;
  correctedAt?: string;
}

/** A uuid read from the snapshot at `path`, or null (absent, empty or not a uuid): the expression of a generated column. */
const snapshotUuid = (path: string) =>
  `CASE WHEN (${path}) ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (${path})::uuid END`;

/** Expressions of the columns generated from the machine snapshot (migration CaseSnapshotFactColumns). */
export const REFERRAL_AGENCY_ID_EXPRESSION = snapshotUuid(`snapshot -> 'context' -> 'referral' ->> 'agencyId'`);
export const MERGED_INTO_ID_EXPRESSION = snapshotUuid(`snapshot -> 'context' ->> 'mergedInto'`);

export interface CitedArticle {
  conventionCode: string;
  articleNumber: number;
  versionId: string;
  version: number;
}

/**
 * A complaint and the case it opens (one row: the complaint as submitted, and the lifecycle state
 * driven by the case machine through CaseTransitionsService, the one door).
 */
@Entity('cases')
@Check('cases_channel_check', `channel IN ('partner','web','phone','letter','email','visit')`)
@Check('cases_partner_check', `(channel = 'partner') = (partner_id IS NOT NULL)`)
// An external id is unique per partner and mode: a partner's sandbox may reuse its live ids (migration TestCases).
@Index('cases_partner_external_id_key', ['partnerId', 'externalId', 'test'], { unique: true, where: '"external_id" IS NOT NULL' })
// Every index that serves staff lists, search and reports is partial, WHERE NOT test (migration TestCases): test
// complaints never enter them, and the queries that use them say `NOT c.test` (docs/performance.md, "Test complaints").
// (state, received_at), (respondent_member_id, received_at), (partner_id, received_at), (assignee_id).
@Index('cases_state_received_idx', { synchronize: false })
@Index('cases_respondent_received_idx', { synchronize: false })
@Index('cases_partner_received_idx', { synchronize: false })
@Index('cases_assignee_idx', { synchronize: false })
// Report indexes (partial / covering), created by migration ReportIndexes; see docs/reports.md. cases_received_cover_idx
// (received_at, id) INCLUDE (…) also serves lists and search in received order (migration CaseSearchAndListIndexes).
@Index('cases_received_cover_idx', { synchronize: false })
@Index('cases_open_received_idx', { synchronize: false })
@Index('cases_updated_idx', { synchronize: false })
// (respondent_member_id, state, received_at DESC, id DESC): migration CaseSearchAndListIndexes.
@Index('cases_respondent_state_received_idx', { synchronize: false })
// (received_at, id) WHERE test: the sandbox purge's and the reports' way to the (few) test complaints.
@Index('cases_test_received_idx', { synchronize: false })
// The console's work queues (migration CaseQueueIndexes): open cases by assignee, overdue, by state and phase; pending
// proposals (an expression over the snapshot).
@Index('cases_open_assignee_idx', { synchronize: false })
@Index('cases_open_overdue_idx', { synchronize: false })
@Index('cases_open_state_phase_idx', { synchronize: false })
@Index('cases_pending_proposal_idx', { synchronize: false })
@Index('cases_referral_agency_idx', ['referralAgencyId'], { where: '"referral_agency_id" IS NOT NULL' })
export class CaseRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Public reference, e.g. TS-2026-000123 (number from the case_reference_seq sequence). */
  @Index('cases_reference_key', { unique: true })
  @Column({ type: 'text' })
  reference: string;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'uuid', nullable: true })
  partnerId: string | null;

  @ManyToOne(() => Partner, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'cases_partner_id_fkey' })
  partner?: Partner;

  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'uuid', nullable: true })
  respondentMemberId: string | null;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'respondent_member_id', foreignKeyConstraintName: 'cases_respondent_member_id_fkey' })
  respondentMember?: Member;

  @Column({ type: 'text' })
  respondentName: string;

  @Column({ type: 'text', nullable: true })
  respondentUrl: string | null;

  @Column({ type: 'jsonb' })
  respondentMatch: RespondentMatch;

  @Column({ type: 'text' })
  category: string;

  @ManyToOne(() => ComplaintCategory, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category', referencedColumnName: 'code', foreignKeyConstraintName: 'cases_category_fkey' })
  categoryRef?: ComplaintCategory;

  /**
   * Text search runs on a GIN index of the bigrams of title and description, kept in the table `case_search_text` by
   * the indexer (migration CaseSearchTextAsync; src/cases/case-search-indexer.ts).
   */
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  urls: string[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  citedArticles: CitedArticle[];

  @Column({ type: 'boolean' })
  complainantAnonymous: boolean;

  /** Name, phone and email, AES-256-GCM encrypted (iv | tag | ciphertext); null when anonymous or erased. */
  @Column({ type: 'bytea', nullable: true })
  complainantContactEnc: Buffer | null;

  @Column({ type: 'text', nullable: true })
  complainantKeyId: string | null;

  @Column({ type: 'boolean', default: false })
  isEmployeeOfRespondent: boolean;

  /** SHA-256 of the normalised receipt code (the code itself is shown once and never stored). */
  @Index('cases_receipt_hash_key', { unique: true })
  @Column({ type: 'text' })
  receiptHash: string;

  /** Top-level state (received, investigating, …); `phase` holds the sub-state where there is one. */
  @Column({ type: 'text' })
  state: string;

  @Column({ type: 'text', nullable: true })
  phase: string | null;

  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  @Column({ type: 'integer' })
  machineVersion: number;

  /**
   * Facts other contexts query, generated by PostgreSQL from the snapshot (so they never disagree with it): the agency
   * the case is referred to, and the case it was merged into.
   */
  @Column({ type: 'uuid', nullable: true, insert: false, update: false, generatedType: 'STORED', asExpression: REFERRAL_AGENCY_ID_EXPRESSION })
  referralAgencyId: string | null;

  @Column({ type: 'uuid', nullable: true, insert: false, update: false, generatedType: 'STORED', asExpression: MERGED_INTO_ID_EXPRESSION })
  mergedIntoId: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'boolean', default: false })
  overdue: boolean;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  /**
   * A test complaint (issue #14): made with a partner's test-mode key (or test-mode site key). Never in a staff list,
   * search, count or detail, a respondent's or liaison's view, the public register or statistics, a report, an
   * evaluation or an export; its transitions notify nobody (only the partner's callback goes out); purged after 7 days.
   */
  @Column({ type: 'boolean', default: false })
  test: boolean;
}
