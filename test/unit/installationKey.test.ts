import { describe, expect, it } from 'vitest';
import { installationKey } from '../../src/storage/installationStore.ts';

describe('installation keys', () => {
  it.each([
    ['an org-wide install is keyed by its enterprise', { isEnterpriseInstall: true, enterpriseId: 'E1', teamId: undefined }, 'E:E1'],
    ['a workspace in an enterprise is keyed by its team', { isEnterpriseInstall: false, enterpriseId: 'E1', teamId: 'T1' }, 'T:T1'],
    ['a plain workspace is keyed by its team', { isEnterpriseInstall: false, enterpriseId: undefined, teamId: 'T2' }, 'T:T2'],
  ])('when %s, then the key says so', (_name, query, key) => {
    expect(installationKey(query)).toBe(key);
  });

  it('when a query names neither team nor enterprise, then it fails with a clear message', () => {
    expect(() => installationKey({ isEnterpriseInstall: false })).toThrow(/neither a team nor an enterprise/);
  });
});
