import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RespondentMatch } from '../cases/index.js';
import { escapeLike } from '../platform/sql.js';
import { domainCandidates, MembersRepository, normalizeDomain } from '../register/index.js';

export interface MatchedRespondent {
  memberId: string | null;
  name: string;
  url: string | null;
  match: RespondentMatch;
}

/**
 * Finds the respondent member: by id when given, else by the complaint URL's host against members'
 * registered domains (subdomains included). Name similarity only yields suggestions for triage.
 */
@Injectable()
export class RespondentMatcher {
  constructor(private readonly members: MembersRepository) {}

  async match(
    m: EntityManager,
    input: { memberId?: string; name?: string; url?: string },
  ): Promise<MatchedRespondent | { unknownMemberId: true }> {
    if (input.memberId) {
      const member = await this.members.findById(m, input.memberId);
      if (!member) return { unknownMemberId: true };
      return { memberId: member.id, name: input.name ?? member.name, url: input.url ?? null, match: { method: 'member_id' } };
    }
    const host = input.url ? normalizeDomain(input.url) : null;
    if (host) {
      const found = await this.members.matchDomain(domainCandidates(host), m);
      if (found) {
        return {
          memberId: found.memberId,
          name: input.name ?? found.memberName,
          url: input.url ?? null,
          match: { method: 'domain', matchedDomain: found.domain },
        };
      }
    }
    const name = input.name ?? host ?? '';
    return { memberId: null, name, url: input.url ?? null, match: { method: 'none', suggestions: await this.suggestions(m, name) } };
  }

  /**
   * The live match the complaint window shows while the complainant types a URL: the host as intake reads it and the
   * active member holding it (the same domain match as intake), by its public name only. Not a domain: both null.
   */
  async byUrl(url: string): Promise<{ domain: string | null; member: { name: string } | null }> {
    const domain = normalizeDomain(url);
    if (!domain) return { domain: null, member: null };
    const found = await this.members.matchDomain(domainCandidates(domain));
    return { domain, member: found ? { name: found.memberName } : null };
  }

  private async suggestions(m: EntityManager, name: string): Promise<{ memberId: string; name: string; similarity: number }[]> {
    const core = name.replace(/(有限责任公司|股份有限公司|有限公司|公司|集团)$/u, '').trim();
    if (core.length < 2) return [];
    const rows = await this.members.nameSuggestions(m, escapeLike(core), name);
    return rows.map((r) => ({ memberId: r.id, name: r.name, similarity: similarity(core, r.name) }));
  }
}

/** Share of the shorter name's characters found in the longer one (a rough score for humans). */
function similarity(a: string, b: string): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const hits = [...short].filter((c) => long.includes(c)).length;
  return Math.round((hits / Math.max(1, long.length)) * 100) / 100;
}
