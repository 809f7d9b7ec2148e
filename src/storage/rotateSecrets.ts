import type { Kysely } from 'kysely';
import type { TokenCipher } from '../crypto/tokenCipher.ts';
import type { Logger } from '../logger.ts';
import { reencryptTokens } from './connections.ts';
import { reencryptInstallations } from './installationStore.ts';
import type { Database } from './schema.ts';

/**
 * Key rotation, run at start-up: every encrypted column (partner_connections.token_*,
 * slack_installations.installation_ciphertext) is re-encrypted under the current key by the repository
 * that owns its table, so the README's promise holds: after one restart the old key can be removed.
 * A table that gains an encrypted column belongs here too (test/integration/keyRotation.test.ts checks
 * every *key_version column). Only counts are logged.
 */
export async function reencryptStoredSecrets(db: Kysely<Database>, cipher: TokenCipher, logger: Logger): Promise<void> {
  // Context keys must not name a token: the logger would redact the count.
  const partnerConnections = await reencryptTokens(db, cipher);
  const slackInstallations = await reencryptInstallations(db, cipher);
  if (partnerConnections + slackInstallations > 0) {
    logger.info('Re-encrypted stored secrets with the current key', { partnerConnections, slackInstallations });
  }
}
