import { ApiKey } from '../api-keys/api-key.entity.js';
import { AuditCheckpoint } from '../audit/audit-checkpoint.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { RateLimitBucket } from '../common/rate-limit/rate-limit-bucket.entity.js';
import { Member, MemberDomain, MemberDues, MemberStatusChange } from '../members/member.entity.js';
import { Convention, ConventionArticle, ConventionVersion } from '../pacts/convention.entity.js';
import { SelfInspection, SelfInspectionRevision } from '../self-inspections/self-inspection.entity.js';
import { Signature } from '../signatures/signature.entity.js';
import { User } from '../users/user.entity.js';

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
  MemberDues,
  MemberStatusChange,
  Signature,
  SelfInspection,
  SelfInspectionRevision,
];
