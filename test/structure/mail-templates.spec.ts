import { messageRows } from '../../src/cases/machine/case.diagram.js';
import { DEADLINE_OF } from '../../src/mail/mail-dispatcher.js';
import { kindFor, MAIL_KINDS } from '../../src/mail/mail-kinds.js';
import { MAIL_TEMPLATES, MailRenderer, type MailLocale } from '../../src/mail/mail-renderer.js';

/**
 * The mail templates (#15): both languages declare every kind of MAIL_KINDS with a subject, a body and an action, and no
 * other; every `{{var}}` a template uses (directly or in a phrase it nests) is one its source's payload or the dispatcher
 * provides; every kind renders in both languages with a representative payload, leaving nothing unresolved.
 */

type Payload = Record<string, string | number>;
interface Source {
  /** The outbox row names a case: the dispatcher adds `reference`, `category` and the due time of DEADLINE_OF's deadline. */
  caseBound: boolean;
  /** What the source writes (one payload, or one per variant a template picks its wording by). */
  payloads: Payload[];
}

const ref = { reference: 'TS-20261207-0001' };
const pact = { conventionCode: 'ISC-SELF-DISCIPLINE', conventionTitle: '互联网行业自律公约', conventionTitleEn: 'Internet Industry Self-Discipline Pact', dueAt: '2027-03-31T15:59:59.999Z' };

/** What each kind's source writes (src/cases/case-effects.ts, reminder.job.ts, the pacts, audit, calendar and outbound jobs, …). */
const SOURCES: Record<keyof typeof MAIL_KINDS, Source> = {
  response_requested: { caseBound: true, payloads: [ref] },
  response_reminder: { caseBound: true, payloads: [{ ...ref, dueAt: '2026-12-14T15:59:59.999Z' }] },
  right_of_reply_opened: { caseBound: true, payloads: [ref] },
  mediation_started_respondent: { caseBound: true, payloads: [ref] },
  response_overdue: { caseBound: true, payloads: [ref] },
  case_decided: { caseBound: true, payloads: ['upheld', 'not_upheld', 'mediated', 'dismissed', 'published'].map((decision) => ({ ...ref, decision })) },
  pact_version_to_sign: { caseBound: false, payloads: [{ ...pact, version: 2 }, { ...pact, conventionTitleEn: '', version: 3 }] },
  self_inspection_due: { caseBound: false, payloads: [{ ...pact, period: '2026' }] },
  self_inspection_overdue: { caseBound: false, payloads: [{ ...pact, period: '2026-Q3' }] },
  complaint_received: { caseBound: true, payloads: [ref] },
  respondent_answered: { caseBound: true, payloads: [ref] },
  promised_action_due: { caseBound: true, payloads: [ref] },
  mediation_started: { caseBound: true, payloads: [ref] },
  resolution_proposed: { caseBound: true, payloads: [ref] },
  case_closed: { caseBound: true, payloads: [ref] },
  case_dismissed: { caseBound: true, payloads: [ref] },
  case_merged: { caseBound: true, payloads: [{ ...ref, mergedIntoReference: 'TS-20261207-0002' }] },
  case_unmerged: { caseBound: true, payloads: [ref] },
  publication_proposed: { caseBound: true, payloads: [{ ...ref, exceptUserId: '00000000-0000-4000-8000-000000000001' }] },
  referral_proposed: { caseBound: true, payloads: [{ ...ref, exceptUserId: '00000000-0000-4000-8000-000000000001' }] },
  information_added: { caseBound: true, payloads: [ref] },
  daily_digest: { caseBound: false, payloads: [{ date: '2026-12-07', summary: '3 cases wait for triage' }] },
  referral_sent: { caseBound: true, payloads: [ref] },
  callback_dead: { caseBound: true, payloads: [ref] },
  audit_verification_failed: { caseBound: false, payloads: [{ failedItem: 'entry', failedId: '1042' }, { failedItem: 'checkpoint', failedId: '17' }] },
  calendar_coverage_low: { caseBound: false, payloads: [{ coverage: 'until', lastCoveredDate: '2026-12-31', daysRemaining: 45 }, { coverage: 'none', lastCoveredDate: '', daysRemaining: 0 }] },
  bulletin_published: { caseBound: false, payloads: [{ title: '2026年第33期', text: '本期要目' }] },
};

