import { ApiKey } from '../identity/api-keys/api-key.entity.js';
import { AuditCheckpoint } from '../audit/audit-checkpoint.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { RateLimitBucket } from '../platform/rate-limit/rate-limit-bucket.entity.js';
import { Member, MemberDomain, MemberDues, MemberStatusChange } from '../register/member.entity.js';
import { Convention, ConventionArticle, ConventionVersion } from '../pacts/conventions/convention.entity.js';
import { SelfInspection, SelfInspectionRevision } from '../pacts/self-inspections/self-inspection.entity.js';
import { Signature } from '../pacts/signatures/signature.entity.js';
import { User } from '../identity/users/user.entity.js';
import { Partner } from '../parties/partners/partner.entity.js';
import { ComplaintCategory } from '../cases/categories/complaint-category.entity.js';
import { IdempotencyKey } from '../complaints/idempotency-key.entity.js';
import { CaseRecord } from '../cases/case.entity.js';
import { CaseEventRecord } from '../cases/case-event.entity.js';
import { Evidence } from '../complaints/evidence/evidence.entity.js';
import { CaseDeadline } from '../cases/deadlines/case-deadline.entity.js';
import { Notification, PartnerCallback } from '../outbound/notification.entity.js';
import { ReportEvaluation } from '../reports/report-evaluation.entity.js';
import { Agency } from '../parties/agencies/agency.entity.js';
import { Disclosure } from '../publications/disclosure.entity.js';
import { CustodyEntry, Referral } from '../referrals/referral.entity.js';
import { SigningKey } from '../referrals/signing-key.entity.js';
import { CalendarDay, CalendarYear } from '../calendar/calendar.entity.js';

/** Every entity, listed explicitly (ESM: no globs). */
export const ENTITIES = [
  User,
  ApiKey,
  AuditEntry,
  AuditCheckpoint,
  RateLimitBucket,
  Member,
  MemberDomain,
  Convention,
  ConventionVersion,
  ConventionArticle,
  Partner,
  ComplaintCategory,
  IdempotencyKey,
  CaseRecord,
  CaseEventRecord,
  Evidence,
  CaseDeadline,
  Notification,
  PartnerCallback,
  MemberDues,
  MemberStatusChange,
  Signature,
  SelfInspection,
  SelfInspectionRevision,
  ReportEvaluation,
  Agency,
  Disclosure,
  SigningKey,
  Referral,
  CustodyEntry,
  CalendarYear,
  CalendarDay,
];
