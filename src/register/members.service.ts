import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/index.js';
import type { Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { chinaDate } from '../platform/dates.js';
import { isUniqueViolation } from '../platform/db-errors.js';
import type { FieldError } from '../platform/errors/app-error.js';
import type { Page } from '../platform/pagination.js';
import { creditCodeProblem, normalizeCreditCode } from './credit-code.js';
import { domainCandidates, normalizeDomain } from './domain.js';
import {
  categoryLabel,
  ChangeMemberStatusDto,
  CreateMemberDto,
  ListMembersQuery,
  type MemberNameView,
  type MemberNamesQuery,
  type MemberSummaryView,
  MemberView,
  UpdateMemberDto,
} from './dto/member.dto.js';
import { Member, type MemberKind } from './member.entity.js';
import { actingUserId, memberScopeOf } from './member-scope.js';
import { MembersError, MembersErrorCode, memberNotFound } from './members.errors.js';
import { type DomainMatchRow, holdsDomains, MEMBERS_BY_NAME, type MemberSummaryRow, MembersRepository } from './members.repository.js';
import { Transactions } from '../platform/database/transactions.js';

/** Fields a member_rep may change on its own organisation. Domains are not among them: they route complaints to a member. */
export const REP_EDITABLE_FIELDS = ['contacts'] as const;


export interface DomainMatch {
  memberId: string;
  memberName: string;
  memberStatus: DomainMatchRow['memberStatus'];
  /** The registered domain that matched (the host itself or a parent of it). */
  domain: string;
}

@Injectable()
export class MembersService {
  constructor(
    private readonly tx: Transactions,
    private readonly members: MembersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateMemberDto): Promise<MemberView> {
    const kind = dto.kind ?? 'organisation';
    const creditCode = checkCreditCode(kind, dto.creditCode ?? null);
    const domains = normalizeDomains(dto.domains ?? []);
    return this.tx.run(async (m) => {
      if (creditCode && (await this.members.creditCodeTaken(m, creditCode))) throw creditCodeTaken();
      await this.assertDomainsFree(m, domains, null);
      const member = await m
        .getRepository(Member)
        .save(
          m.getRepository(Member).create({
            name: dto.name.trim(),
            kind,
            creditCode,
            category: dto.category,
            icpFiling: dto.icpFiling?.trim() || null,
            contacts: dto.contacts ?? [],
            joinedOn: dto.joinedOn ?? chinaDate(this.clock.now()),
            status: 'active',
          }),
        )
        .catch(rethrowConflicts);
      await this.members.replaceDomains(m, member.id, domains.list, true).catch(rethrowConflicts);
      await this.members.upsertDues(m, member.id, dto.dues ?? [], actingUserId(actor));
      await this.members.insertStatusChange(m, {
        memberId: member.id,
        fromStatus: null,
        toStatus: 'active',
        reason: 'registered',
        changedBy: actingUserId(actor),
        changedAt: this.clock.now(),
      });
      await this.audit.record(m, actor, {
        action: 'member.create',
        resourceType: 'member',
        resourceId: member.id,
        payload: dto,
        details: { kind, category: dto.category, domains: domains.list.length },
      });
      return this.view(m, member.id);
    });
  }

  async list(actor: Actor, q: ListMembersQuery): Promise<Page<MemberSummaryView>> {
    const limit = q.limit ?? 50;
    const after = MEMBERS_BY_NAME.decode(q.cursor);
    let domains: string[] | undefined;
    if (q.domain !== undefined) {
      const d = normalizeDomain(q.domain);
      if (!d) throw domainInvalid([{ field: 'domain', code: 'INVALID', message: 'domain is not a valid host name or URL' }]);
      domains = domainCandidates(d);
    }
    const rows = await this.members.listSummaries({
      category: q.category,
      status: q.status,
      text: q.q?.trim() || undefined,
      domains,
      scope: memberScopeOf(actor),
      after,
      limit,
    });
    return MEMBERS_BY_NAME.page(rows, limit, (r) => [r.name, r.id], summaryView);
  }

  /** Names only (no contacts, codes or domains): enough to bind an account to a member. */
  names(q: MemberNamesQuery): Promise<MemberNameView[]> {
    return this.members.namesMatching({ text: q.q?.trim() || undefined, ids: q.ids, limit: q.limit ?? 20 });
  }

  async get(actor: Actor, id: string): Promise<MemberView> {
    const scope = memberScopeOf(actor);
    return this.tx.run('REPEATABLE READ', async (m) => {
      if (!(await this.members.findById(m, id, { scope }))) throw memberNotFound();
      return this.view(m, id);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateMemberDto): Promise<MemberView> {
    const scope = memberScopeOf(actor);
    if (scope) {
      const forbidden = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined && !(REP_EDITABLE_FIELDS as readonly string[]).includes(k));
      if (forbidden.length) {
        throw new MembersError(MembersErrorCode.MEMBER_FIELD_NOT_EDITABLE, `A member representative may change only: ${REP_EDITABLE_FIELDS.join(', ')}`, {
          errors: forbidden.map((field) => ({ field, code: 'NOT_EDITABLE', message: `${field} is managed by the secretariat` })),
        });
      }
    }
    const domains = dto.domains ? normalizeDomains(dto.domains) : undefined;
    return this.tx.run(async (m) => {
      const member = await this.members.findById(m, id, { scope, lock: true });
      if (!member) throw memberNotFound();
      const kind = dto.kind ?? member.kind;
      const creditCode = checkCreditCode(kind, dto.creditCode === undefined ? member.creditCode : dto.creditCode);
      if (creditCode && creditCode !== member.creditCode && (await this.members.creditCodeTaken(m, creditCode, id))) throw creditCodeTaken();
      const fields: Parameters<MembersRepository['updateMember']>[2] = {};
      if (dto.name !== undefined) fields.name = dto.name.trim();
      if (dto.kind !== undefined) fields.kind = dto.kind;
      if (creditCode !== member.creditCode) fields.creditCode = creditCode;
      if (dto.category !== undefined) fields.category = dto.category;
      if (dto.icpFiling !== undefined) fields.icpFiling = dto.icpFiling?.trim() || null;
      if (dto.contacts !== undefined) fields.contacts = dto.contacts;
      if (dto.joinedOn !== undefined) fields.joinedOn = dto.joinedOn;
      if (domains) {
        await this.assertDomainsFree(m, domains, id, holdsDomains(member.status));
        await this.members.replaceDomains(m, id, domains.list, holdsDomains(member.status)).catch(rethrowConflicts);
      }
      if (dto.dues) await this.members.upsertDues(m, id, dto.dues, actingUserId(actor));
      await this.members.updateMember(m, id, fields).catch(rethrowConflicts);
      const changed = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
      await this.audit.record(m, actor, {
        action: 'member.update',
        resourceType: 'member',
        resourceId: id,
        payload: dto,
        details: { changed },
      });
      return this.view(m, id);
    });
  }

  async changeStatus(actor: Actor, id: string, dto: ChangeMemberStatusDto): Promise<MemberView> {
    return this.tx.run(async (m) => {
      const member = await this.members.findById(m, id, { lock: true });
      if (!member) throw memberNotFound();
      if (member.status === dto.status) {
        throw new MembersError(MembersErrorCode.MEMBER_STATUS_UNCHANGED, `The member is already ${dto.status}`);
      }
      const nowHolds = holdsDomains(dto.status);
      if (nowHolds && !holdsDomains(member.status)) {
        // Coming back: its domains may have been taken by another member in the meantime.
        const own = await this.members.domainsOf(m, id);
        const taken = await this.members.domainsHeldByOthers(m, own, id);
        if (taken.length) {
          throw new MembersError(MembersErrorCode.DOMAIN_TAKEN, 'Another active member now holds some of this member\'s domains; remove them first', {
            errors: taken.map((d) => ({ field: 'domains', code: 'TAKEN', message: `${d} belongs to another active member` })),
          });
        }
      }
      await this.members.updateMember(m, id, { status: dto.status });
      await this.members.setDomainsActive(m, id, nowHolds).catch(rethrowConflicts);
      await this.members.insertStatusChange(m, {
        memberId: id,
        fromStatus: member.status,
        toStatus: dto.status,
        reason: dto.reason.trim(),
        changedBy: actingUserId(actor),
        changedAt: this.clock.now(),
      });
      await this.audit.record(m, actor, {
        action: 'member.status',
        resourceType: 'member',
        resourceId: id,
        payload: dto,
        details: { from: member.status, to: dto.status },
      });
      return this.view(m, id);
    });
  }

  /**
   * The active member a complaint URL (or bare host) points at: the member holding the host itself or
   * the most specific parent domain of it (`https://m.shop.example.cn/x` matches `shop.example.cn`
   * before `example.cn`). Null when the URL has no valid host or no active member holds it.
   */
  async matchDomain(urlOrHost: string): Promise<DomainMatch | null> {
    const host = normalizeDomain(urlOrHost);
    if (!host) return null;
    return this.members.matchDomain(domainCandidates(host));
  }

  /** The member's summary if it exists and the caller may see it; throws MEMBER_NOT_FOUND otherwise. */
  async summaryFor(m: EntityManager, actor: Actor, id: string): Promise<MemberSummaryRow> {
    const row = await this.members.findSummary(m, id, memberScopeOf(actor));
    if (!row) throw memberNotFound();
    return row;
  }

  private async assertDomainsFree(m: EntityManager, domains: NormalizedDomains, exceptMemberId: string | null, active = true): Promise<void> {
    if (!active) return; // an inactive member's domains do not count until it is active again
    const taken = new Set(await this.members.domainsHeldByOthers(m, domains.list, exceptMemberId));
    if (taken.size === 0) return;
    throw new MembersError(MembersErrorCode.DOMAIN_TAKEN, 'A domain already belongs to another active member', {
      errors: domains.fields.filter((f) => taken.has(f.domain)).map((f) => ({ field: f.field, code: 'TAKEN', message: `${f.domain} already belongs to another active member` })),
    });
  }

  private async view(m: EntityManager, id: string): Promise<MemberView> {
    const member = (await this.members.findById(m, id))!;
    // One connection per transaction: queries run one after the other.
    const domains = await this.members.domainsOf(m, id);
    const dues = await this.members.findDues(m, id);
    const history = await this.members.findStatusHistory(m, id);
    return {
      ...summaryView({ ...member, domains }),
      icpFiling: member.icpFiling,
      contacts: member.contacts,
      dues: dues.map((d) => ({ year: d.year, status: d.status, paidOn: d.paidOn, note: d.note })),
      statusHistory: history.map((h) => ({
        fromStatus: h.fromStatus,
        toStatus: h.toStatus,
        reason: h.reason,
        changedBy: h.changedBy,
        changedAt: h.changedAt.toISOString(),
      })),
      version: member.version,
      createdAt: member.createdAt.toISOString(),
      updatedAt: member.updatedAt.toISOString(),
    };
  }
}

function summaryView(r: Pick<MemberSummaryRow, 'id' | 'name' | 'kind' | 'category' | 'creditCode' | 'status' | 'joinedOn' | 'domains'>): MemberSummaryView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    category: r.category,
    categoryLabel: categoryLabel(r.category),
    creditCode: r.creditCode,
    status: r.status,
    joinedOn: r.joinedOn,
    domains: r.domains,
  };
}

