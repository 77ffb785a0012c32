import { Injectable } from '@nestjs/common';

export interface MemberCompliance {
  pacts: { available: boolean; note: string | null; currentVersionsSigned: number | null; renewalsPending: number | null };
  selfInspections: { available: boolean; note: string | null; filed: number | null; overdue: number | null };
}

export const COMPLIANCE_NOT_AVAILABLE: MemberCompliance = {
  pacts: {
    available: false,
    note: 'Pact signatures are not recorded in this version; the figures are left empty, not estimated.',
    currentVersionsSigned: null,
    renewalsPending: null,
  },
  selfInspections: {
    available: false,
    note: 'Self-inspection reports are not recorded in this version; the figures are left empty, not estimated.',
    filed: null,
    overdue: null,
  },
};

/**
 * The one source of the evaluation's pact inputs (current versions signed, renewals pending) and self-inspection
 * inputs (reports filed, overdue), kept apart from the case figures so that the signature register can plug in here
 * alone. Today it returns null: the signatures and self-inspection tables do not exist in this version, and the
 * evaluation reports these inputs as not available (methodology eval-2026.1 does not score them).
 */
@Injectable()
export class MemberComplianceRepository {
  async statusAsOf(_memberIds: string[], _lastDay: string): Promise<Map<string, MemberCompliance> | null> {
    return null;
  }
}
