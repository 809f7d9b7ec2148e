import { Decimal } from 'decimal.js';
import type { AlertRoute } from '../../domain/alertRoute.ts';
import type { TrackedApp } from '../../domain/connection.ts';
import { formatMoney } from '../../metrics/format.ts';
import { channelLink, merchantText, userMention } from '../../slackApi/mrkdwn.ts';

/** App names come from the Partner API: escaped and kept to one short line. */
const APP_NAME_MAX = 100;

/**
 * One rule as the contract shows it:
 * `N. <what> [for <app name>] → #channel [paying] [min <amount>] [mention <who>]`. Mrkdwn, escaped. Pure.
 */
export function formatRouteLine(route: Pick<AlertRoute, 'position' | 'scope' | 'kinds' | 'appId' | 'channelId' | 'paying' | 'min' | 'mention'>, apps: readonly TrackedApp[]): string {
  const parts = [`${route.position}. ${route.scope === 'kinds' ? merchantText(route.kinds.join(','), 400) : route.scope}`];
  if (route.appId !== null) parts.push(`for ${appLabel(route.appId, apps)}`);
  parts.push(`→ ${channelLink(route.channelId)}`);
  if (route.paying) parts.push('paying');
  if (route.min) parts.push(`min ${minLabel(route.min)}`);
  if (route.mention) parts.push(`mention ${mentionLabel(route.mention)}`);
  return parts.join(' ');
}

/** The app's name; an app no longer tracked shows its id, so the rule can still be recognised and removed. */
export function appLabel(appId: string, apps: readonly TrackedApp[]): string {
  const app = apps.find((a) => a.appId === appId);
  return app ? merchantText(app.name, APP_NAME_MAX) : `app ${merchantText(appId, 40)} (no longer tracked)`;
}

/** `$50.00`, `50.00 EUR`, or `50.00` in whatever currency the event is in. */
export function minLabel(min: NonNullable<AlertRoute['min']>): string {
  let amount: Decimal;
  try {
    amount = new Decimal(min.amount);
  } catch {
    return merchantText(min.amount, 40);
  }
  if (min.currency && /^[A-Z]{3}$/.test(min.currency)) return formatMoney(amount, min.currency);
  return formatMoney(amount, 'XXX').replace(/ XXX$/, '');
}

/**
 * Who a rule mentions, shown without notifying anyone: a user or group as Slack renders its name
 * (a list is ephemeral or on the Home tab, where nobody is pinged); `@here`/`@channel` as words.
 */
export function mentionLabel(mention: string): string {
  if (mention === '<!here>') return '@here';
  if (mention === '<!channel>') return '@channel';
  const user = /^<@([A-Z0-9]{1,40})>$/.exec(mention);
  if (user) return userMention(user[1]!);
  const group = /^<!subteam\^([A-Z0-9]{1,40})>$/.exec(mention);
  if (group) return `<!subteam^${group[1]}>`;
  return merchantText(mention, 60);
}
