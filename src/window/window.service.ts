import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SiteKeysService } from '../parties/index.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import { ASSET_NAME, openBuiltFile, type OpenedFile } from '../platform/http/built-files.js';
import { WindowError, WindowErrorCode } from './window.errors.js';

/** The built window's files: `index.html` (one page for /complain, /follow and /window), `embed.js`, `assets/`. */
@Injectable()
export class WindowService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Window');
  private readonly dir: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly siteKeys: SiteKeysService,
  ) {
    this.dir = path.resolve(config.window.dir);
  }

  onApplicationBootstrap(): void {
    if (!existsSync(path.join(this.dir, 'index.html'))) {
      this.logger.warn(`The complaint window is not built (no index.html in ${this.dir}): /complain, /follow and /window answer 503 until \`npm run build\` builds it`);
    }
  }

  /** The page; 503 WINDOW_NOT_BUILT without a build. */
  page(acceptEncoding: string | undefined): Promise<OpenedFile> {
    return this.built('index.html', acceptEncoding);
  }

  /** The partner's embed script; 503 WINDOW_NOT_BUILT without a build. */
  embedScript(acceptEncoding: string | undefined): Promise<OpenedFile> {
    return this.built('embed.js', acceptEncoding);
  }

  /** A hashed asset by its flat name; 404 for any other name (paths, dot files) or a missing file. */
  async asset(name: string, acceptEncoding: string | undefined): Promise<OpenedFile> {
    const missing = () => new HttpError(HttpErrorCode.NOT_FOUND, 'No such asset');
    if (!ASSET_NAME.test(name)) throw missing();
    const assets = path.join(this.dir, 'assets');
    const file = path.join(assets, name);
    // The name pattern already forbids separators and "..": this keeps the rule if the pattern ever changes.
    if (path.dirname(file) !== assets) throw missing();
    const opened = await openBuiltFile(file, acceptEncoding);
    if (!opened) throw missing();
    return opened;
  }

  /** The origins allowed to frame the window of this site key; null when the key is unknown, revoked or suspended. */
  async frameAncestorsOf(key: unknown): Promise<string[] | null> {
    if (typeof key !== 'string') return null;
    return (await this.siteKeys.resolve(key))?.allowedOrigins ?? null;
  }

  private async built(name: string, acceptEncoding: string | undefined): Promise<OpenedFile> {
    const opened = await openBuiltFile(path.join(this.dir, name), acceptEncoding);
    if (!opened) throw new WindowError(WindowErrorCode.WINDOW_NOT_BUILT, `The complaint window is not built on this server (${name} is missing)`);
    return opened;
  }
}
