import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import type { HealthChange } from '../../storage/connectionLeases.ts';
import { claimErrorNotice, claimRecoveryNotice } from '../../storage/healthNotices.ts';
import type { Database } from '../../storage/schema.ts';
import type { WorkspaceClientFor } from '../../slackApi/workspaceClients.ts';
import { buildErrorNotice, buildRecoveryNotice } from './healthMessages.ts';

/**
 * The sync's onHealthChange: one DM to the admin who connected when a connection enters the error
 * state, one when it recovers. The claim in the database decides, so repeats send nothing.
 */
export function createHealthNotifier(deps: { db: Kysely<Database>; clock: Clock; logger: Logger; botClientFor: WorkspaceClientFor; onNotified?: (workspaceId: string) => Promise<void> }) {
  return async (connectionId: number, change: Exclude<HealthChange, null>): Promise<void> => {
    const target = change === 'failed' ? await claimErrorNotice(deps.db, connectionId, deps.clock.now()) : await claimRecoveryNotice(deps.db, connectionId);
    if (!target) return;
    const logger = deps.logger.child({ connectionId, teamId: target.workspaceId, orgId: target.organizationId });
    const client = await deps.botClientFor(target.workspaceId);
    if (!client) return;
    try {
      const dm = await client.conversations.open({ users: target.userId });
      const channel = dm.channel?.id ?? target.userId;
      await client.chat.postMessage({ channel, ...(change === 'failed' ? buildErrorNotice(target) : buildRecoveryNotice(target)) });
      logger.info(change === 'failed' ? 'Told the admin the connection is in error' : 'Told the admin the connection recovered', { userId: target.userId });
    } catch (error) {
      logger.warn('Could not DM the admin about the connection health', { userId: target.userId, error });
    }
    await deps.onNotified?.(target.workspaceId).catch(() => undefined);
  };
}
