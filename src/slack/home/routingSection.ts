import type { KnownBlock } from '@slack/types';
import type { AlertRoute } from '../../domain/alertRoute.ts';
import type { TrackedApp } from '../../domain/connection.ts';
import { mrkdwn } from '../../slackApi/mrkdwn.ts';
import { plain, PLAIN_LIMITS } from '../../slackApi/plainText.ts';
import { formatRouteLine } from '../alerts/routeLine.ts';

export const ROUTING_ADD_ACTION = 'routing_add';
export const ROUTING_EDIT_ACTION = 'routing_edit';
export const ROUTING_REMOVE_ACTION = 'routing_remove';

/**
 * Rules listed on the Home tab: two blocks each, so with the rest of the tab it stays far below
 * Slack's 100 blocks; the others are in `/partner alerts`.
 */
export const HOME_ROUTES_SHOWN = 20;

/** A rule's button value: its position and id, so a click on a renumbered list is noticed. */
export function routeButtonValue(route: Pick<AlertRoute, 'position' | 'id'>): string {
  return `${route.position}:${route.id}`;
}

export function parseRouteButtonValue(value: string | undefined): { position: number; id: number } | null {
  const m = /^(\d{1,6}):(\d{1,18})$/.exec(value ?? '');
  return m ? { position: Number(m[1]), id: Number(m[2]) } : null;
}

/** The App Home's "Alert routing" section: the rules, each with Edit and Remove, and Add rule. */
export function routingSection(routes: readonly AlertRoute[], apps: readonly TrackedApp[]): KnownBlock[] {
  const shown = routes.slice(0, HOME_ROUTES_SHOWN);
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    {
      type: 'section',
      block_id: 'routing_header',
      text: mrkdwn('*Alert routing*\nEach event is posted once in every channel whose rules match it.'),
      accessory: { type: 'button', action_id: ROUTING_ADD_ACTION, text: plain('Add rule', PLAIN_LIMITS.button) },
    },
  ];
  for (const route of shown) {
    blocks.push(
      { type: 'section', block_id: `route_${route.id}`, text: mrkdwn(formatRouteLine(route, apps)) },
      {
        type: 'actions',
        block_id: `route_actions_${route.id}`,
        elements: [
          { type: 'button', action_id: ROUTING_EDIT_ACTION, value: routeButtonValue(route), text: plain('Edit', PLAIN_LIMITS.button) },
          {
            type: 'button',
            action_id: ROUTING_REMOVE_ACTION,
            value: routeButtonValue(route),
            style: 'danger',
            text: plain('Remove', PLAIN_LIMITS.button),
            confirm: {
              title: plain(`Remove rule ${route.position}?`, PLAIN_LIMITS.confirmTitle),
              text: plain('Alerts this rule sends stop going to its channel (other rules still apply).', PLAIN_LIMITS.confirmText),
              confirm: plain('Remove', PLAIN_LIMITS.confirmButton),
              deny: plain('Cancel', PLAIN_LIMITS.confirmButton),
              style: 'danger',
            },
          },
        ],
      },
    );
  }
  if (routes.length === 0) blocks.push({ type: 'context', elements: [mrkdwn('No rules: no alerts are posted. Add one to choose where alerts go.')] });
  if (routes.length > shown.length) {
    blocks.push({ type: 'context', block_id: 'routing_more', elements: [mrkdwn(`+${routes.length - shown.length} more — see \`/partner alerts\``)] });
  }
  return blocks;
}
