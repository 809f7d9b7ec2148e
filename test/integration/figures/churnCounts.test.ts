import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/storage/database.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.ts';
import { startTestBot, type TestBot } from '../../helpers/testBot.ts';
import { openTestDatabase, testBackends } from '../../helpers/testDatabase.ts';
import { ev } from '../../unit/metrics/fixtures.ts';
import { askPartner, daysAgo, readable, storeHandBuiltHistory } from './handBuiltWorkspace.ts';

const TEAM = 'T1';

/**
 * Over the last 30 days, worked out on paper:
 * - shop 1 (installed before): closed, reopened, closed again -> 2 closure events, 1 reopening, closed at the end;
 * - shop 2 (installed before): closed, reopened -> 1 closure event, 1 reopening, open at the end;
 * - shop 3: installed in the window and closed -> 1 install, 1 closure event, not installed at the start;
 * - shop 4 (installed before): uninstalled -> 1 uninstall, a churned merchant;
 * - shop 5 (installed before): nothing.
 * Events: 1 install, 1 uninstall, 4 store closures, 2 reopenings. States: 4 shops installed at the
 * start, 1 of them closed at the end (25.0%), 1 uninstalled (25.0%).
 */
const history = () => [
  ...['1', '2', '4', '5'].map((shop) => ev('INSTALLED', daysAgo(60), { shop })),
  ev('DEACTIVATED', daysAgo(20), { shop: '1' }),
  ev('REACTIVATED', daysAgo(15), { shop: '1' }),
  ev('DEACTIVATED', daysAgo(10), { shop: '1' }),
  ev('DEACTIVATED', daysAgo(25), { shop: '2' }),
  ev('REACTIVATED', daysAgo(5), { shop: '2' }),
  ev('INSTALLED', daysAgo(20), { shop: '3' }),
  ev('DEACTIVATED', daysAgo(3), { shop: '3' }),
  ev('UNINSTALLED', daysAgo(7), { shop: '4' }),
];

describe.each(testBackends())('the churn answer on a hand-computed history on %s', (backend) => {
  let database: DatabaseHandle;
  let fake: FakeSlack;
  let bot: TestBot;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    await storeHandBuiltHistory(database, TEAM, history());
    fake = await startFakeSlack();
    bot = await startTestBot(fake, database);
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    await database?.close();
  });

  it('when closures outnumber closed stores, then the events are counted together and the state-based closure rate stands on its own line', async () => {
    const [answer] = await askPartner(bot, fake, 'churn last 30d', { team_id: TEAM });
    expect(answer!.text).toContain('1 install, 1 uninstall, 4 store closures, 2 reopenings; store-closure rate 25.0% (1 of 4 installed shops closed)');
    const shown = readable(answer!);
    expect(shown).toContain('*Store closures*\\n4');
    expect(shown).toContain('*Reopened stores*\\n2');
    expect(shown).toContain('*Store-closure rate*  25.0% (1 of 4 installed shops closed by the end, not product churn)');
    expect(shown).toContain('*25.0%* merchant churn   1 of 4 installed shops uninstalled');
    fake.expectNoViolations();
  });
});
