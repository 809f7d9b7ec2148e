import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const manifestPath = path.join(repoRoot, 'manifest.yml');
export const manifestSchemaPath = path.join(repoRoot, 'test', 'fixtures', 'slack', 'manifest.schema.1.0.0.json');

/** The parts of a Slack app manifest the tests look at; the schema checks the rest. */
export interface SlackManifest {
  display_information: { name: string; description?: string; background_color?: string };
  features?: {
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    bot_user?: { display_name: string; always_online?: boolean };
    slash_commands?: { command: string; description: string; usage_hint?: string; url?: string; should_escape?: boolean }[];
  };
  oauth_config?: { redirect_urls?: string[]; scopes?: { bot?: string[]; user?: string[] } };
  settings?: {
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
  [key: string]: unknown;
}

export function loadManifest(file: string = manifestPath): SlackManifest {
  return parse(readFileSync(file, 'utf8')) as SlackManifest;
}
