import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { Clock } from '../../platform/clock.js';
import { addDays, chinaDate, isIsoDate, maxDate, minDate } from '../../platform/dates.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import type { FieldError } from '../../platform/errors/app-error.js';
import { HttpError, HttpErrorCode } from '../../platform/errors/http-error.js';
import { actingUserId, memberScopeOf } from '../../register/index.js';
import { memberNotFound } from '../../register/index.js';
import { MembersRepository } from '../../register/index.js';
import { ConventionsRepository } from '../conventions/conventions.repository.js';
import { conventionNotFound, versionNotFound } from '../conventions/pacts.errors.js';
import { BLOB_STORE, type BlobStore } from '../../platform/storage/blob-store.js';
import { openStoredFile, type StoredFile } from '../../platform/storage/file-download.js';
import { decodeInline } from '../../platform/storage/uploads.js';
import { type BoundReason, BoundView, SignatureListView, SignatureView, SignDto, WithdrawDto } from './dto/signature.dto.js';
import { SignaturesError, SignaturesErrorCode } from './signatures.errors.js';
import { type SignatureRow, SignaturesRepository } from './signatures.repository.js';
import { Transactions } from '../../platform/database/transactions.js';

/** Why a member was or was not bound by an article on a date (see boundOn). */
export interface BoundResult {
  bound: boolean;
  reason: BoundReason | null;
  /** withdrawn / renewal_lapsed: first day no longer bound; not_yet_effective: first day bound. */
  since: string | null;
  signature: SignatureRow | null;
  version: { version: number; effectiveDate: string; textHash: string } | null;
  article: { number: number; title: string; body: string } | null;
}

@Injectable()
export class SignaturesService {
  constructor(
    private readonly tx: Transactions,
    private readonly signatures: SignaturesRepository,
    private readonly members: MembersRepository,
    private readonly conventions: ConventionsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(BLOB_STORE) private readonly storage: BlobStore,
  ) {}

  /**
   * A member signs the published version: online by its own member_rep (signed now), or recorded by the
   * secretariat after a paper ceremony with the scanned document. Signing the current version while a
   * signature of an older version awaits renewal completes the renewal: the old one ends the day the new
   * one starts binding.
   */
  async sign(actor: Actor, code: string, versionNumber: number, dto: SignDto): Promise<SignatureView> {
    const scope = memberScopeOf(actor);
    const memberId = scope ? (dto.memberId ?? scope) : dto.memberId;
    if (!memberId) {
      throw new SignaturesError(SignaturesErrorCode.MEMBER_REQUIRED, 'Say which member signs', {
        errors: [{ field: 'memberId', code: 'REQUIRED', message: 'memberId is required when the secretariat records a signature' }],
      });
    }
    const now = this.clock.now();
    const method = scope ? 'online' : 'paper';
    const paper = method === 'paper' ? this.checkPaper(dto, now) : this.checkOnline(dto);
    const signedAt = paper?.signedAt ?? now;

    return this.tx.run(async (m) => {
      // The convention row serialises signing with publication (which moves signatures to renewal_pending).
      const convention = await this.conventions.findByCode(m, code, true);
      if (!convention) throw conventionNotFound();
      const version = await this.conventions.findVersion(m, convention.id, versionNumber);
      if (!version) throw versionNotFound();
      if (version.status === 'draft') {
        throw new SignaturesError(SignaturesErrorCode.VERSION_NOT_PUBLISHED, `Version ${versionNumber} is a draft: only a published version can be signed`);
      }
      if (version.status === 'superseded') {
        throw new SignaturesError(SignaturesErrorCode.VERSION_SUPERSEDED, `Version ${versionNumber} was superseded: sign the current version`);
      }
      const member = await this.members.findById(m, memberId, { scope, lock: true });
      if (!member) throw memberNotFound();
      if (member.status !== 'active') {
        throw new SignaturesError(SignaturesErrorCode.MEMBER_NOT_ACTIVE, `The member is ${member.status}: only an active member can sign`);
      }
      const articleNumbers = (await this.conventions.articlesOf(m, version.id)).map((a) => a.number);
      const articles = subscribedArticles(dto.articles, articleNumbers);
      const current = await this.signatures.findCurrentForUpdate(m, memberId, convention.id);
      if (current && current.versionId === version.id) {
        throw new SignaturesError(SignaturesErrorCode.ALREADY_SIGNED, `The member already signed version ${versionNumber} (signature ${current.id})`);
      }
      const validFrom = maxDate(chinaDate(signedAt), version.effectiveDate!);
      if (current) {
        // Renewal: the old signature binds until the new one does (never past its renewal deadline).
        const endedOn = maxDate(current.validFrom, current.bindingEnd ? minDate(validFrom, current.bindingEnd) : validFrom);
        await this.signatures.markRenewed(m, current.id, endedOn);
      }
      const document = paper ? { ...(await this.storage.put(paper.bytes)), fileName: dto.document!.fileName, contentType: dto.document!.contentType } : null;
      const id = await this.signatures
        .insert(m, {
          memberId,
          conventionId: convention.id,
          versionId: version.id,
          method,
          signatoryName: dto.signatoryName.trim(),
          signatoryTitle: dto.signatoryTitle.trim(),
          signedAt,
          textHash: version.textHash!,
          articles,
          validFrom,
          document,
          recordedBy: actingUserId(actor),
        })
        .catch((e: unknown) => {
          if (isUniqueViolation(e, 'signatures_one_current_key')) {
            throw new SignaturesError(SignaturesErrorCode.ALREADY_SIGNED, 'The member already has a current signature of this convention');
          }
          throw e;
        });
      if (current) await this.signatures.linkRenewal(m, current.id, id);
      await this.audit.record(m, actor, {
        action: 'signature.sign',
        resourceType: 'signature',
        resourceId: id,
        payload: { ...dto, document: document ? { sha256: document.sha256, size: document.size } : undefined },
        details: { memberId, code, version: versionNumber, method, textHash: version.textHash, articles: articles?.length ?? 'all', renewed: current?.id ?? null, documentSha256: document?.sha256 ?? null },
      });
      return this.view((await this.signatures.findScoped(m, id, undefined))!, now);
    });
  }

