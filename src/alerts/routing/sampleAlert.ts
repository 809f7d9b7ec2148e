import type { AlertView } from '../alertView.ts';
import { buildAlertMessage, type AlertMessage } from '../views/alertMessage.ts';

/**
 * What `/partner alerts test` posts: a real install alert, built by the same view as every alert, for a
 * made-up shop, marked as a test in its header, its text and a context line so nobody mistakes it for
 * a merchant. It has no outbox row and no alert metadata, so delivery never counts it as sent.
 */
export function buildSampleAlert(appName: string, now: Date): AlertMessage {
  const view: AlertView = {
    details: { kind: 'install', reinstall: false },
    appName,
    shopName: 'Example Store',
    shopDomain: 'example-store.myshopify.com',
    occurredAt: now.toISOString(),
    test: false,
  };
  const real = buildAlertMessage(view);
  const [, ...rest] = real.blocks;
  return {
    // No rule's mention: a test should not page a team.
    text: `Test alert: ${real.text}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Test alert: New install', emoji: true } },
      ...rest,
      { type: 'context', elements: [{ type: 'mrkdwn', text: ':test_tube: This is a test alert sent with `/partner alerts test`: no merchant did anything. Real alerts look like this.', verbatim: true }] },
    ],
  };
}
