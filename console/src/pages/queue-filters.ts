/**
 * The work queues and the case list's filters as the URL carries them: shared by the queue page and the page-load
 * prefetch (pages/prefetch.ts), which must ask for exactly the list the page will ask for. No React, no Ant Design:
 * the console's first script imports it.
 */

/** The work queues, each a set of the list's filters (the `query` GET /v1/cases/queues gives). */
export const QUEUES = ['triage', 'mine', 'awaitingRespondent', 'dueSoon', 'overdue', 'approvals'] as const;
export type QueueName = (typeof QUEUES)[number];
export const QUEUE_FILTERS: Record<QueueName, Record<string, string>> = {
  triage: { state: 'received' },
  mine: { mine: 'true', open: 'true' },
  awaitingRespondent: { state: 'investigating', phase: 'awaiting_response' },
  dueSoon: { dueWithin: '2' },
  overdue: { overdue: 'true', open: 'true' },
  approvals: { awaitingApproval: 'true' },
};
/** The filters a person sets by hand (besides the queue), all in the URL. */
export const FILTERS = ['state', 'category', 'channel', 'respondent', 'partner', 'receivedFrom', 'receivedTo', 'q'] as const;
export const PAGE_SIZE = 20;

/** The queue the URL names, for staff (others have none). */
export function queueOf(params: URLSearchParams, staff: boolean): QueueName | null {
  const q = params.get('queue') ?? '';
  return staff && (QUEUES as readonly string[]).includes(q) ? (q as QueueName) : null;
}

/** The list's filters: the hand-set ones from the URL, then the queue's. */
export function listFilters(params: URLSearchParams, queue: QueueName | null): Record<string, string> {
  const f: Record<string, string> = {};
  for (const k of FILTERS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return { ...f, ...(queue ? QUEUE_FILTERS[queue] : {}) };
}

/** The page number the URL names (1 when none or nonsense). */
export function pageOf(params: URLSearchParams): number {
  return Math.max(1, Number(params.get('page') ?? '1') || 1);
}
