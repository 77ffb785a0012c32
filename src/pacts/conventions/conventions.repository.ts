import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ArticleText } from './canonical-text.js';
import { Convention, ConventionArticle, ConventionVersion } from './convention.entity.js';

export interface ConventionRow extends Convention {
  currentVersion: number | null;
  draftVersion: number | null;
}

/** A cited article's text as a referral packet quotes it, with its convention and version. */
export interface CitedArticleText {
  versionId: string;
  conventionCode: string;
  conventionTitle: string;
  version: number;
  effectiveDate: string;
  versionTextHash: string;
  articleNumber: number;
  title: string;
  body: string;
}

export interface VersionRow extends ConventionVersion {
  articleCount: number;
}

@Injectable()
export class ConventionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByCode(m: EntityManager, code: string, lock = false): Promise<Convention | null> {
    const qb = m.getRepository(Convention).createQueryBuilder('c').where('c.code = :code', { code });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async codeExists(m: EntityManager, code: string): Promise<boolean> {
    return (await m.getRepository(Convention).countBy({ code })) > 0;
  }

  /** Every convention with the numbers of its current published version and open draft, by code. */
  async listWithCurrentVersions(m: EntityManager = this.dataSource.manager): Promise<ConventionRow[]> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM conventions ORDER BY code`);
    const out: ConventionRow[] = [];
    for (const r of rows) out.push((await this.findRowById(m, r.id))!);
    return out;
  }

  async findRowById(m: EntityManager, id: string): Promise<ConventionRow | null> {
    const c = await m.getRepository(Convention).findOneBy({ id });
    if (!c) return null;
    const [v] = await m.query(
      `SELECT max(version) FILTER (WHERE status = 'published') AS "currentVersion", max(version) FILTER (WHERE status = 'draft') AS "draftVersion"
         FROM convention_versions WHERE convention_id = $1`,
      [id],
    );
    return Object.assign(c, { currentVersion: v.currentVersion, draftVersion: v.draftVersion });
  }

  async versionsOf(m: EntityManager, conventionId: string): Promise<VersionRow[]> {
    const versions = await m.getRepository(ConventionVersion).find({ where: { conventionId }, order: { version: 'ASC' } });
    const counts: { versionId: string; n: number }[] = await m.query(
      `SELECT a.version_id AS "versionId", count(*)::int AS n FROM convention_articles a
         JOIN convention_versions v ON v.id = a.version_id WHERE v.convention_id = $1 GROUP BY a.version_id`,
      [conventionId],
    );
    const byId = new Map(counts.map((c) => [c.versionId, c.n]));
    return versions.map((v) => Object.assign(v, { articleCount: byId.get(v.id) ?? 0 }));
  }

  async findVersionById(m: EntityManager, id: string): Promise<VersionRow | null> {
    const v = await m.getRepository(ConventionVersion).findOneBy({ id });
    if (!v) return null;
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM convention_articles WHERE version_id = $1`, [id]);
    return Object.assign(v, { articleCount: n as number });
  }

  findVersion(m: EntityManager, conventionId: string, version: number, lock = false): Promise<ConventionVersion | null> {
    const qb = m
      .getRepository(ConventionVersion)
      .createQueryBuilder('v')
      .where('v.convention_id = :conventionId AND v.version = :version', { conventionId, version });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  findPublished(m: EntityManager, conventionId: string, lock = false): Promise<ConventionVersion | null> {
    const qb = m.getRepository(ConventionVersion).createQueryBuilder('v').where(`v.convention_id = :conventionId AND v.status = 'published'`, { conventionId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async nextVersionNumber(m: EntityManager, conventionId: string): Promise<number> {
    const [{ n }] = await m.query(`SELECT COALESCE(max(version), 0) + 1 AS n FROM convention_versions WHERE convention_id = $1`, [conventionId]);
    return n;
  }

  /** Conventions that expect self-inspection reports, with the first day any of their versions took effect. */
  async inspectionSchedules(
    code?: string,
  ): Promise<{ id: string; code: string; titleZh: string; titleEn: string | null; frequency: Convention['inspectionFrequency']; dueMonths: number; since: string }[]> {
    return this.dataSource.query(
      `SELECT c.id, c.code, c.title_zh AS "titleZh", c.title_en AS "titleEn", c.inspection_frequency AS frequency, c.inspection_due_months AS "dueMonths",
              min(v.effective_date)::text AS since
         FROM conventions c JOIN convention_versions v ON v.convention_id = c.id AND v.status <> 'draft'
        WHERE c.inspection_frequency <> 'none' AND ($1::text IS NULL OR c.code = $1)
        GROUP BY c.id ORDER BY c.code`,
      [code ?? null],
    );
  }

  articlesOf(m: EntityManager, versionId: string): Promise<ConventionArticle[]> {
    return m.getRepository(ConventionArticle).find({ where: { versionId }, order: { number: 'ASC' } });
  }

  async replaceArticles(m: EntityManager, versionId: string, articles: ArticleText[]): Promise<void> {
    await m.getRepository(ConventionArticle).delete({ versionId });
    if (articles.length) await m.getRepository(ConventionArticle).insert(articles.map((a) => ({ versionId, ...a })));
  }

  /** The published version of convention `code` that has article `number` (complaints cite articles by these). */
  async publishedVersionWithArticle(m: EntityManager, code: string, number: number): Promise<{ versionId: string; version: number } | undefined> {
    const rows: { versionId: string; version: number }[] = await m.query(
      `SELECT v.id AS "versionId", v.version FROM conventions c
         JOIN convention_versions v ON v.convention_id = c.id AND v.status = 'published'
         JOIN convention_articles ar ON ar.version_id = v.id AND ar.number = $2
        WHERE c.code = $1`,
      [code, number],
    );
    return rows[0];
  }

  /** The texts of these (version, article) pairs, by convention code, version and article number. */
  citedArticleTexts(m: EntityManager, cited: { versionId: string; articleNumber: number }[]): Promise<CitedArticleText[]> {
    return m.query(
      `SELECT cv.id AS "versionId", co.code AS "conventionCode", co.title_zh AS "conventionTitle", cv.version, cv.effective_date::text AS "effectiveDate",
              cv.text_hash AS "versionTextHash", a.number AS "articleNumber", a.title, a.body
         FROM convention_articles a JOIN convention_versions cv ON cv.id = a.version_id JOIN conventions co ON co.id = cv.convention_id
        WHERE (a.version_id, a.number) IN (SELECT (x->>'versionId')::uuid, (x->>'articleNumber')::int FROM jsonb_array_elements($1::jsonb) x)
        ORDER BY co.code, cv.version, a.number`,
      [JSON.stringify(cited)],
    );
  }
}
