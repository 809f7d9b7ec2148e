import type { Transaction } from 'kysely';
import type { DayDelta } from '../../metrics/timeline.ts';
import type { Database } from '../schema.ts';

/** Adds the deltas to state_day_deltas (creating days as needed); all-zero deltas are skipped. */
export async function writeDayDeltas(trx: Transaction<Database>, connectionId: number, deltas: Iterable<DayDelta>): Promise<void> {
  const rows = [...deltas]
    .filter((d) => d.installed !== 0 || d.paying !== 0 || d.priced !== 0 || d.intervalUnknown !== 0 || !d.mrr.isZero())
    .map((d) => ({
      connection_id: connectionId,
      app_id: d.appId,
      currency: d.currency,
      day: d.day,
      installed: d.installed,
      paying: d.paying,
      priced: d.priced,
      interval_unknown: d.intervalUnknown,
      mrr: d.mrr.toString(),
    }));
  for (let i = 0; i < rows.length; i += 5000) {
    await trx
      .insertInto('state_day_deltas')
      .values(rows.slice(i, i + 5000))
      .onConflict((oc) =>
        oc.columns(['connection_id', 'day', 'app_id', 'currency']).doUpdateSet((eb) => ({
          installed: eb('state_day_deltas.installed', '+', eb.ref('excluded.installed')),
          paying: eb('state_day_deltas.paying', '+', eb.ref('excluded.paying')),
          priced: eb('state_day_deltas.priced', '+', eb.ref('excluded.priced')),
          interval_unknown: eb('state_day_deltas.interval_unknown', '+', eb.ref('excluded.interval_unknown')),
          mrr: eb('state_day_deltas.mrr', '+', eb.ref('excluded.mrr')),
        })),
      )
      .execute();
  }
}
