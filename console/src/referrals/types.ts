/** The referral shapes the area reads (`ReferralView`, `CustodyEntryView` in the OpenAPI document). */
export const REFERRAL_STATUSES = ['pending', 'acknowledged', 'concluded', 'retracted'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export interface Referral {
  id: string;
  caseId: string;
  caseReference: string;
  agency: { id: string; name: string };
  status: ReferralStatus;
  current: boolean;
  packetSha256: string;
  packetSize: number;
  signingKeyId: string;
  createdAt: string;
  acknowledgedAt: string | null;
  referenceNumber: string | null;
  concludedAt: string | null;
  outcome: string | null;
  retractedAt: string | null;
  retractionReason: string | null;
}

export interface CustodyEntry {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string;
  actorRole: string;
  agencyId: string | null;
  artifact: string;
  evidenceId: string | null;
  packetSha256: string;
  evidenceSha256: string | null;
  requestId: string | null;
}

/** The name the service gives the download (its Content-Disposition), for `download`'s fallback. */
export function fileNameOf(r: Pick<Referral, 'id' | 'caseReference'>, ext: 'json' | 'zip'): string {
  return `referral-${r.caseReference}-${r.id}.${ext}`.replace(/[^A-Za-z0-9._-]/g, '_');
}
