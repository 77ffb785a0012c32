import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { ASSET_NAME, openBuiltFile, type OpenedFile } from '../platform/http/built-files.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import { ConsoleError, ConsoleErrorCode } from './console.errors.js';
import { NONCE_PLACEHOLDER } from './console-headers.js';

/** The built console's files: `index.html` (one page for every /console path) and `assets/`. */
@Injectable()
export class ConsoleService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Console');
  private readonly dir: string;
  /** index.html as built, kept while its modification time stays the same (a rebuild is picked up without a restart). */
  private page: { mtimeMs: number; parts: [string, string] } | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = path.resolve(config.console.dir);
  }

  onApplicationBootstrap(): void {
    if (!existsSync(path.join(this.dir, 'index.html'))) {
      this.logger.warn(`The console is not built (no index.html in ${this.dir}): /console answers 503 until \`npm run build\` builds it`);
    }
  }

  /** The page with this response's nonce; 503 CONSOLE_NOT_BUILT without a build. */
  async html(nonce: string): Promise<string> {
    const file = path.join(this.dir, 'index.html');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new ConsoleError(ConsoleErrorCode.CONSOLE_NOT_BUILT, 'The console is not built on this server (index.html is missing)');
    if (this.page?.mtimeMs !== info.mtimeMs) {
      const text = await readFile(file, 'utf8');
      const at = text.indexOf(NONCE_PLACEHOLDER);
      if (at < 0) throw new ConsoleError(ConsoleErrorCode.CONSOLE_NOT_BUILT, 'The console build has no nonce placeholder');
      this.page = { mtimeMs: info.mtimeMs, parts: [text.slice(0, at), text.slice(at + NONCE_PLACEHOLDER.length)] };
    }
    return this.page.parts[0] + nonce + this.page.parts[1];
  }

  /** A hashed asset by its flat name; 404 for any other name (paths, dot files) or a missing file. */
  async asset(name: string, acceptEncoding: string | undefined): Promise<OpenedFile> {
    const missing = () => new HttpError(HttpErrorCode.NOT_FOUND, 'No such asset');
    if (!ASSET_NAME.test(name)) throw missing();
    const assets = path.join(this.dir, 'assets');
    const file = path.join(assets, name);
    if (path.dirname(file) !== assets) throw missing();
    const opened = await openBuiltFile(file, acceptEncoding);
    if (!opened) throw missing();
    return opened;
  }
}
