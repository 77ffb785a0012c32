// Builds dist/ when it is missing or older than any source file, so `npm start` works on a fresh clone.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const marker = path.join(root, 'dist', 'src', 'main.js');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) t = Math.max(t, newest(p));
    else if (entry.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const sourceTime = Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'migrations')));
if (!existsSync(marker) || statSync(marker).mtimeMs < sourceTime) {
  process.stderr.write('Building (tsc)…\n');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  // tsc skips unchanged outputs; touch the marker so the next check is cheap.
  const now = new Date();
  (await import('node:fs')).utimesSync(marker, now, now);
}