interface NormalizedDomains {
  list: string[];
  fields: { field: string; domain: string }[];
}

function normalizeDomains(input: string[]): NormalizedDomains {
  const errors: FieldError[] = [];
  const fields: { field: string; domain: string }[] = [];
  input.forEach((raw, i) => {
    const d = normalizeDomain(raw);
    if (!d) errors.push({ field: `domains[${i}]`, code: 'INVALID', message: `"${raw.slice(0, 100)}" is not a valid domain name` });
    else if (!fields.some((f) => f.domain === d)) fields.push({ field: `domains[${i}]`, domain: d });
  });
  if (errors.length) throw domainInvalid(errors);
  return { list: fields.map((f) => f.domain), fields };
}

function checkCreditCode(kind: MemberKind, raw: string | null): string | null {
  if (kind === 'individual') {
    if (raw) {
      throw new MembersError(MembersErrorCode.CREDIT_CODE_NOT_ALLOWED, 'An individual member has no unified social credit code', {
        errors: [{ field: 'creditCode', code: 'NOT_ALLOWED', message: 'creditCode is for organisations only' }],
      });
    }
    return null;
  }
  if (!raw) {
    throw new MembersError(MembersErrorCode.CREDIT_CODE_REQUIRED, 'An organisation needs its unified social credit code', {
      errors: [{ field: 'creditCode', code: 'REQUIRED', message: 'creditCode is required for an organisation' }],
    });
  }
  const code = normalizeCreditCode(raw);
  const problem = creditCodeProblem(code);
  if (problem) {
    const message = {
      LENGTH: 'a unified social credit code has 18 characters',
      CHARACTERS: 'only digits and upper-case letters other than I, O, S, V and Z are allowed',
      DIVISION_CODE: 'characters 3 to 8 must be an administrative division code (six digits)',
      CHECK_DIGIT: 'the check digit (18th character) does not match (GB 32100-2015)',
    }[problem];
    throw new MembersError(MembersErrorCode.CREDIT_CODE_INVALID, 'The unified social credit code is not valid', {
      errors: [{ field: 'creditCode', code: problem, message }],
    });
  }
  return code;
}

const creditCodeTaken = () =>
  new MembersError(MembersErrorCode.CREDIT_CODE_TAKEN, 'Another member has this unified social credit code', {
    errors: [{ field: 'creditCode', code: 'TAKEN', message: 'creditCode is already registered' }],
  });

const domainInvalid = (errors: FieldError[]) => new MembersError(MembersErrorCode.DOMAIN_INVALID, 'A domain is not valid', { errors });

/** Races the pre-checks cannot see (two requests at once) still end as the same 409s. */
function rethrowConflicts(e: unknown): never {
  if (isUniqueViolation(e, 'members_credit_code_key')) throw creditCodeTaken();
  if (isUniqueViolation(e, 'member_domains_active_domain_key')) {
    throw new MembersError(MembersErrorCode.DOMAIN_TAKEN, 'A domain already belongs to another active member', {
      errors: [{ field: 'domains', code: 'TAKEN', message: 'a domain already belongs to another active member' }],
    });
  }
  throw e;
}
