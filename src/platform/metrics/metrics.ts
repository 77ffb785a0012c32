import { collectDefaultMetrics, Gauge, type Metric, Registry } from 'prom-client';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Series {
  labels: { method: string; route: string; status_code: string };
  /** counts[i]: observations in (BUCKETS[i-1], BUCKETS[i]]; the last slot is above every bound. */
  counts: number[];
  sum: number;
  count: number;
}

/**
 * The request latency histogram, exposed exactly as a prom-client Histogram would be. prom-client's
 * observe() validates and hashes the label object on every call (a few µs per request); here a series
 * is found by three map lookups on strings Fastify already holds, and a bucket by a short loop.
 */
export class RouteLatencyHistogram {
  readonly name = 'http_request_duration_seconds';
  readonly help = 'HTTP request latency by method, route template and status';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** route template → method → status → series: strings Fastify reuses, so no key is built per request. */
  private readonly series = new Map<string, Map<string, Map<number, Series>>>();

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    let byMethod = this.series.get(route);
    if (!byMethod) this.series.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let s = byStatus.get(statusCode);
    if (!s) {
      s = { labels: { method, route, status_code: String(statusCode) }, counts: new Array(BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      byStatus.set(statusCode, s);
    }
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
    s.counts[i]++;
    s.sum += seconds;
    s.count++;
  }

  /** prom-client's metric object: cumulative `_bucket` lines, then `_sum` and `_count`, per series. */
  get() {
    const name = this.name;
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const s of [...this.series.values()].flatMap((m) => [...m.values()]).flatMap((m) => [...m.values()])) {
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += s.counts[i];
        values.push({ labels: { le, ...s.labels }, value: cumulative, metricName: `${name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: `${name}_bucket` });
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${name}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${name}_count` });
    }
    return { name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}

/** One registry per app instance (tests create several apps in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new RouteLatencyHistogram();
  // A metric to the registry is anything with a name and get(); its type lists only prom-client's own classes.
  registry.registerMetric(httpDuration as unknown as Metric);
  // Read at scrape time from the calendar service (which registers its reader at boot): the value moves with the date.
  let readDaysRemaining: (() => Promise<number>) | undefined;
  new Gauge({
    name: 'selfreg_calendar_days_remaining',
    help: 'Days of official working-day calendar loaded after today (Shanghai); below 60, load next year\'s list',
    registers: [registry],
    async collect() {
      if (readDaysRemaining) this.set(await readDaysRemaining());
    },
  });
  const calendarDaysRemaining = {
    watch(read: () => Promise<number>) {
      readDaysRemaining = read;
    },
  };
  return { registry, httpDuration, calendarDaysRemaining };
}

export type Metrics = ReturnType<typeof createMetrics>;
export const METRICS = Symbol('METRICS');
