import { CASE_EVENT_TYPES, eventSpec } from '../events/case-events.js';
import { caseMachine } from './case.machine.js';
import { EVENT_ROLES } from './case.permissions.js';
import { REFUSAL_REASONS, type CaseEventType, type RefusalReason } from './case.types.js';

interface Node {
  key: string;
  id: string;
  type?: string;
  states: Record<string, Node>;
  initial?: { target: { key: string }[] } | undefined;
  on: Record<string, { target?: { id: string }[]; guard?: unknown; eventType: string }[]>;
}

const label = (id: string) => id.replace(/^case\./, '').replace(/\./g, '_');

/** Renders the machine definition as a Mermaid state diagram (generated, never hand-edited). */
export function mermaidDiagram(): string {
  const lines = ['stateDiagram-v2'];
  const root = caseMachine.root as unknown as Node;
  const edges = new Set<string>();
  const walk = (node: Node, indent: string) => {
    for (const child of Object.values(node.states)) {
      if (Object.keys(child.states).length) {
        lines.push(`${indent}state ${label(child.id)} {`);
        const init = child.initial?.target?.[0]?.key;
        if (init) lines.push(`${indent}  [*] --> ${label(`${child.id}.${init}`)}`);
        for (const leaf of Object.values(child.states)) if (!Object.keys(leaf.states).length) lines.push(`${indent}  ${label(leaf.id)}: ${leaf.key}`);
        walk(child, `${indent}  `);
        lines.push(`${indent}}`);
      }
    }
  };
  lines.push(`  [*] --> ${label(`case.${(root.initial?.target?.[0]?.key) ?? 'received'}`)}`);
  walk(root, '  ');
  const collect = (node: Node) => {
    for (const [event, transitions] of Object.entries(node.on)) {
      for (const t of transitions) {
        for (const target of t.target ?? []) {
          if (target.id === node.id) continue;
          edges.add(`  ${label(node.id)} --> ${label(target.id)}: ${event}${t.guard ? ' [guarded]' : ''}`);
        }
      }
    }
    for (const child of Object.values(node.states)) collect(child);
  };
  for (const child of Object.values(root.states)) collect(child);
  lines.push(...[...edges].sort());
  for (const child of Object.values(root.states)) if (child.type === 'final') lines.push(`  ${label(child.id)} --> [*]`);
  return lines.join('\n');
}

/** The role × event table: who may send what (the machine then decides whether the state accepts it). */
export function roleTable(): string {
  const roles = ['secretariat', 'supervisor', 'member_rep', 'law_enforcement', 'complainant', 'system'] as const;
  const rows = CASE_EVENT_TYPES.map(
    (e: CaseEventType) => `| \`${e}\` | ${roles.map((r) => (EVENT_ROLES[e].includes(r) ? '✓' : '')).join(' | ')} | ${eventSpec(e).summary} |`,
  );
  return [`| event | ${roles.join(' | ')} | what it does |`, `|---|${roles.map(() => ':-:').join('|')}|---|`, ...rows].join('\n');
}

/** One transition branch of the machine: the state that defines it, the event, its guard, where it goes. */
export interface Branch {
  /** `state EVENT [guard]`, unique in the machine. */
  id: string;
  /** The defining state node's path (`*` for the root: any state). */
  state: string;
  event: string;
  guard: string | null;
  /** The target's path; null for a branch that stays (actions only). */
  target: string | null;
  /** xstate's transition definition, to recognise the branch among the transitions a step takes. */
  definition: unknown;
}

const path = (id: string) => (id === 'case' ? '*' : id.replace(/^case\./, ''));

type GuardLike = string | { type: string; params?: Record<string, unknown> } | ((...args: never[]) => unknown) & { guards?: GuardLike[]; stateValue?: string };

/** A guard as written: a name, a name with its parameters, or `and(…)`/`or(…)`/`not(…)`/`in(state)` of those; `inline` for an anonymous function. */
export function describeGuard(guard: unknown): string {
  const g = guard as GuardLike;
  if (typeof g === 'string') return g;
  if (typeof g === 'function') {
    if (g.stateValue !== undefined) return `in(${String(g.stateValue)})`;
    if (g.guards && ['and', 'or', 'not'].includes(g.name)) return `${g.name}(${g.guards.map(describeGuard).join(', ')})`;
    return 'inline';
  }
  return g.params ? `${g.type}(${Object.values(g.params).join(', ')})` : g.type;
}

