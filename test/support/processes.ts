import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/** The project's root: scripts run from dist/ under it. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the built scripts (e.g. `dist/src/cli/main.js`) in a child Node process with only the given
 * environment (plus PATH, NODE_ENV=test and silent logs unless set), and resolves when it exits.
 */
export function runScript(script: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, script), ...args], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} timed out; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The CLI (`npm run cli`), built. */
export const runCli = (args: string[], env: Record<string, string>, timeoutMs?: number): Promise<Finished> =>
  runScript('dist/src/cli/main.js', args, env, timeoutMs);

/** A TCP port on the loopback nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