  /** Withdraws a current signature with a reason; it stops binding today (history is kept). */
  async withdraw(actor: Actor, id: string, dto: WithdrawDto): Promise<SignatureView> {
    const scope = memberScopeOf(actor);
    const now = this.clock.now();
    return this.tx.run(async (m) => {
      const s = await this.signatures.findScoped(m, id, scope, true);
      if (!s) throw new SignaturesError(SignaturesErrorCode.SIGNATURE_NOT_FOUND, 'Signature not found');
      if (s.status === 'withdrawn') {
        throw new SignaturesError(SignaturesErrorCode.SIGNATURE_ALREADY_WITHDRAWN, `This signature was already withdrawn on ${s.withdrawnAt!.toISOString()}`);
      }
      if (s.status === 'renewed') {
        throw new SignaturesError(SignaturesErrorCode.SIGNATURE_NOT_CURRENT, 'This signature was renewed by a newer one: withdraw that one');
      }
      const today = chinaDate(now);
      const endedOn = maxDate(s.validFrom, s.bindingEnd ? minDate(today, s.bindingEnd) : today);
      await this.signatures.markWithdrawn(m, id, { endedOn, at: now, reason: dto.reason.trim(), by: actingUserId(actor) });
      await this.audit.record(m, actor, {
        action: 'signature.withdraw',
        resourceType: 'signature',
        resourceId: id,
        payload: dto,
        details: { memberId: s.memberId, code: s.conventionCode, version: s.version, endedOn },
      });
      return this.view((await this.signatures.findScoped(m, id, undefined))!, now);
    });
  }

  /**
   * The scanned document of a paper signature, for the secretariat or the signing member's representative (another
   * member's signature answers 404 as an unknown one). Every read is audited with the document's hash.
   */
  async document(actor: Actor, id: string): Promise<StoredFile> {
    return this.tx.run(async (m) => {
      const s = await this.signatures.findScoped(m, id, memberScopeOf(actor));
      if (!s) throw new SignaturesError(SignaturesErrorCode.SIGNATURE_NOT_FOUND, 'Signature not found');
      const missing = () => new SignaturesError(SignaturesErrorCode.DOCUMENT_NOT_FOUND, 'This signature has no scanned document (it was signed online)');
      if (!s.documentSha256) throw missing();
      await this.audit.record(m, actor, {
        action: 'signature.document.read',
        resourceType: 'signature',
        resourceId: id,
        details: { memberId: s.memberId, sha256: s.documentSha256 },
      });
      // Opened last: nothing is left open when the audit entry cannot be written (a missing blob rolls it back).
      const stream = await openStoredFile(this.storage, s.documentSha256, missing);
      const meta = { fileName: s.documentFileName!, contentType: s.documentContentType!, size: s.documentSize!, sha256: s.documentSha256 };
      return { stream, meta };
    });
  }