/** Every transition branch of the machine, depth first, in definition order. */
export function transitionBranches(): Branch[] {
  const out: Branch[] = [];
  const walk = (node: typeof caseMachine.root) => {
    for (const [event, transitions] of Object.entries(node.on)) {
      for (const t of transitions) {
        const guard = t.guard === undefined ? null : describeGuard(t.guard);
        const target = t.target?.length ? t.target.map((n) => path(n.id)).join(', ') : null;
        out.push({ id: `${path(node.id)} ${event}${guard ? ` [${guard}]` : ''}`, state: path(node.id), event, guard, target, definition: t });
      }
    }
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(caseMachine.root);
  return out;
}

/** A notify action as the machine writes it. */
interface NotifyAction {
  type: 'notify';
  params: { to: string; template: string };
}
const notifiesOf = (actions: unknown): NotifyAction['params'][] =>
  (Array.isArray(actions) ? actions : []).filter((a): a is NotifyAction => typeof a === 'object' && a !== null && (a as { type?: string }).type === 'notify').map((a) => a.params);

/** Every message the machine sends: on entering a state, or on a branch (the outbox's template, by recipient). */
export function messageRows(): { when: string; to: string; template: string }[] {
  const out: { when: string; to: string; template: string }[] = [];
  const walk = (node: typeof caseMachine.root) => {
    for (const n of notifiesOf(node.entry)) out.push({ when: `entering \`${path(node.id)}\``, ...n });
    for (const b of transitionBranches().filter((x) => x.state === path(node.id))) {
      for (const n of notifiesOf((b.definition as { actions?: unknown }).actions)) out.push({ when: `\`${b.id}\``, ...n });
    }
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(caseMachine.root);
  return out;
}

function messageTable(): string {
  return ['| when | to | message |', '|---|---|---|', ...messageRows().map((r) => `| ${r.when} | ${r.to} | \`${r.template}\` |`)].join('\n');
}

function guardedBranchTable(): string {
  const rows = transitionBranches()
    .filter((b) => b.guard)
    .map((b) => `| \`${b.state}\` | \`${b.event}\` | \`${b.guard}\` | ${b.target ? `\`${b.target}\`` : '(stays)'} |`);
  return ['| state | event | guard | goes to |', '|---|---|---|---|', ...rows].join('\n');
}

const REFUSALS: Record<RefusalReason, string> = {
  STATE_REFUSES: 'the state does not take this event at all',
  NO_RESPONDENT_MEMBER: 'ACCEPT without an identified respondent member (name one with `respondentMemberId`)',
  PROPOSAL_PENDING: 'PROPOSE_PUBLICATION, PROPOSE_REFERRAL, MERGE or CORRECT_RESPONDENT while a proposal awaits a decision',
  NO_PENDING_PROPOSAL: 'APPROVE, REJECT_PROPOSAL or RIGHT_OF_REPLY with no (publication) proposal pending',
  OWN_PROPOSAL: 'APPROVE by the supervisor who proposed (four eyes)',
  RIGHT_OF_REPLY_PENDING: 'APPROVE of a publication before the respondent replied or the period ended; `until` is the end of the right-of-reply deadline',
  REOPEN_WINDOW_PASSED: 'REOPEN or UNMERGE after the reopen window; `until` is when it ended',
  REFERRAL_NEEDS_EVIDENCE_OR_JUSTIFICATION: 'PROPOSE_REFERRAL with no evidence on the case and no written justification',
  NOT_AWAITING_FOLLOW_UP: 'ACTION_FOLLOW_UP when no promised action awaits the complainant\'s answer',
  RESPONDENT_UNCHANGED: 'CORRECT_RESPONDENT naming the member that is already the respondent',
};

function refusalTable(): string {
  return ['| reason | when |', '|---|---|', ...REFUSAL_REASONS.map((r) => `| \`${r}\` | ${REFUSALS[r]} |`)].join('\n');
}

