import type { Installation } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { createBotIdentityFor, postedBy } from '../../src/slackApi/botIdentity.ts';
import type { WorkspaceInstallations } from '../../src/slackApi/tokenForWorkspace.ts';

const HTTP: Config['slack'] = { kind: 'http', botToken: 'xoxb-single', signingSecret: 's' };
const OAUTH: Config['slack'] = { kind: 'oauth', clientId: 'c', clientSecret: 'c', signingSecret: 's', stateSecret: 's' };

const noStore: WorkspaceInstallations = {
  fetchWorkspaceInstallation: async () => {
    throw new Error('single-workspace mode has no installations');
  },
};

/** A bot client whose auth.test answers in turn from `answers` (an Error is thrown). */
function clientAnswering(answers: Array<{ bot_id?: string; app_id?: string } | Error>) {
  const calls: string[] = [];
  const client = {
    auth: {
      test: async () => {
        calls.push('auth.test');
        const next = answers.shift()!;
        if (next instanceof Error) throw next;
        return { ok: true, ...next };
      },
    },
  };
  return { calls, clientFor: async () => client };
}

describe('the bot\'s own identity', () => {
  it('when in a single-workspace mode, then auth.test is asked once and its bot and app ids are kept', async () => {
    const { calls, clientFor } = clientAnswering([{ bot_id: 'B1', app_id: 'A1' }]);
    const identityFor = createBotIdentityFor(HTTP, { installationStore: noStore, clientFor });
    expect(await identityFor('T1')).toEqual({ botId: 'B1', appId: 'A1' });
    expect(await identityFor('T1')).toEqual({ botId: 'B1', appId: 'A1' });
    expect(calls).toEqual(['auth.test']);
  });

  it('when auth.test fails, then the identity is unknown for now and asked again next time', async () => {
    const { calls, clientFor } = clientAnswering([new Error('fetch failed'), { bot_id: 'B1' }]);
    const identityFor = createBotIdentityFor(HTTP, { installationStore: noStore, clientFor });
    expect(await identityFor('T1')).toBeNull();
    expect(await identityFor('T1')).toEqual({ botId: 'B1', appId: null });
    expect(calls).toHaveLength(2);
  });

  it('when in OAuth mode, then the ids come from the workspace\'s stored installation, and no installation means unknown', async () => {
    const store: WorkspaceInstallations = {
      fetchWorkspaceInstallation: async (workspaceId) => {
        if (workspaceId !== 'T1') return null;
        return { team: { id: 'T1' }, bot: { id: 'B7', userId: 'U7', token: 'xoxb-t1', scopes: [] }, appId: 'A7' } as unknown as Installation<'v2', false>;
      },
    };
    const { calls, clientFor } = clientAnswering([]);
    const identityFor = createBotIdentityFor(OAUTH, { installationStore: store, clientFor });
    expect(await identityFor('T1')).toEqual({ botId: 'B7', appId: 'A7' });
    expect(await identityFor('T2')).toBeNull();
    expect(calls).toEqual([]);
  });

  it.each([
    ['our bot posted a message', true, { bot_id: 'B1', app_id: 'A1' }],
    ['our app posted a message through another bot id', true, { bot_id: 'B9', app_id: 'A1' }],
    ['another app posted a message', false, { bot_id: 'B2', app_id: 'A2' }],
    ['a person posted a message', false, {}],
  ])('when %s, then it counts as ours: %s', (_name, ours, message) => {
    expect(postedBy({ botId: 'B1', appId: 'A1' }, message)).toBe(ours);
  });
});
