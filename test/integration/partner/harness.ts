import { createPartnerClient, type PartnerClient, type PartnerClientDeps } from '../../../src/partner/client.ts';
import { createLimiterRegistry, type LimiterRegistry } from '../../../src/partner/limiter.ts';
import { startPartnerSimulator, type PartnerSimulator, type PartnerSimulatorOptions } from '../../fakes/partnerApi/index.ts';

export const ORG = '1234';
export const OTHER_ORG = '5678';
export const APP = 'gid://partners/App/111';
export const OTHER_APP = 'gid://partners/App/999';
export const TOKEN = 'prtapi_test_token_org_1234';
export const OTHER_TOKEN = 'prtapi_test_token_org_5678';
export const creds = { orgId: ORG, token: TOKEN };

export function baseOrgs(): PartnerSimulatorOptions['orgs'] {
  return [
    { id: ORG, apps: [{ id: APP, name: 'Upsell Pro' }], tokens: [{ token: TOKEN }] },
    { id: OTHER_ORG, apps: [{ id: OTHER_APP, name: 'Other' }], tokens: [{ token: OTHER_TOKEN }] },
  ];
}

export interface Harness {
  sim: PartnerSimulator;
  client: PartnerClient;
  limiters: LimiterRegistry;
  /** Waits the client asked for (sleep is instant in tests). */
  sleeps: number[];
  close(): Promise<void>;
}

/**
 * A simulator plus a client wired to it over real HTTP. By default neither side limits the rate and
 * sleeps are instant, so failure tests run fast; limiter tests pass their own rates.
 */
export async function startHarness(
  simOptions: Partial<PartnerSimulatorOptions> = {},
  clientOptions: Partial<PartnerClientDeps> & { ratePerSecond?: number } = {},
): Promise<Harness> {
  const sim = await startPartnerSimulator({ orgs: baseOrgs(), ratePerSecond: 0, ...simOptions });
  const { ratePerSecond = 1000, ...rest } = clientOptions;
  const limiters = createLimiterRegistry(ratePerSecond);
  const sleeps: number[] = [];
  const client = createPartnerClient({
    apiUrl: sim.url,
    apiVersion: '2025-07',
    limiters,
    timeoutMs: 2_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...rest,
  });
  return {
    sim,
    client,
    limiters,
    sleeps,
    close: async () => {
      await limiters.stop();
      await sim.stop();
    },
  };
}
