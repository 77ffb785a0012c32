import { Injectable } from '@nestjs/common';

/**
 * When this instance last answered a request (health checks and metrics scrapes aside), for background work that
 * should make way for people's requests (mail delivery slows down while requests are being served). Updated by the
 * app's existing onResponse hook: no hook of its own.
 */
@Injectable()
export class HttpActivity {
  private last = -Infinity;

  served(url: string | undefined): void {
    if (url === undefined || url.startsWith('/health') || url === '/metrics') return;
    this.last = performance.now();
  }

  /** Whether a request was answered within the last `ms` milliseconds. */
  busyWithin(ms: number): boolean {
    return performance.now() - this.last < ms;
  }
}
