import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { AgenciesService } from '../parties/index.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { MembersRepository } from '../register/index.js';
import { EVIDENCE_PORT, type EvidencePort } from './case-ports.js';
import { CasesRepository } from './cases.repository.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import { eventSpec } from './events/case-events.js';
import type { CaseEventType } from './machine/case.types.js';

/**
 * Facts the guards need that the client does not state (evidence count, the reopen window), and the checks of what a
 * payload names (agency, member). Complaints sits above cases, so its evidence port is looked up once at start-up.
 */
@Injectable()
export class CaseEventEnricher implements OnModuleInit {
  private evidence!: EvidencePort;

  constructor(
    private readonly cases: CasesRepository,
    private readonly agencies: AgenciesService,
    private readonly members: MembersRepository,
    private readonly modules: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.evidence = this.modules.get<EvidencePort>(EVIDENCE_PORT, { strict: false });
  }

  async enrich(m: EntityManager, caseId: string, type: CaseEventType, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (type === 'PROPOSE_REFERRAL') {
      const n = await this.evidence.countForCase(m, caseId);
      if (!(await this.agencies.exists(m, payload.agencyId as string))) {
        throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'The agency does not exist', {
          errors: [{ field: 'agencyId', code: 'UNKNOWN_AGENCY', message: 'agencyId is not a known agency' }],
        });
      }
      return { ...payload, evidenceCount: n };
    }
    if (type === 'REQUEST_RESPONSE' && payload.statement === undefined) {
      // An employee's own words could identify them: the respondent gets only what the staff write for it.
      if (await this.cases.isEmployeeOfRespondent(m, caseId)) {
        throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'A complaint by an employee of the respondent is forwarded only as a staff statement', {
          errors: [{ field: 'statement', code: 'STATEMENT_REQUIRED', message: 'statement is required: write what the respondent may see' }],
        });
      }
    }
    if (eventSpec(type).reopenWindow) return { ...payload, windowDays: this.config.cases.reopenWindowDays };
    if (type === 'ACCEPT' && payload.respondentMemberId && !(await this.members.exists(m, payload.respondentMemberId as string))) {
      throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'The respondent member does not exist', {
        errors: [{ field: 'respondentMemberId', code: 'UNKNOWN_MEMBER', message: 'respondentMemberId is not a known member' }],
      });
    }
    // The member's name is for the respondent match the door records (the machine reads only the id).
    if (type === 'CORRECT_RESPONDENT') return { ...payload, respondentMemberName: await this.checkNewRespondent(m, payload.respondentMemberId as string) };
    return payload;
  }

  /** The corrected respondent is a member of the register, and an active one (a suspended or expelled member is asked nothing). */
  private async checkNewRespondent(m: EntityManager, memberId: string): Promise<string> {
    const member = await this.members.findSummary(m, memberId);
    if (!member) {
      throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'The respondent member does not exist', {
        errors: [{ field: 'respondentMemberId', code: 'UNKNOWN_MEMBER', message: 'respondentMemberId is not a known member' }],
      });
    }
    if (member.status !== 'active') {
      throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'The respondent member is not active', {
        errors: [{ field: 'respondentMemberId', code: 'MEMBER_NOT_ACTIVE', message: `respondentMemberId names a ${member.status} member` }],
      });
    }
    return member.name;
  }
}
