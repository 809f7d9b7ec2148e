import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn } from '../../slackApi/mrkdwn.ts';
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
    return `:red_circle: *Error:* ${escapeMrkdwn(connection.lastError ?? 'syncing failed')}\n${errorAdvice(connection.lastErrorCode)}`;
  }
  if (!summary.import.complete) {
    const percent = summary.import.fraction === null ? '' : ` ${formatPercent(summary.import.fraction)}`;
    return `:hourglass_flowing_sand: Importing history${percent}`;
  }
  return ':large_green_circle: Connected';
}

function when(iso: string | null, timeZone: string): string {
  if (!iso) return 'not yet';
  const seconds = Math.floor(Date.parse(iso) / 1000);
  const fallback = new Date(iso).toLocaleString('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`;
}

/** The connection's facts as section fields (at most 10, Block Kit's limit). */
export function statusBlocks(summary: ConnectionSummary): KnownBlock[] {
  const { connection, apps } = summary;
  const appList = apps.length > 0 ? apps.map((a) => `${escapeMrkdwn(a.name)} (${a.appId})`).join('\n') : 'none';
  const digest = connection.digestChannelId
    ? `<#${connection.digestChannelId}>, ${WEEKDAYS[connection.digestWeekday - 1]}s at ${String(connection.digestHour).padStart(2, '0')}:00 ${escapeMrkdwn(connection.timeZone)}`
    : 'off';
  return [
    { type: 'section', text: { type: 'mrkdwn', text: stateText(summary).slice(0, 3000) } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Organization*\n${escapeMrkdwn(connection.organizationId)}` },
        { type: 'mrkdwn', text: `*Apps*\n${appList}`.slice(0, 2000) },
        { type: 'mrkdwn', text: `*Alerts channel*\n${connection.alertsChannelId ? `<#${connection.alertsChannelId}>` : 'not set'}` },
        { type: 'mrkdwn', text: `*Digest*\n${digest}` },
        { type: 'mrkdwn', text: `*Last successful sync*\n${when(connection.lastSuccessAt, connection.timeZone)}` },
        { type: 'mrkdwn', text: `*Records imported*\n${connection.recordsImported.toLocaleString('en-US')}` },
      ],
    },
  ];
}

/** Plain-text fallback for notifications. */
export function statusText(summary: ConnectionSummary): string {
  const state = summary.connection.status === 'error' ? 'Error' : summary.import.complete ? 'Connected' : 'Importing history';
  return `Partner organization ${summary.connection.organizationId}: ${state}. ${summary.connection.recordsImported} records imported.`;
}
