import { ApiKey } from '../identity/index.js';
import { AuditCheckpoint } from '../audit/index.js';
import { AuditEntry } from '../audit/index.js';
import { RateLimitBucket } from '../platform/rate-limit/rate-limit-bucket.entity.js';
import { Member, MemberDomain, MemberDues, MemberStatusChange } from '../register/index.js';
import { Convention, ConventionArticle, ConventionVersion } from '../pacts/index.js';
import { SelfInspection, SelfInspectionRevision } from '../pacts/index.js';
import { Signature } from '../pacts/index.js';
import { AuthSession, AuthSessionToken, User } from '../identity/index.js';
import { Partner, SiteKey } from '../parties/index.js';
import { ComplaintCategory } from '../cases/index.js';
import { ChallengeSpent, IdempotencyKey } from '../complaints/index.js';
import { CaseRecord } from '../cases/index.js';
import { CaseEventRecord } from '../cases/index.js';
import { Evidence } from '../complaints/index.js';
import { SatisfactionSurvey } from '../complaints/index.js';
import { CaseDeadline } from '../cases/index.js';
import { PartnerCallback } from '../outbound/index.js';
import { Notification } from '../platform/outbox/notification.entity.js';
import { ReportEvaluation } from '../reports/index.js';
import { Agency } from '../parties/index.js';
import { Disclosure } from '../publications/index.js';
import { CustodyEntry, Referral } from '../referrals/index.js';
import { SigningKey } from '../referrals/index.js';
import { CalendarDay, CalendarYear } from '../calendar/index.js';
import { MailDigestRun, MailMessage, MailPreference, MailUnsubscribe } from '../mail/index.js';
import { Bulletin, BulletinCounter, BulletinSeries } from '../bulletins/index.js';

/** Every entity, listed explicitly (ESM: no globs). */
export const ENTITIES = [
  MailMessage,
  MailPreference,
  MailUnsubscribe,
  MailDigestRun,
  User,
  AuthSession,
  AuthSessionToken,
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
  SiteKey,
  ComplaintCategory,
  IdempotencyKey,
  ChallengeSpent,
  CaseRecord,
  CaseEventRecord,
  Evidence,
  SatisfactionSurvey,
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
  BulletinSeries,
  Bulletin,
  BulletinCounter,
];
