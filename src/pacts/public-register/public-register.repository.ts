import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type MemberCategory, MembersRepository } from '../../register/index.js';

export interface PublishedVersionRow {
  conventionId: string;
  code: string;
  titleZh: string;
  titleEn: string | null;
  issuingBody: string;
  description: string;
  versionId: string;
  version: number;
  status: 'published' | 'superseded';
  effectiveDate: string;
  textHash: string;
  publishedAt: Date;
  supersededAt: Date | null;
  notes: string;
}

export interface SignatoryRow {
  memberId: string;
  memberName: string;
  category: MemberCategory;
  version: number;
  status: 'active' | 'renewal_pending' | 'withdrawn';
  signedAt: Date;
  validFrom: string;
  renewalDueOn: string | null;
  endedOn: string | null;
  allArticles: boolean;
}

/** Read models of the public register: published texts and who signed them. */
@Injectable()
export class PublicRegisterRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersRepository,
  ) {}

  /** Published and superseded versions of every convention (or one), newest version first. */
  publishedVersions(code?: string): Promise<PublishedVersionRow[]> {
    return this.dataSource.query(
      `SELECT c.id AS "conventionId", c.code, c.title_zh AS "titleZh", c.title_en AS "titleEn", c.issuing_body AS "issuingBody", c.description,
              v.id AS "versionId", v.version, v.status, v.effective_date::text AS "effectiveDate", v.text_hash AS "textHash",
              v.published_at AS "publishedAt", v.superseded_at AS "supersededAt", v.notes
         FROM conventions c JOIN convention_versions v ON v.convention_id = c.id AND v.status <> 'draft'
        WHERE ($1::text IS NULL OR c.code = $1)
        ORDER BY c.code, v.version DESC`,
      [code ?? null],
    );
  }

  articlesOf(versionIds: string[]): Promise<{ versionId: string; number: number; title: string; body: string }[]> {
    return this.dataSource.query(
      `SELECT version_id AS "versionId", number, title, body FROM convention_articles WHERE version_id = ANY($1) ORDER BY version_id, number`,
      [versionIds],
    );
  }

  /**
   * Each member's latest signature of the convention other than one it renewed (so: its current one, or
   * its last withdrawn one), by member name; keyset on (name, id). Three queries per page, none per row: the
   * signers (from signatures_member_convention_idx), the page of them in name order (from the register, which owns
   * the names), then each one's latest signature.
   */
  async signatories(conventionId: string, after: readonly [name: string, id: string] | undefined, limit: number): Promise<SignatoryRow[]> {
    const m = this.dataSource.manager;
    const signers: { memberId: string }[] = await m.query(
      `SELECT DISTINCT member_id AS "memberId" FROM signatures WHERE convention_id = $1 AND status <> 'renewed'`,
      [conventionId],
    );
    const page = await this.members.pageByName(m, signers.map((s) => s.memberId), after && { name: after[0], id: after[1] }, limit + 1);
    if (page.length === 0) return [];
    const latest: Omit<SignatoryRow, 'memberName' | 'category'>[] = await m.query(
      `SELECT ids.id AS "memberId", v.version, s.status, s.signed_at AS "signedAt",
              s.valid_from::text AS "validFrom", s.renewal_due_on::text AS "renewalDueOn", s.ended_on::text AS "endedOn",
              (s.articles IS NULL) AS "allArticles"
         FROM unnest($2::uuid[]) AS ids(id)
         JOIN LATERAL (
           SELECT x.version_id, x.status, x.signed_at, x.valid_from, x.renewal_due_on, x.ended_on, x.articles
             FROM signatures x
            WHERE x.member_id = ids.id AND x.convention_id = $1 AND x.status <> 'renewed'
            ORDER BY x.created_at DESC LIMIT 1
         ) s ON true
         JOIN convention_versions v ON v.id = s.version_id`,
      [conventionId, page.map((p) => p.id)],
    );
    const byMember = new Map(latest.map((r) => [r.memberId, r]));
    return page.flatMap((p) => {
      const found = byMember.get(p.id);
      if (!found) return [];
      const { memberId, ...signature } = found;
      return [{ memberId, memberName: p.name, category: p.category, ...signature }];
    });
  }
}
