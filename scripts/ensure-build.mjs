// Builds dist/ when it is missing or older than any source file, so `npm start` works on a fresh clone:
// the service (tsc, when src/ or migrations/ changed), the complaint window (Vite, when window/ changed) and the
// console (Vite, when console/ changed).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const marker = path.join(root, 'dist', 'src', 'main.js');
const windowMarker = path.join(root, 'dist', 'window', 'index.html');
const consoleMarker = path.join(root, 'dist', 'console', 'index.html');

function newest(dir, accept) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) t = Math.max(t, newest(p, accept));
    else if (accept(entry.name)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const stale = (file, sourceTime) => !existsSync(file) || statSync(file).mtimeMs < sourceTime;
const isTs = (name) => name.endsWith('.ts');

if (stale(marker, Math.max(newest(path.join(root, 'src'), isTs), newest(path.join(root, 'migrations'), isTs)))) {
  process.stderr.write('Building (tsc)…\n');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  // tsc skips unchanged outputs; touch the marker so the next check is cheap.
  const now = new Date();
  utimesSync(marker, now, now);
}

// Every file under window/ is a source of the page: scripts, styles, messages, the HTML, the Vite config.
if (stale(windowMarker, newest(path.join(root, 'window'), () => true))) {
  process.stderr.write('Building the complaint window (vite)…\n');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', path.join(root, 'window', 'vite.config.ts'), '--logLevel', 'warn'], {
    stdio: 'inherit',
    cwd: root,
  });
}

// Every file under console/ is a source of the console.
if (stale(consoleMarker, newest(path.join(root, 'console'), () => true))) {
  process.stderr.write('Building the console (vite)…\n');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', path.join(root, 'console', 'vite.config.ts'), '--logLevel', 'warn'], {
    stdio: 'inherit',
    cwd: root,
  });
}
