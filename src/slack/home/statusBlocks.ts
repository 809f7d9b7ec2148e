import type { KnownBlock } from '@slack/types';
import { channelLink, fallbackText, merchantText, mrkdwn, mrkdwnList, slackDate } from '../../slackApi/mrkdwn.ts';
import { WEEKDAYS } from '../../digest/schedule.ts';
import type { ConnectionSummary } from './connectionSummary.ts';
import { formatPercent } from '../../figures/importProgress.ts';

/** What to do about an error, by the code the sync recorded. */
export function errorAdvice(code: string | null): string {
  switch (code) {
    case 'partner_unauthorized':
    case 'partner_wrong_org':
      return 'Create a new token in the Partner Dashboard (Settings → Partner API clients) and enter it with Edit settings or `/partner connect`.';
    case 'partner_missing_permission':
      return 'Give the Partner API client the permission named above in the Partner Dashboard, then press Sync now.';
    case 'partner_app_not_found':
      return 'Check the App IDs with Edit settings.';
    case 'partner_bad_version':
      return 'Ask whoever runs partnerbot to set PARTNER_API_VERSION to a supported version.';
    default:
      return 'partnerbot keeps retrying on its own. If this lasts, press Sync now or check the Shopify status page.';
  }
}

/** "Connected", "Importing history 42%" or "Error: … what to do". */
export function stateText(summary: ConnectionSummary): string {
  const { connection } = summary;
  if (connection.status === 'error') {
    return `:red_circle: *Error:* ${merchantText(connection.lastError ?? 'syncing failed', 1500)}\n${errorAdvice(connection.lastErrorCode)}`;
  }
  if (!summary.import.complete) {
    const percent = summary.import.fraction === null ? '' : ` ${formatPercent(summary.import.fraction)}`;
    return `:hourglass_flowing_sand: Importing history${percent}`;
  }
  return ':large_green_circle: Connected';
}

function when(iso: string | null, timeZone: string): string {
  if (!iso) return 'not yet';
  const fallback = Number.isNaN(Date.parse(iso)) ? iso : new Date(iso).toLocaleString('en-US', { timeZone: validZone(timeZone), dateStyle: 'medium', timeStyle: 'short' });
  return slackDate(iso, '{date_short_pretty} {time}', fallback);
}

/** The fallback of a date is written in the workspace's zone; a zone Node does not know falls back to UTC. */
function validZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** The connection's facts as section fields (at most 10, Block Kit's limit). */
export function statusBlocks(summary: ConnectionSummary): KnownBlock[] {
  const { connection, apps } = summary;
  const appList = apps.length > 0 ? mrkdwnList(apps.map((a) => `${merchantText(a.name, 100)} (${merchantText(a.appId, 40)})`), 1900, { separator: '\n' }) : 'none';
  const digest = connection.digestChannelId
    ? `${channelLink(connection.digestChannelId)}, ${WEEKDAYS[connection.digestWeekday - 1]}s at ${String(connection.digestHour).padStart(2, '0')}:00 ${merchantText(connection.timeZone, 64)}`
    : 'off';
  return [
    { type: 'section', text: mrkdwn(stateText(summary)) },
    ...(summary.slackToken ? [{ type: 'section', block_id: 'slack_token_refused', text: mrkdwn(tokenRefusedText(summary.slackToken, connection.timeZone)) } satisfies KnownBlock] : []),
    {
      type: 'section',
      fields: [
        mrkdwn(`*Organization*\n${merchantText(connection.organizationId, 100)}`, 2000),
        mrkdwn(`*Apps*\n${appList}`, 2000),
        mrkdwn(`*Alerts channel*\n${connection.alertsChannelId ? channelLink(connection.alertsChannelId) : 'not set'}`, 2000),
        mrkdwn(`*Digest*\n${digest}`, 2000),
        mrkdwn(`*Last successful sync*\n${when(connection.lastSuccessAt, connection.timeZone)}`, 2000),
        mrkdwn(`*Records imported*\n${connection.recordsImported.toLocaleString('en-US')}`, 2000),
      ],
    },
  ];
}

/**
 * Slack refused the bot token when partnerbot last posted: alerts are held, nothing is lost, and only
 * whoever runs partnerbot (or a reinstall) can fix it. Shown as soon as any call works again.
 */
export function tokenRefusedText(failure: { error: string; since: string }, timeZone: string): string {
  return (
    `:warning: *Slack refuses partnerbot's bot token* (\`${merchantText(failure.error, 60)}\`) since ${when(failure.since, timeZone)}. ` +
    'Alerts are held, none is lost. Whoever runs partnerbot should check `SLACK_BOT_TOKEN` and restart it, or reinstall the app; the held alerts then follow in order.'
  );
}

/** Plain-text fallback for notifications. */
export function statusText(summary: ConnectionSummary): string {
  const state = summary.connection.status === 'error' ? 'Error' : summary.import.complete ? 'Connected' : 'Importing history';
  return fallbackText(`Partner organization ${merchantText(summary.connection.organizationId, 100)}: ${state}. ${summary.connection.recordsImported} records imported.`);
}
