import type { KnownBlock } from '@slack/types';
import type { InstallActivity } from '../../metrics/installs.ts';
import { TZDate } from '@date-fns/tz';
import { fallbackText, merchantText } from '../../slackApi/mrkdwn.ts';
import { fields, header, notes, plural, section, type FigureMessage } from './figureBlocks.ts';

export interface InstallsViewInput {
  scope: string;
  windowLabel: string;
  activity: Pick<InstallActivity, 'total' | 'byDay'>;
  notes: string[];
}

/** Per-day lines (windows of up to 31 days are split by day); any more are counted. */
const MAX_DAYS = 31;

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

export function buildInstallsMessage(input: InstallsViewInput): FigureMessage {
  const t = input.activity.total;
  const blocks: KnownBlock[] = [
    header(`Installs · ${input.scope} · ${input.windowLabel}`),
    section(`${bold(t.installs, 'install')} · ${bold(t.uninstalls, 'uninstall')} · net *${signed(t.net)}*`),
    fields([`*Reinstalls*\n${t.reinstalls}`, `*Store closures*\n${t.closures}`, `*Reopened stores*\n${t.reactivations}`]),
  ];
  const days = input.activity.byDay;
  if (days && days.length > 1) {
    const rows = days.slice(0, MAX_DAYS).map((d) => `${weekday(d.date)} ${d.date.slice(5)}  ${pad(`+${d.installs}`)} ${pad(d.uninstalls ? `−${d.uninstalls}` : '0')}  net ${signed(d.net)}`);
    const more = days.length > MAX_DAYS ? `\n+${days.length - MAX_DAYS} more days` : '';
    blocks.push(section(`*Per day* (installs, uninstalls)\n\`\`\`${rows.join('\n')}\`\`\`${more}`));
  }
  blocks.push(...notes(['Reinstalls are installs by shops that had installed before; closures are stores Shopify deactivated, not uninstalls.', ...input.notes]));
  const counts = `${plural(t.installs, 'install')}, ${plural(t.uninstalls, 'uninstall')}, net ${signed(t.net)}, ${plural(t.reinstalls, 'reinstall')}, ${plural(t.closures, 'store closure')}`;
  const text = [`Installs · ${merchantText(input.scope, 150)} · ${merchantText(input.windowLabel, 150)}: ${counts}`, ...input.notes].join('\n');
  return { text: fallbackText(text), blocks };
}

/** `*1* install`, `*12* installs`: the number bold, the noun agreeing with it. */
function bold(n: number, noun: string): string {
  const [count, ...words] = plural(n, noun).split(' ');
  return `*${count}* ${words.join(' ')}`;
}

function pad(s: string): string {
  return s.padStart(4);
}

function weekday(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new TZDate(y!, m! - 1, d!, 12, 'UTC').toLocaleDateString('en-US', { weekday: 'short', timeZone: 'UTC' });
}
