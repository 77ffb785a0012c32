import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RespondentMatch } from '../cases/index.js';
import { escapeLike } from '../platform/sql.js';
import { domainCandidates, normalizeDomain } from '../register/index.js';

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
  async match(
    m: EntityManager,
    input: { memberId?: string; name?: string; url?: string },
  ): Promise<MatchedRespondent | { unknownMemberId: true }> {
    if (input.memberId) {
      const rows: { id: string; name: string }[] = await m.query('SELECT id, name FROM members WHERE id = $1', [input.memberId]);
      if (!rows[0]) return { unknownMemberId: true };
      return { memberId: rows[0].id, name: input.name ?? rows[0].name, url: input.url ?? null, match: { method: 'member_id' } };
    }
    const host = input.url ? normalizeDomain(input.url) : null;
    if (host) {
      const rows: { member_id: string; domain: string; name: string }[] = await m.query(
        `SELECT d.member_id, d.domain, mb.name FROM member_domains d JOIN members mb ON mb.id = d.member_id
          WHERE d.domain = ANY($1) AND d.member_active ORDER BY length(d.domain) DESC LIMIT 1`,
        [domainCandidates(host)],
      );
      if (rows[0]) {
        return {
          memberId: rows[0].member_id,
          name: input.name ?? rows[0].name,
          url: input.url ?? null,
          match: { method: 'domain', matchedDomain: rows[0].domain },
        };
      }
    }
    const name = input.name ?? host ?? '';
    return { memberId: null, name, url: input.url ?? null, match: { method: 'none', suggestions: await this.suggestions(m, name) } };
  }

  private async suggestions(m: EntityManager, name: string): Promise<{ memberId: string; name: string; similarity: number }[]> {
    const core = name.replace(/(有限责任公司|股份有限公司|有限公司|公司|集团)$/u, '').trim();
    if (core.length < 2) return [];
    const rows: { id: string; name: string }[] = await m.query(
      `SELECT id, name FROM members WHERE status = 'active' AND (name ILIKE '%' || $1 || '%' OR $2 ILIKE '%' || name || '%') ORDER BY length(name) LIMIT 3`,
      [escapeLike(core), name],
    );
    return rows.map((r) => ({ memberId: r.id, name: r.name, similarity: similarity(core, r.name) }));
  }
}

/** Share of the shorter name's characters found in the longer one (a rough score for humans). */
function similarity(a: string, b: string): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const hits = [...short].filter((c) => long.includes(c)).length;
  return Math.round((hits / Math.max(1, long.length)) * 100) / 100;
}
