import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stateMachineDoc } from './case.diagram.js';

describe('docs/state-machine.md', () => {
  it('is generated from the current machine (run npm run docs:machine when this fails)', () => {
    const committed = readFileSync(path.resolve(import.meta.dirname, '../../../docs/state-machine.md'), 'utf8');
    expect(committed).toBe(stateMachineDoc());
  });

  it('draws every state and the main transitions', () => {
    const doc = stateMachineDoc();
    for (const s of ['received', 'investigating', 'awaiting_response', 'mediating', 'resolved', 'publicized', 'referred', 'closed', 'dismissed', 'withdrawn', 'merged']) {
      expect(doc).toContain(s);
    }
    expect(doc).toMatch(/received --> investigating: ACCEPT \[guarded\]/);
  });
});
