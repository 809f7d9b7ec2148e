import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../../src/slack/commands/parseCommand.ts';

describe('reading /partner command text as Slack sends it (should_escape: true)', () => {
  it('when a shop domain arrives as a link Slack made of it, then the lookup gets the domain', () => {
    expect(parseCommandText('shop <http://cool-shop.myshopify.com|cool-shop.myshopify.com>').args).toBe('cool-shop.myshopify.com');
    expect(parseCommandText('shop <https://cool-shop.myshopify.com>').args).toBe('https://cool-shop.myshopify.com');
  });

  it('when a shop name has & < >, then they arrive as entities and are read back as typed', () => {
    expect(parseCommandText('shop Salt &amp; Pepper &lt;3').args).toBe('Salt & Pepper <3');
  });

  it('when channels, users and groups were picked, then their tokens reach the subcommand intact', () => {
    expect(parseCommandText('alerts add installs to <#C0123|installs> mention <!subteam^S1|@growth>').args).toBe('add installs to <#C0123|installs> mention <!subteam^S1|@growth>');
    expect(parseCommandText('alerts add billing to <#C0456|revenue> mention <@U0789>').args).toBe('add billing to <#C0456|revenue> mention <@U0789>');
  });

  it('when the text ends with public, then the answer is for the channel', () => {
    expect(parseCommandText('mrr public')).toEqual({ subcommand: 'mrr', args: '', isPublic: true });
  });
});
