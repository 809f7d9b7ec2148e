import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { TokenCipher } from '../crypto/tokenCipher.ts';
import { AppError } from '../errors.ts';
import type { Database } from './schema.ts';

/** Org-wide installs are keyed by enterprise id, all others by team id (REFERENCE.md, Bolt). */
export function installationKey(query: { isEnterpriseInstall?: boolean; enterpriseId?: string | undefined; teamId?: string | undefined }): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `E:${query.enterpriseId}`;
  if (query.teamId) return `T:${query.teamId}`;
  throw new AppError('installation_not_found', 'An installation query named neither a team nor an enterprise.');
}

type StoredInstallation = Installation<'v1' | 'v2', boolean>;

export interface PartnerbotInstallationStore extends InstallationStore {
  /**
   * The installation serving a workspace in background work, or null: the workspace's own, else the
   * org-wide installation of the Enterprise Grid organization it belongs to (slack_workspace_enterprises).
   */
  fetchWorkspaceInstallation(workspaceId: string): Promise<StoredInstallation | null>;
}

/** Bolt's installation store on our database; the installation (bot token inside) is encrypted. */
export function createInstallationStore(db: Kysely<Database>, cipher: TokenCipher): PartnerbotInstallationStore {
  const decrypt = (row: { installation_ciphertext: string; key_version: string }): StoredInstallation =>
    JSON.parse(cipher.decrypt({ ciphertext: row.installation_ciphertext, keyVersion: row.key_version }));
  return {
    async storeInstallation(installation) {
      const isEnterpriseInstall = installation.isEnterpriseInstall === true;
      const key = installationKey({
        isEnterpriseInstall,
        enterpriseId: installation.enterprise?.id,
        teamId: installation.team?.id,
      });
      const secret = cipher.encrypt(JSON.stringify(installation));
      const row = {
        installation_key: key,
        team_id: installation.team?.id ?? null,
        enterprise_id: installation.enterprise?.id ?? null,
        is_enterprise_install: isEnterpriseInstall,
        bot_user_id: installation.bot?.userId ?? null,
        installer_user_id: installation.user?.id ?? null,
        installation_ciphertext: secret.ciphertext,
        key_version: secret.keyVersion,
      };
      await db
        .insertInto('slack_installations')
        .values(row)
        .onConflict((oc) =>
          oc.column('installation_key').doUpdateSet((eb) => ({
            ...row,
            // The installer holds admin rights in partnerbot, so a re-install (anyone may re-run
            // /slack/install) keeps the first one; an uninstall deletes the row and resets it.
            installer_user_id: eb.fn.coalesce('slack_installations.installer_user_id', 'excluded.installer_user_id'),
            updated_at: new Date(),
          })),
        )
        .execute();
    },

    async fetchInstallation(query: InstallationQuery<boolean>): Promise<StoredInstallation> {
      const key = installationKey(query);
      const row = await db
        .selectFrom('slack_installations')
        .select(['installation_ciphertext', 'key_version'])
        .where('installation_key', '=', key)
        .executeTakeFirst();
      if (!row) throw new AppError('installation_not_found', `No Slack installation for ${key}.`);
      return decrypt(row);
    },

    async fetchWorkspaceInstallation(workspaceId) {
      const row = await db
        .selectFrom('slack_installations')
        .select(['installation_ciphertext', 'key_version'])
        .where((eb) =>
          eb.or([
            eb('installation_key', '=', installationKey({ teamId: workspaceId })),
            eb.and([
              eb('is_enterprise_install', '=', true),
              eb(
                'enterprise_id',
                'in',
                eb.selectFrom('slack_workspace_enterprises').select('enterprise_id').where('team_id', '=', workspaceId),
              ),
            ]),
          ]),
        )
        // The workspace's own installation wins over its organization's (false sorts first).
        .orderBy('is_enterprise_install')
        .executeTakeFirst();
      return row ? decrypt(row) : null;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      await db.deleteFrom('slack_installations').where('installation_key', '=', installationKey(query)).execute();
    },
  };
}

/**
 * Re-encrypts every installation made with an older key under the current one (key rotation), so the
 * old key can be removed: without this, every request and background job of an OAuth workspace would
 * fail to read its bot token. Returns how many were re-encrypted.
 */
export async function reencryptInstallations(db: Kysely<Database>, cipher: TokenCipher): Promise<number> {
  const stale = await db
    .selectFrom('slack_installations')
    .select(['installation_key', 'installation_ciphertext', 'key_version'])
    .where('key_version', '<>', cipher.currentKeyVersion)
    .execute();
  let count = 0;
  for (const row of stale) {
    const secret = cipher.encrypt(cipher.decrypt({ ciphertext: row.installation_ciphertext, keyVersion: row.key_version }));
    const result = await db
      .updateTable('slack_installations')
      .set({ installation_ciphertext: secret.ciphertext, key_version: secret.keyVersion })
      .where('installation_key', '=', row.installation_key)
      // Only the row as read: a re-install stored meanwhile (another process) is newer and kept.
      .where('installation_ciphertext', '=', row.installation_ciphertext)
      .executeTakeFirst();
    count += Number(result.numUpdatedRows);
  }
  return count;
}

/** Who installed the app in a workspace (OAuth mode); they may manage the connection too. */
export async function findInstallerUserId(db: Kysely<Database>, teamId: string, enterpriseId?: string): Promise<string | null> {
  const row = await db
    .selectFrom('slack_installations')
    .select('installer_user_id')
    .where('installation_key', 'in', [`T:${teamId}`, ...(enterpriseId ? [`E:${enterpriseId}`] : [])])
    // The workspace's own installation wins over its organization's, as it does for the bot token.
    .orderBy('is_enterprise_install')
    .executeTakeFirst();
  return row?.installer_user_id ?? null;
}
