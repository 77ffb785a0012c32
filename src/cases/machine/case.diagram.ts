import { caseMachine } from './case.machine.js';
import { EVENT_ROLES } from './case.permissions.js';
import type { CaseEventType } from './case.types.js';

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
  const rows = (Object.keys(EVENT_ROLES) as CaseEventType[]).map(
    (e) => `| \`${e}\` | ${roles.map((r) => (EVENT_ROLES[e].includes(r) ? '✓' : '')).join(' | ')} |`,
  );
  return [`| event | ${roles.join(' | ')} |`, `|---|${roles.map(() => ':-:').join('|')}|`, ...rows].join('\n');
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
right-of-reply period (APPROVE), the reopen window (REOPEN), the matching deadline (DEADLINE_ELAPSED).

\`\`\`mermaid
${mermaidDiagram()}
\`\`\`

Self-transitions (no state change, recorded in the history): ASSIGN, ADD_NOTE, ADD_INFORMATION,
RECORD_MEDIATION_SESSION, RIGHT_OF_REPLY, PROPOSE_PUBLICATION, PROPOSE_REFERRAL, REJECT_PROPOSAL,
ACTION_FOLLOW_UP and the DEADLINE_ELAPSED events that only mark a case overdue.

## Who may send each event

A member_rep may send only for cases against their own organisation, a liaison only for referrals to
their own agency; any other case answers 404 to them, as if it did not exist.

${roleTable()}
`;
}
