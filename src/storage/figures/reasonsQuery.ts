import { sql } from 'kysely';
import { tallyReasons, type UninstallDescription, type UninstallReasons } from '../../metrics/reasons.ts';
import { appClause, instant, type AppFilter, type Db } from './common.ts';

/** uninstallReasons over [start, end): reason counts and the latest free-text descriptions. */
export async function queryUninstallReasons(db: Db, connectionId: number, window: { start: Date; end: Date }, apps: AppFilter, latest = 5): Promise<UninstallReasons> {
  const bounds = sql`e.connection_id = ${connectionId} and e.type = 'RELATIONSHIP_UNINSTALLED'
    and e.occurred_at >= ${instant(window.start)} and e.occurred_at < ${instant(window.end)}${appClause('e.app_id', apps)}`;
  const [grouped, described] = await Promise.all([
    sql<{ reason: string | null; count: number }>`
      select e.reason, count(*)::int as count from app_events e where ${bounds} group by e.reason order by e.reason`.execute(db),
    sql<{ app_id: string; shop_id: string; shop_domain: string | null; occurred_at: string; description: string }>`
      select e.app_id, e.shop_id, e.shop_domain, e.occurred_at, e.description from app_events e
      where ${bounds} and e.description ~ '[^[:space:]]'
      order by e.occurred_at desc limit ${Math.max(0, latest)}`.execute(db),
  ]);
  const descriptions: UninstallDescription[] = described.rows.map((r) => ({
    appId: r.app_id,
    shopId: r.shop_id,
    shopDomain: r.shop_domain,
    occurredAt: r.occurred_at,
    description: r.description.trim(),
  }));
  return {
    uninstalls: grouped.rows.reduce((n, r) => n + r.count, 0),
    reasons: tallyReasons(grouped.rows),
    descriptions,
  };
}
