import type { App } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { TokenCipher } from '../../crypto/tokenCipher.ts';
import type { Logger } from '../../logger.ts';
import type { PartnerClient } from '../../partner/client.ts';
import type { SyncWorker } from '../../scheduler/syncWorker.ts';
import type { HealthChange } from '../../storage/connectionLeases.ts';
import { getConnection } from '../../storage/connections.ts';
import type { Database } from '../../storage/schema.ts';
import type { TokenForWorkspace } from '../../slackApi/tokenForWorkspace.ts';
import { createWorkspaceClients } from '../../slackApi/workspaceClients.ts';
import type { CycleOutcome } from '../../sync/syncConnection.ts';
import { createHomePublisher } from '../home/homePublisher.ts';
import { registerHome } from '../home/registerHome.ts';
import { createHealthNotifier } from '../notify/healthNotifier.ts';
import type { ConnectDeps } from './connectDeps.ts';
import { registerDisconnect } from './disconnect.ts';
import { registerConnect } from './registerConnect.ts';

export interface SyncHooks {
  onHealthChange(connectionId: number, change: Exclude<HealthChange, null>): Promise<void>;
  onCycleComplete(connectionId: number, outcome: CycleOutcome): Promise<void>;
}

export interface ConnectionFeatures {
  /** For the connect, status and disconnect subcommands (slack/commands/connectionCommands.ts). */
  connectDeps: ConnectDeps;
  /** For the sync worker: admin DMs on health changes, Home refreshes while history imports. */
  syncHooks: SyncHooks;
}

/** Wires connecting, the Home tab, status, disconnecting and health DMs onto the Bolt app. */
export function registerConnectionFeatures(
  app: App,
  deps: {
    db: Kysely<Database>;
    cipher: TokenCipher;
    clock: Clock;
    logger: Logger;
    partner: PartnerClient;
    syncWorker: Pick<SyncWorker, 'tick'>;
    /** Home refreshes and health DMs have no request to take a client from: they use the workspace's bot token. */
    tokenForWorkspace: TokenForWorkspace;
    slackApiUrl: string;
  },
): ConnectionFeatures {
  const logger = deps.logger.child({ component: 'connect' });
  const botClientFor = createWorkspaceClients({ slackApiUrl: deps.slackApiUrl, tokenForWorkspace: deps.tokenForWorkspace }, { retries: 2 });
  const home = createHomePublisher({ db: deps.db, clock: deps.clock, logger, botClientFor });
  const connectDeps: ConnectDeps = { db: deps.db, cipher: deps.cipher, clock: deps.clock, logger, partner: deps.partner, syncWorker: deps.syncWorker, home };
  registerConnect(app, connectDeps);
  registerDisconnect(app, connectDeps);
  registerHome(app, { db: deps.db, clock: deps.clock, logger, home, syncWorker: deps.syncWorker });

  const refreshLive = async (connectionId: number) => {
    const connection = await getConnection(deps.db, connectionId);
    // A disconnected or uninstalled workspace hears nothing more.
    if (connection && connection.status !== 'disconnected') await home.refresh(connection.workspaceId);
  };
  const notifyHealth = createHealthNotifier({ db: deps.db, clock: deps.clock, logger, botClientFor, onNotified: (teamId) => home.refresh(teamId) });
  return {
    connectDeps,
    syncHooks: {
      onHealthChange: notifyHealth,
      async onCycleComplete(connectionId, outcome) {
        if (!outcome.backfillComplete || outcome.imported > 0 || outcome.failed) await refreshLive(connectionId);
      },
    },
  };
}
