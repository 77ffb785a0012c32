import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../platform/access/principal.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { type ResolvedSiteKey, SiteKeysService } from '../parties/index.js';
import { ChallengeService, type VerifiedChallenge } from './challenge/challenge.service.js';
import { ComplaintIntakeService, type IntakeSource } from './complaint-intake.service.js';
import type { ComplaintReceiptView, PublicComplaintDto } from './dto/complaint.dto.js';
import { isListedOrigin, isOwnOrigin } from './origin.js';
import { PublicIntakeError, PublicIntakeErrorCode } from './public-intake.errors.js';

/** What the public route reads of the request besides the body. */
export interface PublicRequest {
  /** The browser's `Origin` header, when sent. */
  origin: string | undefined;
  /** The host the request was addressed to (Fastify's `request.host`: `Host`, or a trusted `X-Forwarded-Host`). */
  host: string;
  /** `X-Site-Key`: the partner window's key, when the complaint comes from one. */
  siteKey: string | undefined;
}

/**
 * The public complaint route: the association's own form (channel `web`) and partners' windows (header
 * `X-Site-Key`: channel `partner`, attributed to the key's partner). Refusals come in this order, each before
 * anything is written: the body's shape and consent (400, by the validation pipe before this runs), a cross-origin
 * browser post (403), a bad site key (400), the proof-of-work challenge (400); then one transaction spends the
 * challenge and takes the complaint through the same intake as every other channel (its rules, callbacks and
 * audit entry, which records the consent version and the site key's id).
 */
@Injectable()
export class PublicIntakeService {
  constructor(
    private readonly intake: ComplaintIntakeService,
    private readonly challenges: ChallengeService,
    private readonly siteKeys: SiteKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async submit(actor: Actor, req: PublicRequest, dto: PublicComplaintDto): Promise<ComplaintReceiptView> {
    this.checkOrigin(req);
    const siteKey = req.siteKey === undefined ? null : await this.siteKeyOf(req.siteKey);
    const challenge: VerifiedChallenge | null = this.challenges.required ? await this.challenges.verify(dto.altcha) : null;
    // A test-mode site key's window takes test complaints (the partner sandbox): the same intake, kept apart afterwards.
    const source: IntakeSource = siteKey ? { channel: 'partner', partnerId: siteKey.partnerId, test: siteKey.testMode } : { channel: 'web', partnerId: null };
    const { consent, altcha: _, ...complaint } = dto;
    return this.intake.submit(actor, source, complaint, {
      before: challenge ? (m) => this.challenges.spendIn(m, challenge) : undefined,
      auditDetails: { consentVersion: consent.version, ...(siteKey ? { siteKeyId: siteKey.siteKeyId } : {}) },
    });
  }

  /**
   * A browser's post must come from the service's own pages (the form at /complain, the window at /window): a
   * partner window's post always (its page is ours, in the iframe), the association's form also from an origin
   * the operator allowed for CORS. No Origin (a server, curl): nothing to check.
   */
  private checkOrigin(req: PublicRequest): void {
    if (req.origin === undefined) return;
    if (isOwnOrigin(req.origin, req.host)) return;
    if (req.siteKey === undefined && isListedOrigin(req.origin, this.config.http.corsOrigins)) return;
    throw new PublicIntakeError(PublicIntakeErrorCode.ORIGIN_NOT_ALLOWED, 'Complaints are accepted from this service\'s own pages only (the Origin is another site)');
  }

  private async siteKeyOf(key: string): Promise<ResolvedSiteKey> {
    const found = await this.siteKeys.resolve(key);
    if (!found) {
      throw new PublicIntakeError(PublicIntakeErrorCode.SITE_KEY_INVALID, 'The X-Site-Key header names no usable site key (unknown, revoked, or its partner is suspended)', {
        extensions: { header: 'X-Site-Key' },
      });
    }
    return found;
  }
}
