import type { Kysely } from 'kysely';
import { findPausedChannelsDue } from '../../storage/alertChannels.ts';
import type { Database } from '../../storage/schema.ts';
import { retireUnroutedChannel } from '../channelPause.ts';

/**
 * Call after an admin added, edited or removed a rule (the rule is already committed). Queued alerts
 * need nothing: each is checked against the rules as they are when it is claimed, and skipped with
 * why when no rule sends it to its channel any more. A paused channel no rule uses gives up its held
 * alerts now rather than at the next probe. Returns how many held alerts were given up.
 */
export async function afterRoutesChanged(db: Kysely<Database>, connectionId: number, now: Date): Promise<number> {
  const paused = await findPausedChannelsDue(db, now);
  let given = 0;
  for (const channel of paused) {
    if (channel.connectionId === connectionId && !channel.routed) given += await retireUnroutedChannel(db, channel);
  }
  return given;
}
