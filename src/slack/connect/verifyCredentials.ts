import type { TrackedApp } from '../../domain/connection.ts';
import type { Logger } from '../../logger.ts';
import type { Credentials, PartnerClient } from '../../partner/client.ts';
import { isPartnerApiError } from '../../partner/partnerErrors.ts';
import type { FieldErrors } from './connectForm.ts';

export type CredentialCheck = { ok: true; apps: TrackedApp[] } | { ok: false; errors: FieldErrors };

const API_CLIENTS = 'Partner Dashboard → Settings → Partner API clients';

/**
 * Asks the Partner API whether the token reads these apps (Manage apps) and transactions (View
 * financials) in this organization, and turns every refusal into a message on the field to fix.
 */
export async function verifyCredentials(
  client: Pick<PartnerClient, 'fetchApp' | 'checkFinancialsAccess'>,
  creds: Credentials,
  appIds: string[],
  logger: Logger,
): Promise<CredentialCheck> {
  try {
    const apps: TrackedApp[] = [];
    const missing: string[] = [];
    for (const appId of appIds) {
      const app = await client.fetchApp(creds, appId);
      if (app) apps.push({ appId, name: app.name || `App ${appId}` });
      else missing.push(appId);
    }
    const errors: FieldErrors = {};
    if (missing.length > 0) {
      errors.apps =
        missing.length === 1
          ? `App ${missing[0]} is not in organization ${creds.orgId}. Check the number in the app's Partner Dashboard URL.`
          : `Apps ${missing.join(', ')} are not in organization ${creds.orgId}. Check the numbers in the apps' Partner Dashboard URLs.`;
    }
    if (!(await client.checkFinancialsAccess(creds))) {
      errors.token = `This token lacks the "View financials" permission, which revenue figures need. Enable it on the API client (${API_CLIENTS}) and submit again.`;
    }
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, apps };
  } catch (error) {
    return { ok: false, errors: describeRefusal(error, creds.orgId, logger) };
  }
}

function describeRefusal(error: unknown, orgId: string, logger: Logger): FieldErrors {
  if (isPartnerApiError(error)) {
    logger.info('Partner credential check refused', { code: error.code, orgId });
    switch (error.code) {
      case 'partner_unauthorized':
        return { token: `The Partner API refused this token: it is invalid or revoked, or it belongs to another organization than ${orgId}. Create a token in organization ${orgId} (${API_CLIENTS}).` };
      case 'partner_wrong_org':
        return { token: `This token belongs to another Partner organization, not ${orgId}. Check the Organization ID, or use a token created in organization ${orgId}.` };
      case 'partner_missing_permission':
        return { token: `This token lacks the "Manage apps" permission, which app events need. Enable it on the API client (${API_CLIENTS}) and submit again.` };
      case 'partner_app_not_found':
        return { apps: `An app is not in organization ${orgId}. Check the app IDs.` };
      case 'partner_bad_version':
        return { general: 'partnerbot is set to a Partner API version Shopify no longer serves. Ask whoever runs partnerbot to update PARTNER_API_VERSION.' };
      default:
        return { general: 'The Shopify Partner API did not answer in time. Nothing was saved; please submit again in a minute.' };
    }
  }
  logger.error('Partner credential check failed', { error });
  return { general: 'Something went wrong on our side while checking. Nothing was saved; please submit again in a minute.' };
}
