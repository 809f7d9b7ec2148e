import type { Kysely } from 'kysely';
import { getConnection } from '../../storage/connections.ts';
import type { Database } from '../../storage/schema.ts';
import type { CycleOutcome } from '../../sync/syncConnection.ts';
import type { HomePublisher } from './homePublisher.ts';

/**
 * After a sync cycle the Home tab is published again while the history imports (its percentage
 * moves), when records arrived, or when the cycle failed; a quiet live poll changes nothing on it.
 * A disconnected or uninstalled workspace hears nothing more.
 */
export function refreshHomeAfterCycle(db: Kysely<Database>, home: HomePublisher): (connectionId: number, outcome: CycleOutcome) => Promise<void> {
  return async (connectionId, outcome) => {
    if (outcome.backfillComplete && outcome.imported === 0 && !outcome.failed) return;
    const connection = await getConnection(db, connectionId);
    if (connection && connection.status !== 'disconnected') await home.refresh(connection.workspaceId);
  };
}
