import { TZDate } from '@date-fns/tz';
import { nextSummaryAt, WEEKDAYS, type Cadence } from '../../digest/schedule.ts';
import { formatMonth, formatWeekRange } from '../../digest/views/digestFormat.ts';
import type { DigestTarget } from '../../storage/digestTargets.ts';
import { channelLink, merchantText } from '../../slackApi/mrkdwn.ts';

export const SUMMARY_NAMES: Record<Cadence, string> = { daily: 'Daily summary', weekly: 'Weekly digest', monthly: 'Monthly summary' };

const SUMMARY_CONTENTS: Record<Cadence, string> = {
  daily: 'yesterday in a few lines',
  weekly: 'the last Monday–Sunday week, with a 12-week chart',
  monthly: 'the last calendar month, with a 12-month chart',
};

/**
 * One summary's state as `/partner digest` and the App Home show it: off, or where, when, what, the
 * next one and the last one sent. Pure.
 */
export function summaryLine(target: DigestTarget, cadence: Cadence, now: Date, lastPeriod: string | undefined): string {
  const setting = target.summaries[cadence];
  const name = SUMMARY_NAMES[cadence];
  const when = `${cadenceWhen(cadence, setting.weekday)} at ${hourText(setting.hour)}`;
  if (!setting.on) return `*${name}*: off.`;
  if (!setting.channelId) return `*${name}*: on, ${when}, but no channel is set: an admin can choose one with \`/partner digest ${cadence} on #channel\`.`;
  const next = new TZDate(nextSummaryAt(now, cadence, { timeZone: target.timeZone, hour: setting.hour, weekday: setting.weekday }).getTime(), target.timeZone);
  const nextText = `${next.toDateString()} ${String(next.getHours()).padStart(2, '0')}:${String(next.getMinutes()).padStart(2, '0')}`;
  const lastText = lastPeriod ? ` Last sent: ${cadence === 'weekly' ? `the week of ${formatWeekRange(lastPeriod)}` : cadence === 'monthly' ? formatMonth(lastPeriod) : lastPeriod}.` : '';
  const skip = setting.skipEmpty ? ', skipped on a day when nothing happened' : '';
  return `*${name}*: on, to ${channelLink(setting.channelId)} ${when} (${merchantText(target.timeZone, 64)}): ${SUMMARY_CONTENTS[cadence]}${skip}. Next: ${nextText}.${lastText}`;
}

export function hourText(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

function cadenceWhen(cadence: Cadence, weekday: number | undefined): string {
  if (cadence === 'daily') return 'every day';
  if (cadence === 'weekly') return `every ${WEEKDAYS[(weekday ?? 1) - 1]}`;
  return 'on the 1st';
}
