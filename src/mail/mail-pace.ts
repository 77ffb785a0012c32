import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { HttpActivity } from '../platform/http/http-activity.js';

/** A request answered within this long makes the instance "busy". */
const BUSY_WINDOW_MS = 2000;

/**
 * The pace of mail work in this instance (dispatch and delivery share it): `MAIL_MAX_PER_SECOND` while it serves no
 * requests, `MAIL_PER_SECOND_UNDER_LOAD` while it does, so that a burst of queued mail never competes with people's
 * requests for the CPU (a message costs about as much as an intake). Nothing is dropped: the work waits its turn.
 */
@Injectable()
export class MailPace {
  /** Dispatch and delivery each keep the pace (a message passes through both). */
  private readonly next = { dispatch: 0, delivery: 0 };

  constructor(
    private readonly activity: HttpActivity,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Messages per second allowed now. */
  rate(): number {
    return this.activity.busyWithin(BUSY_WINDOW_MS) ? this.config.mail.perSecondUnderLoad : this.config.mail.maxPerSecond;
  }

  /** Waits for `n` messages' turn in this stage. */
  async take(stage: 'dispatch' | 'delivery', n = 1): Promise<void> {
    if (n <= 0) return;
    const now = performance.now();
    const start = Math.max(this.next[stage], now);
    this.next[stage] = start + (n * 1000) / this.rate();
    const wait = start - now;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  }
}
