import type { CaseFacts } from './views/case-rows.js';

/**
 * Port: the disclosure published for a case (the newest), which the respondent's case view shows. Disclosures belong
 * to publications, a context above cases, which implements this and provides it under PUBLISHED_DISCLOSURES.
 */
export interface PublishedDisclosures {
  newestOfCase(caseId: string): Promise<CaseFacts['disclosure']>;
}

export const PUBLISHED_DISCLOSURES = Symbol('PUBLISHED_DISCLOSURES');
