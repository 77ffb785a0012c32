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

export interface RunningService {
  base: string;
  /** Everything the service printed so far (stdout and stderr). */
  output: () => string;
  stop: () => Promise<void>;
  /** Kills the process at once (SIGKILL): no shutdown hook runs, open transactions and connections just drop. */
  kill: () => Promise<void>;
}

/**
 * The built service (`dist/src/main.js`) as its own process on a free loopback port with only the given
 * environment (plus PATH, NODE_ENV=test and info logs, kept in memory); resolves once it listens.
 */
export async function startService(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + timeoutMs;
  while (!out.includes('listening on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
