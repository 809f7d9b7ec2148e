import type { Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import { countOutboxByStatus } from '../storage/alertOutbox/depth.ts';
import { countConnectionsByStatus } from '../storage/connections.ts';
import { importTotals } from '../storage/importProgress.ts';
import type { Database } from '../storage/schema.ts';

export interface DatabaseGaugeDeps {
  db: Kysely<Database>;
  logger: Logger;
  /** How long one reading may take before the scrape goes on without it (default 2 s). */
  timeoutMs?: number;
}

/**
 * Gauges read from the database when Prometheus scrapes, so they are never stale and nothing polls
 * meanwhile. A reading that fails or outlasts its timeout leaves its gauge empty for that scrape
 * (a missing series is visible; an old value would not be): a slow database never hangs /metrics.
 */
export function registerDatabaseGauges(registry: Registry, deps: DatabaseGaugeDeps): void {
  const timeoutMs = deps.timeoutMs ?? 2_000;
  const gauge = <L extends string, T>(
    config: { name: string; help: string; labelNames: L[] },
    reading: () => Promise<T>,
    show: (gauge: Gauge<L>, value: T) => void,
  ) =>
    new Gauge<L>({
      ...config,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          show(this, await withTimeout(reading(), timeoutMs));
        } catch (error) {
          deps.logger.warn('A metrics reading from the database failed; the gauge is left out of this scrape', { gauge: config.name, error });
        }
      },
    });

  gauge(
    { name: 'partnerbot_alert_outbox', help: 'Alert outbox rows by state: pending (queued or being sent), paused (channel paused), sent, skipped, expired.', labelNames: ['state'] },
    () => countOutboxByStatus(deps.db),
    (g, counts) => Object.entries(counts).forEach(([state, count]) => g.set({ state }, count)),
  );
  gauge(
    { name: 'partnerbot_connections', help: 'Partner API connections by status: active, error (polls failing), disconnected.', labelNames: ['status'] },
    () => countConnectionsByStatus(deps.db),
    (g, counts) => Object.entries(counts).forEach(([status, count]) => g.set({ status }, count)),
  );
  // One query answers both import gauges. prom-client collects every metric of a scrape at once, so
  // the second collect joins the first one's query instead of running its own.
  const totals = shareInFlight(() => importTotals(deps.db));
  gauge(
    { name: 'partnerbot_import_streams', help: 'History import per stream (one per tracked app of a live connection) by state: importing or done.', labelNames: ['stream', 'state'] },
    totals,
    (g, byStream) =>
      Object.entries(byStream).forEach(([stream, t]) => {
        g.set({ stream, state: 'importing' }, t.importing);
        g.set({ stream, state: 'done' }, t.done);
      }),
  );
  gauge(
    { name: 'partnerbot_import_records', help: 'Records the history import stored, per stream, over live connections.', labelNames: ['stream'] },
    totals,
    (g, byStream) => Object.entries(byStream).forEach(([stream, t]) => g.set({ stream }, t.records)),
  );
}

function shareInFlight<T>(reading: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () =>
    (inFlight ??= reading().finally(() => {
      inFlight = null;
    }));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
