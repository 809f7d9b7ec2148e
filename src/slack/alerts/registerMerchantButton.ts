import type { App } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import { loadFigureScope } from '../../figures/figureScope.ts';
import { merchantCardFor } from '../../figures/merchantAnswer.ts';
import { MERCHANT_CARD_ACTION, parseMerchantButtonValue } from '../../alerts/views/alertMessage.ts';
import type { Database } from '../../storage/schema.ts';
import { fallbackText } from '../../slackApi/mrkdwn.ts';
import { actorOfInteraction } from '../permissions/actor.ts';

const GONE = 'This alert belongs to a Partner connection this workspace no longer has, so there is no merchant card to show.';

/**
 * An alert's "Merchant" button: the merchant card, shown only to the person who clicked (ephemeral,
 * the alert itself untouched). Reading, so anyone in the channel may; but only the clicker's own
 * workspace's live connection is ever read, whatever connection id the button's value names.
 */
export function registerMerchantButton(app: App, deps: { db: Kysely<Database>; clock: Clock; logger: Logger }): void {
  app.action(MERCHANT_CARD_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const actor = actorOfInteraction(body);
    const value = 'value' in action && typeof action.value === 'string' ? parseMerchantButtonValue(action.value) : null;
    const reply = (message: { text: string; blocks?: unknown[] }) => respond({ response_type: 'ephemeral', replace_original: false, ...message } as never);
    try {
      const loaded = actor.teamId ? await loadFigureScope(deps, actor.teamId) : null;
      if (!value || !loaded?.ok || loaded.scope.connection.id !== value.connectionId) {
        await reply({ text: GONE });
        return;
      }
      const { scope } = loaded;
      const card = await merchantCardFor(deps, scope.connection, scope.tracked, value.shopId, scope.notes);
      await reply({ text: card.text, blocks: card.blocks });
    } catch (error) {
      deps.logger.error('Could not show a merchant card', { teamId: actor.teamId, error });
      await reply({ text: fallbackText('Sorry, the merchant card could not be loaded. Try again in a minute.') }).catch(() => undefined);
    }
  });
}
