import { CasesError } from '../cases.errors.js';
import { parseClientEvent } from './case-events.dto.js';

describe('parseClientEvent (the validator the OpenAPI event schemas are generated from)', () => {
  it('refuses crafted bodies with CASE_EVENT_INVALID, never another error', () => {
    const bodies: unknown[] = [
      null, [], 'ACCEPT', { type: '__proto__' }, { type: 'constructor' }, { type: 'toString' }, { type: 'DEADLINE_ELAPSED', deadline: 'triage' },
      { type: 'RESPOND' }, { type: 'RESPOND', response: null }, { type: 'RESPOND', response: [] }, { type: 'RESPOND', response: 'x' },
      { type: 'RESPOND', response: { kind: 'constructor' } }, { type: 'RESPOND', response: { kind: 'unfounded' } },
      { type: 'RESPOND', response: { kind: 'not_concerned', reasons: 'x' } }, { type: 'RESPOND', response: { kind: 'action_promised', action: 'a', by: 'tomorrow' } },
      { type: 'ASSIGN' }, { type: 'ASSIGN', assigneeId: 'x' }, { type: 'MERGE', targetCaseId: 1 }, { type: 'UNMERGE' }, { type: 'UNMERGE', reason: '  ' },
      { type: 'ACTION_FOLLOW_UP', happened: true, text: 'x' }, { type: 'ACCEPT', type2: 1 },
    ];
    for (const body of bodies) {
      let thrown: unknown;
      try {
        parseClientEvent(body);
      } catch (e) {
        thrown = e;
      }
      expect([body, thrown instanceof CasesError && thrown.code]).toEqual([body, 'CASE_EVENT_INVALID']);
    }
  });

  it('accepts each respondent answer kind with its own fields, and keeps the payload without the type', () => {
    expect(parseClientEvent({ type: 'RESPOND', response: { kind: 'action_promised', action: '下架', by: '2027-01-10T00:00:00+08:00' } }).payload).toEqual({
      response: { kind: 'action_promised', action: '下架', by: '2027-01-10T00:00:00+08:00' },
    });
    expect(parseClientEvent({ type: 'RESPOND', response: { kind: 'not_concerned' } }).payload).toEqual({ response: { kind: 'not_concerned' } });
    expect(parseClientEvent({ type: 'ASSIGN', assigneeId: null }).payload).toEqual({ assigneeId: null });
    expect(parseClientEvent({ type: 'UNMERGE', reason: ' 误合并 ' })).toEqual({ type: 'UNMERGE', payload: { reason: '误合并' } });
  });
});