export function stateMachineDoc(): string {
  return `# The case state machine

Generated from \`src/cases/machine/case.machine.ts\` by \`npm run docs:machine\`; a test fails when this
file is stale. Do not edit by hand.

The machine is pure (XState v5, no I/O, no clock): the service adds \`actor\` and \`at\` to every event,
computes the next snapshot with \`transition()\`, and carries out the named effects
(\`scheduleDeadline\`, \`cancelDeadline\`, \`notify\`, \`createDisclosure\`, \`buildReferralPacket\`,
\`retractReferral\`) inside the same transaction. \`[guarded]\` transitions also need their guard:
an identified respondent member (ACCEPT), evidence or a written justification (PROPOSE_REFERRAL), a
supervisor other than the proposer and, for publication, the respondent's reply or the end of the
right-of-reply period (APPROVE), the reopen window (REOPEN, UNMERGE), no proposal awaiting its decision
(MERGE; CORRECT_RESPONDENT, which also names another member than the current respondent), the matching deadline
(DEADLINE_ELAPSED).

CORRECT_RESPONDENT (staff, with \`respondentMemberId\` of an active member and an internal \`reason\`) corrects a
wrong respondent match while the case is \`investigating\` (reviewing or awaiting_response) and no publication or
referral proposal awaits its decision; it is refused (\`STATE_REFUSES\`) in \`received\` (ACCEPT names the member
there), in \`mediating\` (MEDIATION_FAILED first) and once the case is decided (resolved, publicized, referred,
closed, dismissed, withdrawn, merged). It replaces the respondent and clears the previous respondent's answer and
promise (a running promised-action deadline is cancelled); in \`awaiting_response\` the state is re-entered: the
previous respondent's response deadline is settled, a fresh one starts and the new respondent gets
\`response_requested\`. The previous member's representatives lose access to the case at once (404).

Only \`withdrawn\` is final. \`closed\` and \`dismissed\` can be reopened and \`merged\` can be undone within the
reopen window (\`REOPEN_WINDOW_DAYS\`); a merged case accepts nothing but UNMERGE. MERGE names an open target
case (another case, not merged, not closed, dismissed or withdrawn; otherwise 422 \`MERGE_INTO_SELF\`,
\`MERGE_TARGET_NOT_FOUND\` or 409 \`MERGE_TARGET_MERGED\`, \`MERGE_TARGET_CLOSED\`); in the same transaction, both
case rows locked in id order, the target's history gets a \`MERGED_IN\` entry naming the merged case (id and
reference) and the complainant a \`case_merged\` notification with the target's reference. UNMERGE (supervisor,
with a reason) returns the case to where it was merged from (\`received\`, or \`investigating.reviewing\` with a
new resolution deadline) and writes \`MERGE_UNDONE\` on the target's history.

\`\`\`mermaid
${mermaidDiagram()}
\`\`\`

Self-transitions (no state change, recorded in the history): ASSIGN, ADD_NOTE, ADD_INFORMATION,
RECORD_MEDIATION_SESSION, RIGHT_OF_REPLY, PROPOSE_PUBLICATION, PROPOSE_REFERRAL, REJECT_PROPOSAL,
ACTION_FOLLOW_UP, CORRECT_RESPONDENT (re-entering \`awaiting_response\` there) and the DEADLINE_ELAPSED events that only
mark a case overdue.

## Guarded branches

Every branch with a guard, as the machine names it (\`*\` is the root: any state; a state's branches are tried in
order, then its parent's). The machine spec takes each branch on some reachable path and sees each guard refuse on
another, so a new guarded branch without a test fails.

${guardedBranchTable()}

## Who hears what

Each \`notify\` writes an outbox row in the transition's transaction (recipient by reference: the respondent member,
the complainant through the case, the supervisors, the referral's agency); the mail context resolves the addresses
and writes the message in each recipient's language (see [operations](operations.md#mail) and
\`src/mail/mail-kinds.ts\`). The respondent's messages name the case by reference and category only, never the
complainant; a test complaint tells no one. Supervisors' messages leave out the staff member whose event caused
them (the proposer is not asked to approve their own proposal). \`case_decided\` says what was decided in neutral
words (upheld, not upheld, settled by mediation, dismissed, published). Reminders before the respondent's deadline
are queued with the deadline (\`MAIL_REMINDER_WORKING_DAYS\`), not by the machine.

${messageTable()}

## Who may send each event

The roles and the summaries come from the event catalogue (\`CASE_EVENTS\` in \`src/cases/events/case-events.ts\`).
A member_rep may send only for cases against their own organisation, a liaison only for referrals to
their own agency; any other case answers 404 to them, as if it did not exist.

${roleTable()}

## Why an event is refused

A 409 \`CASE_EVENT_NOT_ALLOWED\` names the reason in \`reason\` (computed from the snapshot and the event by
\`refusalOf\` in \`case.refusals.ts\`), with \`until\` where the refusal has an end date; \`allowedEvents\` lists what
the caller could send instead, and never offers an event the guards would refuse. \`GET /v1/cases/:id\` shows the
same ahead of time: \`refusedEvents\` names, for each event of the caller's role that the case refuses now, the reason
(and \`until\`) the 409 would give (\`refusedEvents\` in \`case.refusals.ts\`, with the catalogue's probe payloads).

${refusalTable()}
`;
}
