import { ApiProperty } from '@nestjs/swagger';
import { CategoryLabelView } from '../../../register/index.js';
import { MEMBER_CATEGORIES, type MemberCategory } from '../../../register/index.js';
import { ArticleView } from '../../conventions/dto/convention.dto.js';
import { PageQuery } from '../../../platform/pagination.js';

export class PublicVersionView {
  @ApiProperty() version: number;
  @ApiProperty() effectiveDate: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the canonical text (RFC 8785); see docs/pacts.md to recompute it.' }) textHash: string;
  @ApiProperty() publishedAt: string;
  @ApiProperty() notes: string;
  @ApiProperty({ type: [ArticleView] }) articles: ArticleView[];
}

export class PublicPastVersionView {
  @ApiProperty() version: number;
  @ApiProperty() effectiveDate: string;
  @ApiProperty() textHash: string;
  @ApiProperty() publishedAt: string;
  @ApiProperty() supersededAt: string;
}

export class PublicConventionView {
  @ApiProperty() code: string;
  @ApiProperty() titleZh: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty() issuingBody: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: PublicVersionView, description: 'The version in force.' }) current: PublicVersionView;
  @ApiProperty({ type: [PublicPastVersionView], description: 'Superseded versions, newest first.' }) previousVersions: PublicPastVersionView[];
}

export class PublicConventionListView {
  @ApiProperty({ type: [PublicConventionView] }) items: PublicConventionView[];
}

export class SignatoriesQuery extends PageQuery {}

export const PUBLIC_SIGNATURE_STATUSES = ['active', 'renewal_pending', 'withdrawn'] as const;

export class SignatoryView {
  @ApiProperty() memberName: string;
  @ApiProperty({ enum: MEMBER_CATEGORIES }) category: MemberCategory;
  @ApiProperty({ type: CategoryLabelView }) categoryLabel: CategoryLabelView;
  @ApiProperty({ description: 'Version signed.' }) version: number;
  @ApiProperty({ enum: PUBLIC_SIGNATURE_STATUSES, description: 'renewal_pending: signed an older version and has until renewalDueOn to sign the current one.' })
  status: (typeof PUBLIC_SIGNATURE_STATUSES)[number];
  @ApiProperty({ description: 'Date signed (China Standard Time).' }) signedOn: string;
  @ApiProperty({ description: 'First day bound.' }) validFrom: string;
  @ApiProperty({ nullable: true, type: String }) renewalDueOn: string | null;
  @ApiProperty() renewalOverdue: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'withdrawn: the day it stopped binding.' }) withdrawnOn: string | null;
  @ApiProperty({ description: 'Subscribed to every article of the version signed.' }) allArticles: boolean;
}

export class SignatoryPageView {
  @ApiProperty() code: string;
  @ApiProperty({ description: 'The version in force.' }) currentVersion: number;
  @ApiProperty({ type: [SignatoryView], description: 'One line per member that ever signed (its latest signature), by member name.' }) items: SignatoryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