  async listForMember(actor: Actor, memberId: string): Promise<SignatureListView> {
    const now = this.clock.now();
    return this.tx.run('REPEATABLE READ', async (m) => {
      if (!(await this.members.findSummary(m, memberId, memberScopeOf(actor)))) throw memberNotFound();
      return { items: (await this.signatures.listForMember(m, memberId)).map((r) => this.view(r, now)) };
    });
  }

  /** boundOn for an HTTP caller: the member must be visible to it (a member_rep: its own). */
  async boundForActor(actor: Actor, memberId: string, code: string, article: number, on?: string): Promise<BoundView> {
    if (!(await this.members.findSummary(this.tx.manager, memberId, memberScopeOf(actor)))) throw memberNotFound();
    const date = on ?? chinaDate(this.clock.now());
    const r = await this.boundOn(memberId, code, article, date);
    return {
      memberId,
      convention: code,
      article,
      on: date,
      bound: r.bound,
      reason: r.reason,
      since: r.since,
      signature: r.signature ? this.view(r.signature, this.clock.now()) : null,
      version: r.version,
      articleText: r.article,
    };
  }

  /**
   * Was the member bound by article `articleNumber` of convention `conventionCode` on `on` (a calendar
   * date in China Standard Time, or an instant converted to one)? Answers with the signature and version
   * that bound it, or the reason it was not. A signature binds on [valid_from, least(ended_on,
   * renewal_due_on + 1)): a signature of a superseded version keeps binding, with the old text, while its
   * renewal is pending, until its deadline or until the member signs the new version.
   * Throws CONVENTION_NOT_FOUND for an unknown convention; an unknown member is simply never_signed.
   */
  async boundOn(memberId: string, conventionCode: string, articleNumber: number, on: string | Date): Promise<BoundResult> {
    const date = on instanceof Date ? chinaDate(on) : on;
    if (!isIsoDate(date)) throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'on must be a date written YYYY-MM-DD');
    const m = this.tx.manager;
    const convention = await this.conventions.findByCode(m, conventionCode);
    if (!convention) throw conventionNotFound();
    const binding = await this.signatures.findBindingOn(memberId, convention.id, date);
    if (binding) {
      const version = { version: binding.version, effectiveDate: binding.versionEffectiveDate, textHash: binding.textHash };
      const article = (await this.conventions.articlesOf(m, binding.versionId)).find((a) => a.number === articleNumber);
      if (!article) return { bound: false, reason: 'article_not_in_version', since: null, signature: binding, version, article: null };
      if (binding.articles && !binding.articles.includes(articleNumber)) {
        return { bound: false, reason: 'article_not_subscribed', since: null, signature: binding, version, article: null };
      }
      return { bound: true, reason: null, since: null, signature: binding, version, article: { number: article.number, title: article.title, body: article.body } };
    }
    const history = await this.signatures.historyFor(memberId, convention.id);
    if (history.length === 0) return notBound('never_signed', null, null);
    const started = history.filter((s) => s.validFrom <= date);
    if (started.length) {
      // The one that ended last explains the gap: a withdrawal, or a renewal deadline that passed.
      const last = started.reduce((a, b) => (b.bindingEnd! >= a.bindingEnd! ? b : a));
      const withdrawnFirst = last.status === 'withdrawn' && (last.renewalDueOn === null || chinaDate(last.withdrawnAt!) <= last.renewalDueOn);
      const lapsed = last.renewalDueOn !== null && addDays(last.renewalDueOn, 1) === last.bindingEnd && !withdrawnFirst;
      return notBound(lapsed ? 'renewal_lapsed' : 'withdrawn', last.bindingEnd, last);
    }
    const next = history[0];
    return chinaDate(next.signedAt) <= date ? notBound('not_yet_effective', next.validFrom, next) : notBound('not_yet_signed', null, next);
  }

  private checkPaper(dto: SignDto, now: Date): { signedAt: Date; bytes: Buffer } {
    const errors: FieldError[] = [];
    if (!dto.document) errors.push({ field: 'document', code: 'REQUIRED', message: 'a paper signature needs the scanned signed document' });
    if (!dto.signedAt) errors.push({ field: 'signedAt', code: 'REQUIRED', message: 'a paper signature needs the date and time of the ceremony' });
    if (errors.length) throw new SignaturesError(SignaturesErrorCode.SIGNATURE_METHOD_INVALID, 'The secretariat records paper signatures: document and signedAt are required', { errors });
    const signedAt = new Date(dto.signedAt!);
    if (Number.isNaN(signedAt.getTime()) || signedAt.getTime() > now.getTime() + 5 * 60_000 || signedAt < new Date('2000-01-01T00:00:00Z')) {
      throw new SignaturesError(SignaturesErrorCode.SIGNED_AT_INVALID, 'signedAt must be a past moment (not in the future, not before 2000)', {
        errors: [{ field: 'signedAt', code: 'OUT_OF_RANGE', message: 'signedAt must not be in the future' }],
      });
    }
    const bytes = decodeInline(dto.document!);
    if (!bytes) throw new SignaturesError(SignaturesErrorCode.DOCUMENT_TOO_LARGE, 'The scanned document is larger than 5 MB');
    if (bytes.length === 0) {
      throw new SignaturesError(SignaturesErrorCode.DOCUMENT_INVALID, 'The scanned document is empty', {
        errors: [{ field: 'document.contentBase64', code: 'EMPTY', message: 'the document has no bytes' }],
      });
    }
    return { signedAt, bytes };
  }

  private checkOnline(dto: SignDto): null {
    const errors: FieldError[] = [];
    if (dto.document) errors.push({ field: 'document', code: 'NOT_ALLOWED', message: 'an online signature has no scanned document' });
    if (dto.signedAt) errors.push({ field: 'signedAt', code: 'NOT_ALLOWED', message: 'an online signature is signed now' });
    if (errors.length) throw new SignaturesError(SignaturesErrorCode.SIGNATURE_METHOD_INVALID, 'A member representative signs online, now, without a document', { errors });
    return null;
  }

  view(r: SignatureRow, now: Date): SignatureView {
    const today = chinaDate(now);
    return {
      id: r.id,
      memberId: r.memberId,
      memberName: r.memberName,
      conventionCode: r.conventionCode,
      conventionTitle: r.conventionTitle,
      version: r.version,
      status: r.status,
      method: r.method,
      signatoryName: r.signatoryName,
      signatoryTitle: r.signatoryTitle,
      signedAt: r.signedAt.toISOString(),
      textHash: r.textHash,
      articles: r.articles,
      validFrom: r.validFrom,
      endedOn: r.endedOn,
      renewalDueOn: r.renewalDueOn,
      renewalOverdue: r.status === 'renewal_pending' && r.renewalDueOn !== null && r.renewalDueOn < today,
      bindsUntil: r.bindingEnd ? addDays(r.bindingEnd, -1) : null,
      renewedBy: r.renewedBy,
      withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
      withdrawalReason: r.withdrawalReason,
      document: r.documentSha256
        ? { sha256: r.documentSha256, fileName: r.documentFileName!, contentType: r.documentContentType!, size: r.documentSize! }
        : null,
      recordedBy: r.recordedBy,
      createdAt: r.createdAt.toISOString(),
    };
  }
}

function notBound(reason: BoundReason, since: string | null, s: SignatureRow | null): BoundResult {
  return {
    bound: false,
    reason,
    since,
    signature: s,
    version: s ? { version: s.version, effectiveDate: s.versionEffectiveDate, textHash: s.textHash } : null,
    article: null,
  };
}

/** The subscribed subset, sorted and unique; null means all. Every number must exist in the version. */
function subscribedArticles(requested: number[] | undefined, inVersion: number[]): number[] | null {
  if (!requested) return null;
  const unknown = requested.map((n, i) => ({ n, i })).filter(({ n }) => !inVersion.includes(n));
  if (unknown.length) {
    throw new SignaturesError(SignaturesErrorCode.ARTICLE_NOT_IN_VERSION, 'Some subscribed articles do not exist in this version', {
      errors: unknown.map(({ n, i }) => ({ field: `articles[${i}]`, code: 'NOT_IN_VERSION', message: `article ${n} is not in this version` })),
    });
  }
  const set = [...new Set(requested)].sort((a, b) => a - b);
  return set.length === inVersion.length ? null : set;
}
