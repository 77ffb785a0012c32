// Writes docs/state-machine.md from the compiled machine definition (npm run docs:machine).
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { stateMachineDoc } = await import(path.join(root, 'dist/src/cases/machine/case.diagram.js'));
writeFileSync(path.join(root, 'docs/state-machine.md'), stateMachineDoc());
process.stdout.write('Wrote docs/state-machine.md\n');
