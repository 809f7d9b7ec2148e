import type { WebClient } from '@slack/web-api';
import type { Kysely } from 'kysely';
import type { Logger } from '../../logger.ts';
import { findInstallerUserId } from '../../storage/installationStore.ts';
import type { Database } from '../../storage/schema.ts';

/** Who asks: the Slack user and their workspace, as Slack's signed request names them. */
export interface Actor {
  teamId: string;
  enterpriseId: string | undefined;
  userId: string;
}

/** What Slack and our installation record say about the actor, read fresh on every request. */
export interface ActorProfile {
  /** Admin or owner of the workspace, or (Enterprise Grid) of the organization. */
  isAdmin: boolean;
  /** The person who first installed partnerbot in this workspace (OAuth mode only). */
  isInstaller: boolean;
  /** The user's Slack time zone, the default for a new connection. */
  timeZone: string | null;
}

/** The parts of a block_actions or view_submission body that name who clicked. */
interface InteractionBody {
  team?: { id?: string } | null;
  enterprise?: { id?: string } | null;
  user: { id: string; team_id?: string };
}

export function actorOfInteraction(body: InteractionBody): Actor {
  return { teamId: body.team?.id ?? body.user.team_id ?? '', enterpriseId: body.enterprise?.id ?? undefined, userId: body.user.id };
}

/**
 * Asks Slack for the user's admin flags (users.info, scope users:read) and our database for the
 * installer. A failed users.info counts as "not an admin": refusing by mistake is recoverable,
 * granting by mistake is not.
 */
export async function loadActor(db: Kysely<Database>, client: Pick<WebClient, 'users'>, actor: Actor, logger: Logger): Promise<ActorProfile> {
  let timeZone: string | null = null;
  let isAdmin = false;
  try {
    const { user } = await client.users.info({ user: actor.userId });
    timeZone = user?.tz ?? null;
    isAdmin = Boolean(
      user?.is_admin || user?.is_owner || user?.is_primary_owner || user?.enterprise_user?.is_admin || user?.enterprise_user?.is_owner,
    );
  } catch (error) {
    logger.warn('users.info failed; treating the user as not an admin', { userId: actor.userId, error });
  }
  const installer = await findInstallerUserId(db, actor.teamId, actor.enterpriseId);
  return { isAdmin, isInstaller: installer !== null && installer === actor.userId, timeZone };
}
