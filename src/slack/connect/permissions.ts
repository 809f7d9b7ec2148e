import type { WebClient } from '@slack/web-api';
import type { Kysely } from 'kysely';
import type { Logger } from '../../logger.ts';
import { findInstallerUserId } from '../../storage/installationStore.ts';
import type { Database } from '../../storage/schema.ts';

export const NOT_ALLOWED_MESSAGE =
  'Only workspace admins and owners, or the person who installed partnerbot, can connect, change or disconnect the Partner organization. ' +
  'Ask one of them to do it. Anyone can use `/partner status` and the figures commands.';

export interface Actor {
  teamId: string;
  enterpriseId: string | undefined;
  userId: string;
}

export interface ActorProfile {
  mayManage: boolean;
  /** The user's Slack time zone, the default for a new connection. */
  timeZone: string | null;
}

/**
 * Admins and owners (Enterprise Grid flags included) and the installer may manage the connection.
 * In single-workspace mode there is no installation record, so only the admin flags count there.
 */
export async function loadActor(db: Kysely<Database>, client: Pick<WebClient, 'users'>, actor: Actor, logger: Logger): Promise<ActorProfile> {
  let timeZone: string | null = null;
  let admin = false;
  try {
    const { user } = await client.users.info({ user: actor.userId });
    timeZone = user?.tz ?? null;
    admin = Boolean(
      user?.is_admin || user?.is_owner || user?.is_primary_owner || user?.enterprise_user?.is_admin || user?.enterprise_user?.is_owner,
    );
  } catch (error) {
    logger.warn('users.info failed; treating the user as not an admin', { error });
  }
  if (admin) return { mayManage: true, timeZone };
  const installer = await findInstallerUserId(db, actor.teamId, actor.enterpriseId);
  return { mayManage: installer !== null && installer === actor.userId, timeZone };
}
