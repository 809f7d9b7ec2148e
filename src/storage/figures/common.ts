import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { toStoredInstant } from '../typeParsers.ts';

export type Db = Kysely<Database> | Transaction<Database>;

/** Which apps a figure covers: null = every app of the connection. */
export type AppFilter = readonly string[] | null;

export function instant(at: Date | string): RawBuilder<string> {
  return sql<string>`${toStoredInstant(at)}::timestamptz`;
}

/** `and <column> in (...)` for an app filter, or nothing. */
export function appClause(column: string, apps: AppFilter): RawBuilder<unknown> {
  if (apps === null) return sql``;
  if (apps.length === 0) return sql` and false`;
  return sql` and ${sql.ref(column)} in (${sql.join(apps.map((a) => sql`${a}`))})`;
}

/**
 * Monthly amount of a segment's live charge (METRICS.md): its amount, /12 when its latest subscription
 * sale says ANNUAL, carried to 10 places like metrics/monthly.ts (amount / 12 never ends exactly on a
 * half at the 11th place for amounts in cents, so PostgreSQL's rounding agrees with half-even there).
 */
export function monthlyAmount(segment: string, interval: string): RawBuilder<string> {
  return sql<string>`case when ${sql.ref(`${interval}.billing_interval`)} = 'ANNUAL' then round(${sql.ref(`${segment}.amount`)} / 12, 10) else ${sql.ref(`${segment}.amount`)} end`;
}
