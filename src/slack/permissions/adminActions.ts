import type { WebClient } from '@slack/web-api';
import type { Kysely } from 'kysely';
import type { Logger } from '../../logger.ts';
import type { Database } from '../../storage/schema.ts';
import { loadActor, type Actor, type ActorProfile } from './actor.ts';

/**
 * Every action that changes the workspace's Partner connection or posts on the team's behalf, with
 * the words the refusal uses. Reading (`/partner status`, the figures, `/partner digest`, the Home
 * tab, the list of alert routing rules) is open to every member. The digest's channel and schedule are edited in the connection's
 * settings, so `edit_connection` covers them.
 */
export const ADMIN_ACTIONS = {
  connect: 'connect a Partner organization',
  edit_connection: 'change the connection settings (organization, token, apps, channels and digest schedule)',
  disconnect: 'disconnect the Partner organization',
  alert_settings: 'change alert settings',
  alert_routing: 'change alert routing rules or post a test alert',
  digest_now: 'post the digest on demand',
  summary_settings: 'turn summaries on or off or change their channel and hour',
  sync_now: 'start a sync',
} as const;

export type AdminAction = keyof typeof ADMIN_ACTIONS;

/**
 * The one rule: workspace admins and owners (Enterprise Grid ones included) and the person who first
 * installed partnerbot may do every admin action; nobody else may do any. Having connected the
 * organization (`connected_by_user_id`) grants nothing, and neither does anything a modal carries in
 * `private_metadata`: both can be stale or crafted. The installer is the first one of the
 * installation: a re-install by someone else keeps them (storeInstallation), and an uninstall forgets
 * the installation, so the next install names a new one.
 */
export function mayDoAdminActions(profile: ActorProfile): boolean {
  return profile.isAdmin || profile.isInstaller;
}

export function refusalMessage(action: AdminAction): string {
  return `Only workspace admins and owners, or the person who installed partnerbot, can ${ADMIN_ACTIONS[action]}. Ask one of them. Anyone can use \`/partner status\` and the figures commands.`;
}

export type Authorization = { allowed: true; profile: ActorProfile } | { allowed: false; message: string };

/**
 * Checks the actor's rights afresh, for every request: the button that opened a modal and the
 * modal's submission each call this, because rights can change in between and a submission can be
 * crafted without the button.
 */
export async function authorize(
  deps: { db: Kysely<Database>; logger: Logger },
  client: Pick<WebClient, 'users'>,
  action: AdminAction,
  actor: Actor,
): Promise<Authorization> {
  const profile = await loadActor(deps.db, client, actor, deps.logger);
  if (mayDoAdminActions(profile)) return { allowed: true, profile };
  deps.logger.info('Admin action refused', { action, teamId: actor.teamId, userId: actor.userId });
  return { allowed: false, message: refusalMessage(action) };
}