const LOCALES: MailLocale[] = ['zh-CN', 'en'];
const PARTS = ['subject', 'body', 'action'] as const;
type Kinds = Record<string, Record<string, string>>;
const kindsOf = (l: MailLocale) => MAIL_TEMPLATES[l].kinds as unknown as Kinds;
const phrasesOf = (l: MailLocale) => (MAIL_TEMPLATES[l] as unknown as { phrases: Record<string, Record<string, string>> }).phrases;

/** The variables a text interpolates, following `$t(phrases.<group>.{{var}})` into every phrase of the group. */
function varsUsed(text: string, l: MailLocale): Set<string> {
  const out = new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]));
  for (const [, group] of text.matchAll(/\$t\(phrases\.(\w+)\.\{\{\w+\}\}\)/g)) {
    for (const phrase of Object.values(phrasesOf(l)[group] ?? {})) for (const v of varsUsed(phrase, l)) out.add(v);
  }
  return out;
}

/** What the dispatcher gives a template of this kind: the payload's values, and for a case its reference, category and deadline. */
function provided(kind: string, source: Source, payload: Payload): Set<string> {
  const vars = new Set([...Object.keys(payload), 'workingDays']);
  if (source.caseBound) ['reference', 'category'].forEach((v) => vars.add(v));
  if (source.caseBound && DEADLINE_OF[kind]) vars.add('dueAt');
  return vars;
}

describe('The mail templates', () => {
  it('declare every kind of MAIL_KINDS in both languages, each with a subject, a body and an action, and no other kind', () => {
    for (const l of LOCALES) {
      expect(Object.keys(kindsOf(l)).sort()).toEqual(Object.keys(MAIL_KINDS).sort());
      for (const [kind, t] of Object.entries(kindsOf(l))) {
        expect([kind, Object.keys(t).sort()]).toEqual([kind, [...PARTS].sort()]);
        for (const part of PARTS) expect([kind, part, t[part].trim().length > 0]).toEqual([kind, part, true]);
      }
    }
  });

  it('have the same layout strings and phrases in both languages', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
    const { kinds: _zk, ...zh } = MAIL_TEMPLATES['zh-CN'];
    const { kinds: _ek, ...en } = MAIL_TEMPLATES.en;
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });

  it('use only variables their source or the dispatcher provides', () => {
    for (const l of LOCALES) {
      for (const [kind, t] of Object.entries(kindsOf(l))) {
        const source = SOURCES[kind as keyof typeof MAIL_KINDS];
        for (const payload of source.payloads) {
          const have = provided(kind, source, payload);
          const missing = PARTS.flatMap((part) => [...varsUsed(t[part], l)].filter((v) => !have.has(v)).map((v) => `${l} ${kind}.${part}: {{${v}}}`));
          expect(missing).toEqual([]);
        }
      }
    }
  });

  it('render every kind in both languages with a representative payload, leaving no variable, phrase key or "undefined" behind', () => {
    const renderer = new MailRenderer();
    for (const l of LOCALES) {
      for (const kind of Object.keys(MAIL_KINDS)) {
        const source = SOURCES[kind as keyof typeof MAIL_KINDS];
        for (const payload of source.payloads) {
          const vars: Payload = { ...payload, workingDays: 5 };
          if (source.caseBound) Object.assign(vars, { reference: 'TS-20261207-0001', category: l === 'en' ? 'Fraud' : '诈骗' });
          if (source.caseBound && DEADLINE_OF[kind]) vars.dueAt ??= '2026-12-14 23:59';
          const out = renderer.render({ kind, locale: l, vars, name: null, link: 'https://selfreg.example.cn/console', footer: { kind: 'mandatory' }, from: '互联网协会' });
          for (const text of [out.subject, out.text, out.html]) {
            expect([l, kind, text]).toEqual([l, kind, expect.not.stringMatching(/\{\{|\}\}|\$t\(|phrases\.|undefined|null/)]);
          }
          expect(out.html).toContain(`lang="${l}"`);
        }
      }
    }
  });

  it('cover every message the case machine sends, by the kind each recipient gets', () => {
    const kinds = messageRows().map((r) => kindFor(r.template, r.to as never));
    expect(kinds.filter((k) => !Object.hasOwn(MAIL_KINDS, k))).toEqual([]);
  });
});
