import { ALERT_KIND_LABELS, ALERT_KINDS } from '../../../alerts/kinds.ts';
import type { AlertRoute } from '../../../domain/alertRoute.ts';
import type { TrackedApp } from '../../../domain/connection.ts';
import { fallbackText, mrkdwnList } from '../../../slackApi/mrkdwn.ts';
import { formatRouteLine } from '../../alerts/routeLine.ts';
import { ADD_USAGE } from './parseAlertsCommand.ts';

/** A reply's text stays well inside what Slack shows in one message (40,000), whatever the apps are called. */
const LIST_MAX = 3500;

/** The rules, numbered, as `/partner alerts` answers (also after add and remove). Pure. */
export function routeListReply(routes: readonly AlertRoute[], apps: readonly TrackedApp[], lead = ''): string {
  const intro = lead ? `${lead}\n` : '';
  if (routes.length === 0) {
    return fallbackText(`${intro}No alert routing rules: no alerts are posted. An admin can add one with ${ADD_USAGE}.`);
  }
  const lines = mrkdwnList(routes.map((r) => formatRouteLine(r, apps)), LIST_MAX, { separator: '\n', more: (n) => `+${n} more` });
  return fallbackText(`${intro}Alert routing rules (an event is posted once in every channel whose rules match it):\n${lines}`);
}

/** `/partner alerts kinds`: the kind names a rule can list, with what they are. Pure. */
export function kindsReply(): string {
  const lines = ALERT_KINDS.map((k) => `\`${k}\` — ${ALERT_KIND_LABELS[k]}`).join('\n');
  return `Alert kinds for \`/partner alerts add\` (comma-separated, e.g. \`install,uninstall\`):\n${lines}\n\`installs\` is install, uninstall, store_closed and store_reopened; \`billing\` is every other kind; \`all\` is every kind.`;
}
