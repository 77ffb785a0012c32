/** One step of the history as the complainant (or the partner relaying it) may see it. */
export interface TimelineEntry {
  at: string;
  step: string;
  label: string;
}

const STATE_STEPS: Record<string, [string, string]> = {
  investigating: ['accepted', '投诉已受理，正在调查'],
  mediating: ['mediation_started', '正在调解'],
  resolved: ['resolved', '已作出处理结论，请确认'],
  publicized: ['publicized', '已依规公开曝光'],
  referred: ['referred', '已移交执法部门'],
  closed: ['closed', '已办结'],
  dismissed: ['dismissed', '不予受理或已驳回'],
  withdrawn: ['withdrawn', '投诉人已撤回'],
  merged: ['merged', '已与其他投诉合并处理'],
};

const EVENT_STEPS: Record<string, [string, string]> = {
  RECEIVED: ['received', '投诉已收到'],
  REQUEST_RESPONSE: ['respondent_asked', '已转被投诉方核查答复'],
  RESPOND: ['respondent_answered', '被投诉方已答复'],
  ADD_INFORMATION: ['information_added', '已补充材料'],
  DISPUTE: ['disputed', '投诉人对处理结论提出异议，重新调查'],
  CONFIRM: ['confirmed', '投诉人已确认处理结论'],
  REOPEN: ['reopened', '已重新调查'],
};

/**
 * Maps case history to a complainant-safe timeline: state changes and a few events, never notes,
 * assignments, proposals, respondent identities of staff, or payloads.
 */
export function complainantTimeline(events: { type: string; fromState: string | null; toState: string; occurredAt: Date }[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of events) {
    const byEvent = EVENT_STEPS[e.type];
    const byState = e.fromState !== e.toState ? STATE_STEPS[e.toState] : undefined;
    const step = byEvent ?? byState;
    if (step) out.push({ at: e.occurredAt.toISOString(), step: step[0], label: step[1] });
  }
  return out;
}
