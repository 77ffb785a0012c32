import { Injectable } from '@nestjs/common';
import { Clock } from '../../platform/clock.js';
import { chinaDate } from '../../platform/dates.js';
import { keysetCursor } from '../../platform/pagination.js';
import { categoryLabel } from '../../register/index.js';
import { conventionNotFound } from '../conventions/pacts.errors.js';
import { PublicConventionListView, PublicConventionView, SignatoryPageView, SignatoriesQuery } from './dto/public-register.dto.js';
import { type PublishedVersionRow, PublicRegisterRepository } from './public-register.repository.js';

/** Signatories by member name, keyset on (name, id) (the repository's `(m.name, m.id) > (…)`). */
const BY_NAME = keysetCursor('asc', ['m.name', 'text'], ['m.id', 'uuid']);

@Injectable()
export class PublicRegisterService {
  constructor(
    private readonly register: PublicRegisterRepository,
    private readonly clock: Clock,
  ) {}

  /** Every convention with a version in force: its articles, and the versions it superseded. */
  async conventions(): Promise<PublicConventionListView> {
    const rows = await this.register.publishedVersions();
    const current = rows.filter((r) => r.status === 'published');
    const articles = await this.register.articlesOf(current.map((r) => r.versionId));
    return {
      items: current.map((c) => ({
        code: c.code,
        titleZh: c.titleZh,
        titleEn: c.titleEn,
        issuingBody: c.issuingBody,
        description: c.description,
        current: {
          version: c.version,
          effectiveDate: c.effectiveDate,
          textHash: c.textHash,
          publishedAt: c.publishedAt.toISOString(),
          notes: c.notes,
          articles: articles.filter((a) => a.versionId === c.versionId).map((a) => ({ number: a.number, title: a.title, body: a.body })),
        },
        previousVersions: rows
          .filter((r) => r.conventionId === c.conventionId && r.status === 'superseded')
          .map((r: PublishedVersionRow) => ({
            version: r.version,
            effectiveDate: r.effectiveDate,
            textHash: r.textHash,
            publishedAt: r.publishedAt.toISOString(),
            supersededAt: r.supersededAt!.toISOString(),
          })),
      })) satisfies PublicConventionView[],
    };
  }

  /** Who signed the convention: each member's current signature, or its withdrawal, by member name. */
  async signatories(code: string, q: SignatoriesQuery): Promise<SignatoryPageView> {
    const current = (await this.register.publishedVersions(code)).find((r) => r.status === 'published');
    if (!current) throw conventionNotFound();
    const limit = q.limit ?? 50;
    const after = BY_NAME.decode(q.cursor);
    const today = chinaDate(this.clock.now());
    const rows = await this.register.signatories(current.conventionId, after, limit);
    const page = BY_NAME.page(rows, limit, (r) => [r.memberName, r.memberId], (r) => ({
      memberName: r.memberName,
      category: r.category,
      categoryLabel: categoryLabel(r.category),
      version: r.version,
      status: r.status,
      signedOn: chinaDate(r.signedAt),
      validFrom: r.validFrom,
      renewalDueOn: r.renewalDueOn,
      renewalOverdue: r.status === 'renewal_pending' && r.renewalDueOn !== null && r.renewalDueOn < today,
      withdrawnOn: r.status === 'withdrawn' ? r.endedOn : null,
      allArticles: r.allArticles,
    }));
    return { code, currentVersion: current.version, ...page };
  }
}

