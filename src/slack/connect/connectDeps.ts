import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { TokenCipher } from '../../crypto/tokenCipher.ts';
import type { Logger } from '../../logger.ts';
import type { PartnerClient } from '../../partner/client.ts';
import type { Database } from '../../storage/schema.ts';
import type { HomePublisher } from '../home/homePublisher.ts';

/** What connecting, editing and disconnecting need; built once in partnerbot.ts. */
export interface ConnectDeps {
  db: Kysely<Database>;
  cipher: TokenCipher;
  clock: Clock;
  logger: Logger;
  partner: Pick<PartnerClient, 'fetchApp' | 'checkFinancialsAccess' | 'fetchOldestInstant'>;
  /** Starts a sync cycle now (the scheduler's worker): a new connection or "Sync now" need not wait for the next tick. */
  syncWorker: { tick(): Promise<void> };
  home: HomePublisher;
}
