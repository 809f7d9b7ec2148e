import type { DigestNowResult } from '../../digest/sendDigestNow.ts';
import { CADENCES, type Cadence } from '../../digest/schedule.ts';
import type { DigestTarget } from '../../storage/digestTargets.ts';
import { channelLink, merchantText } from '../../slackApi/mrkdwn.ts';
import { formatMonth, formatWeekRange } from '../../digest/views/digestFormat.ts';
import { SUMMARY_NAMES, summaryLine } from '../summaries/summaryLine.ts';

/**
 * What `/partner digest` answers: each summary's state, channel and time, the next and the last one,
 * after `notice` (what was wrong with the command typed, or ''). Pure.
 */
export function scheduleReply(target: DigestTarget, now: Date, last: ReadonlyMap<Cadence, { periodStart: string }>, notice: string): string {
  const lines: string[] = [];
  if (notice !== '') lines.push(notice);
  for (const cadence of CADENCES) lines.push(summaryLine(target, cadence, now, last.get(cadence)?.periodStart));
  lines.push(`Times are in ${merchantText(target.timeZone, 64)}. Admins: \`/partner digest daily|weekly|monthly on|off [#channel] [at HH]\` (daily: add \`skip-empty\` to skip a day when nothing happened). \`/partner digest now [daily|weekly|monthly]\` posts the last complete period's summary now (the scheduled one still goes out).`);
  return lines.join('\n');
}

/** Says what was wrong with `/partner digest <typed>`: the specific problem, or the forms it takes. Pure. */
export function invalidDigestReply(typed: string, problem: string | undefined): string {
  const shown = `\`${merchantText(typed, 100)}\``;
  if (problem) return `${shown}: ${problem}`;
  return `${shown} is not a digest option: use \`/partner digest now [daily|weekly|monthly]\` or \`/partner digest daily|weekly|monthly on|off [#channel] [at HH]\` (daily also takes \`skip-empty\` or \`post-empty\`).`;
}

export function digestNowCooldownReply(cadence: Cadence, periodMs: number, wait: string): string {
  return `The ${SUMMARY_NAMES[cadence].toLowerCase()} was posted on demand in the last ${periodMs / 60_000} minutes. \`/partner digest now ${cadence}\` can be used again ${wait}.`;
}

/** The answer to a setting change: the cadence's new state. Pure. */
export function settingReply(target: DigestTarget, cadence: Cadence, now: Date): string {
  return `Done. ${summaryLine(target, cadence, now, undefined)}`;
}

export function digestNowReply(result: DigestNowResult): string {
  if (result.ok) return `Posted the ${result.cadence === 'daily' ? `daily summary for ${result.week.weekStart}` : result.cadence === 'monthly' ? `monthly summary for ${formatMonth(result.week.weekStart)}` : `digest for ${formatWeekRange(result.week.weekStart)}`} in ${channelLink(result.channelId)}${result.chart ? ', with its chart' : ''}.`;
  switch (result.reason) {
    case 'not_connected':
      return 'This workspace is not connected to a Shopify Partner organization yet. An admin can connect it with `/partner connect`.';
    case 'no_channel':
      return 'No digest or alerts channel is set, so there is nowhere to post the digest. An admin can choose one with `/partner connect`.';
    case 'no_apps':
      return 'No apps are tracked yet. An admin can add App IDs with `/partner connect`.';
    case 'no_token':
      return 'partnerbot has no access to this workspace any more. Reinstall the app, then try again.';
    case 'busy':
      return 'A digest is already being posted for this workspace; it will appear in a moment.';
    case 'slack':
      return slackFailureReply(result.failure);
  }
}

function slackFailureReply(failure: Extract<DigestNowResult, { reason: 'slack' }>['failure']): string {
  if (failure.kind === 'channel') {
    if (failure.error === 'not_in_channel') return 'The digest channel is private and partnerbot is not in it: type `/invite @partnerbot` there, then try again.';
    if (failure.error === 'is_archived') return 'The digest channel is archived. An admin can choose another one with `/partner connect`.';
    if (failure.error === 'channel_not_found') return 'The digest channel no longer exists. An admin can choose another one with `/partner connect`.';
    return 'partnerbot lacks a permission to post there: an admin needs to reinstall the app.';
  }
  if (failure.kind === 'rate_limited') return 'Slack asked partnerbot to slow down. Please try again in a minute.';
  return 'Slack did not accept the digest. Please try again in a minute.';
}
