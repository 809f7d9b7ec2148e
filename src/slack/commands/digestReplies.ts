import { TZDate } from '@date-fns/tz';
import type { DigestNowResult } from '../../digest/sendDigestNow.ts';
import { nextDigestAt, WEEKDAYS } from '../../digest/schedule.ts';
import type { DigestTarget } from '../../storage/digestTargets.ts';
import { channelLink, merchantText } from '../../slackApi/mrkdwn.ts';
import { formatWeekRange } from '../../digest/views/digestFormat.ts';


/** What `/partner digest` answers: the schedule, the channel, the next and the last digest. Pure. */
export function scheduleReply(target: DigestTarget, now: Date, last: { weekStart: string } | null, unknownArg: string): string {
  const lines: string[] = [];
  if (unknownArg !== '') lines.push(`\`${merchantText(unknownArg, 100)}\` is not a digest option: use \`/partner digest now\`.`);
  const when = `${WEEKDAYS[target.weekday - 1]} at ${String(target.hour).padStart(2, '0')}:00 (${merchantText(target.timeZone, 64)})`;
  lines.push(
    target.channelId
      ? `The weekly digest goes to ${channelLink(target.channelId)} every ${when}: revenue, MRR and installs of the last Monday–Sunday week, with a 12-week chart.`
      : `The weekly digest would go out every ${when}, but no digest or alerts channel is set: an admin can choose one with \`/partner connect\`.`,
  );
  const next = new TZDate(nextDigestAt(now, target).getTime(), target.timeZone);
  lines.push(`Next: ${next.toDateString()} ${String(next.getHours()).padStart(2, '0')}:${String(next.getMinutes()).padStart(2, '0')}.`);
  if (last) lines.push(`Last sent: the week of ${formatWeekRange(last.weekStart)}.`);
  lines.push('Type `/partner digest now` to post the last complete week\'s digest now (the scheduled one still goes out).');
  return lines.join('\n');
}

export function digestNowReply(result: DigestNowResult): string {
  if (result.ok) return `Posted the digest for ${formatWeekRange(result.week.weekStart)} in ${channelLink(result.channelId)}${result.chart ? ', with its chart' : ''}.`;
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
