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
