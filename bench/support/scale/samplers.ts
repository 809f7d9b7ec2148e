import { sql, type Kysely } from 'kysely';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Database } from '../../../src/storage/schema.ts';
import { BENCH_APPLICATION_NAME } from './seed.ts';

/**
 * Sessions the bots hold on the run's database, every second: pg_stat_activity for the current
 * database, the bench's own (named) sessions left out.
 */
export function startSessionSampler(db: Kysely<Database>) {
  let peak = 0;
  let peakActive = 0;
  let lockWaits = 0;
  const samples: number[] = [];
  /** Statements seen running, by their first words: where the sessions' time goes. */
  const running = new Map<string, number>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = await sql<{ state: string | null; wait: string | null; query: string }>`
        select state, wait_event_type as wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query
        from pg_stat_activity
        where datname = current_database() and application_name <> ${BENCH_APPLICATION_NAME}`
        .execute(db)
        .then((r) => r.rows, () => null);
      if (rows) {
        const active = rows.filter((r) => r.state === 'active');
        samples.push(rows.length);
        peak = Math.max(peak, rows.length);
        peakActive = Math.max(peakActive, active.length);
        lockWaits += active.filter((r) => r.wait === 'Lock').length;
        for (const r of active) running.set(r.query, (running.get(r.query) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      // Every transaction PostgreSQL aborted to break a deadlock in this database, since it was created.
      const deadlocks = await sql<{ n: number }>`select deadlocks::int as n from pg_stat_database where datname = current_database()`
        .execute(db)
        .then((r) => r.rows[0]?.n ?? null, () => null);
      const sorted = [...samples].sort((a, b) => a - b);
      const top = [...running].sort((a, b) => b[1] - a[1]).slice(0, 6);
      return { peak, peakActive, median: sorted[Math.floor(sorted.length / 2)] ?? 0, lockWaits, deadlocks, activeSamples: [...running.values()].reduce((a, b) => a + b, 0), top };
    },
  };
}

/**
 * The sync queue every second: connections whose poll is due but that no process has claimed yet,
 * and connections leased right now (cycles running, across processes).
 */
export function startQueueSampler(db: Kysely<Database>) {
  const due: number[] = [];
  const leased: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const now = new Date().toISOString();
      const row = await db
        .selectFrom('partner_connections')
        .select((eb) => [
          eb.fn.countAll<number>().filterWhere((f) => f.and([f('next_poll_at', '<=', now), f.or([f('poll_lease_until', 'is', null), f('poll_lease_until', '<', now)])])).as('due'),
          eb.fn.countAll<number>().filterWhere('poll_lease_until', '>=', now).as('leased'),
        ])
        .where('status', '<>', 'disconnected')
        .executeTakeFirst()
        .catch(() => null);
      if (row) {
        due.push(Number(row.due));
        leased.push(Number(row.leased));
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, peak: sorted[sorted.length - 1] ?? 0 };
  };
  return {
    async stop() {
      stopped = true;
      await loop;
      return { due: stats(due), leased: stats(leased) };
    },
  };
}

/** The bench process's own event-loop delay: the simulator and fake Slack live in it, so a stalled loop would be the harness's delay, not the bot's. */
export function startLoopDelay() {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
    },
  };
}
