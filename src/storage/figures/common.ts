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
 * The segments whose state differs between a window's two ends [a, b): side 'a', the one live at `a`
 * that ends inside the window; side 'b', the one live at `b` that started inside it. A shop with
 * neither did not change. `select` picks each side's columns from `shop_segments s`.
 */
export function segmentsChangedIn(
  select: (side: 'a' | 'b') => RawBuilder<unknown>,
  connectionId: number,
  window: { a: RawBuilder<string>; b: RawBuilder<string> },
  apps: AppFilter,
): RawBuilder<unknown> {
  const { a, b } = window;
  return sql`
      ${select('a')} where s.connection_id = ${connectionId} and s.ends_at >= ${a} and s.ends_at < ${b} and s.starts_after < ${a}${appClause('s.app_id', apps)}
      union all
      ${select('b')} where s.connection_id = ${connectionId} and s.starts_after >= ${a} and s.starts_after < ${b} and s.ends_at >= ${b}${appClause('s.app_id', apps)}`;
}
