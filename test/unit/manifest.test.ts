import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadManifest, manifestSchemaPath } from '../helpers/manifest.ts';

describe('manifest.yml', () => {
  const manifest = loadManifest();
  const schema = JSON.parse(readFileSync(manifestSchemaPath, 'utf8')) as object;
  // strict: false also lets the schema's `format: uri` and non-standard `regex` pass without ajv-formats.
  const validate = new Ajv({ strict: false, allErrors: true, logger: false }).compile(schema);

  it('validates against Slack manifest schema 1.0.0', () => {
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('when a key is misspelled then the schema rejects it', () => {
    expect(validate({ ...manifest, settings: { ...manifest.settings, socket_mode: true } })).toBe(false);
  });

  it('declares the one /partner command, pointing at /slack/events', () => {
    const commands = manifest.features?.slash_commands ?? [];
    expect(commands.map((c) => c.command)).toEqual(['/partner']);
    expect(commands[0]?.url).toMatch(/\/slack\/events$/);
    // Picked channels, users and groups must arrive as ids: alert routing reads them (INTERFACE.md "Alert routing").
    expect(commands[0]?.should_escape).toBe(true);
    expect(commands[0]?.usage_hint).toContain('connect');
  });

  it('subscribes to the bot events the app handles', () => {
    expect(manifest.settings?.event_subscriptions?.bot_events).toEqual(
      expect.arrayContaining(['app_home_opened', 'app_uninstalled', 'tokens_revoked']),
    );
  });

  it('requests the bot scopes the app uses', () => {
    expect(manifest.oauth_config?.scopes?.bot).toEqual(
      expect.arrayContaining([
        'commands', 'chat:write', 'chat:write.public', 'channels:join', 'channels:read',
        'groups:read', 'users:read', 'im:write', 'files:write',
      ]),
    );
  });

  it('enables the Home tab, interactivity, org deploy and the OAuth redirect', () => {
    expect(manifest.features?.app_home?.home_tab_enabled).toBe(true);
    expect(manifest.features?.bot_user?.display_name).toBe('partnerbot');
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    expect(manifest.settings?.org_deploy_enabled).toBe(true);
    expect(manifest.oauth_config?.redirect_urls).toEqual(['https://example.com/slack/oauth_redirect']);
  });
});
