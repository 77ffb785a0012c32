import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';

/** The languages the complainant's and partner's status is written in; zh-CN unless the caller asks for English. */
export const STATUS_LANGS = ['zh-CN', 'en'] as const;
export type StatusLang = (typeof STATUS_LANGS)[number];

/** One step of the history as the complainant (or the partner relaying it) may see it. */
export interface TimelineEntry {
  at: string;
  step: string;
  label: string;
}

type Labels = Record<StatusLang, string>;

const STATE_STEPS: Record<string, [string, Labels]> = {
  received: ['received', { 'zh-CN': '投诉已收到', en: 'Complaint received' }],
  investigating: ['accepted', { 'zh-CN': '投诉已受理，正在调查', en: 'Complaint accepted and under investigation' }],
  mediating: ['mediation_started', { 'zh-CN': '正在调解', en: 'Mediation under way' }],
  resolved: ['resolved', { 'zh-CN': '已作出处理结论，请确认', en: 'A decision was made: please confirm it' }],
  publicized: ['publicized', { 'zh-CN': '已依规公开曝光', en: 'Published under the association\'s rules' }],
  referred: ['referred', { 'zh-CN': '已移交执法部门', en: 'Referred to the authorities' }],
  closed: ['closed', { 'zh-CN': '已办结', en: 'Closed' }],
  dismissed: ['dismissed', { 'zh-CN': '不予受理或已驳回', en: 'Not accepted or dismissed' }],
  withdrawn: ['withdrawn', { 'zh-CN': '投诉人已撤回', en: 'Withdrawn by the complainant' }],
  merged: ['merged', { 'zh-CN': '已与其他投诉合并处理', en: 'Merged with another complaint' }],
};

const EVENT_STEPS: Record<string, [string, Labels]> = {
  RECEIVED: ['received', { 'zh-CN': '投诉已收到', en: 'Complaint received' }],
  REQUEST_RESPONSE: ['respondent_asked', { 'zh-CN': '已转被投诉方核查答复', en: 'The company was asked to respond' }],
  RESPOND: ['respondent_answered', { 'zh-CN': '被投诉方已答复', en: 'The company responded' }],
  ADD_INFORMATION: ['information_added', { 'zh-CN': '已补充材料', en: 'Information added' }],
  DISPUTE: ['disputed', { 'zh-CN': '投诉人对处理结论提出异议，重新调查', en: 'Decision disputed: investigation resumed' }],
  CONFIRM: ['confirmed', { 'zh-CN': '投诉人已确认处理结论', en: 'Decision confirmed by the complainant' }],
  // The complainant's own answer to the promise check (not what it said: the step, as for the other answers).
  ACTION_FOLLOW_UP: ['follow_up_answered', { 'zh-CN': '投诉人已答复承诺的措施是否落实', en: 'The complainant answered whether the promised action happened' }],
  REOPEN: ['reopened', { 'zh-CN': '已重新调查', en: 'Investigation reopened' }],
};

/**
 * The status language: `?lang=` when given (zh-CN or en, else 400), otherwise the first supported language of
 * Accept-Language by preference, otherwise zh-CN.
 */
export function statusLang(query: string | undefined, acceptLanguage: string | undefined): StatusLang {
  if (query !== undefined) {
    const lang = matchLang(query);
    if (!lang) {
      throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'Unsupported language', {
        errors: [{ field: 'lang', code: 'IS_IN', message: `lang must be one of ${STATUS_LANGS.join(', ')}` }],
      });
    }
    return lang;
  }
  const ranked = (acceptLanguage ?? '')
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    const lang = matchLang(r.tag);
    if (lang) return lang;
  }
  return 'zh-CN';
}

function matchLang(tag: string): StatusLang | null {
  const t = tag.toLowerCase();
  if (t === 'en' || t.startsWith('en-')) return 'en';
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  return null;
}

/** The label of a case state in this language. */
export function stateLabel(state: string, lang: StatusLang): string {
  return STATE_STEPS[state]?.[1][lang] ?? state;
}

/**
 * Maps case history to a complainant-safe timeline: state changes and a few events, never notes,
 * assignments, proposals, respondent identities of staff, or payloads.
 */
export function complainantTimeline(events: { type: string; fromState: string | null; toState: string; occurredAt: Date }[], lang: StatusLang = 'zh-CN'): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of events) {
    const byEvent = EVENT_STEPS[e.type];
    const byState = e.fromState !== null && e.fromState !== e.toState ? STATE_STEPS[e.toState] : undefined;
    const step = byEvent ?? byState;
    if (step) out.push({ at: e.occurredAt.toISOString(), step: step[0], label: step[1][lang] });
  }
  return out;
}
