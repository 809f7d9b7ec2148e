import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { openTestDatabase, testBackends } from '../helpers/testDatabase.ts';

describe.each(testBackends())('schema on %s', (backend) => {
  let handle: DatabaseHandle;
  let connectionId: number;

  beforeAll(async () => {
    handle = await openTestDatabase(backend);
    const row = await handle.db
      .insertInto('partner_connections')
      .values({ workspace_id: 'T1', organization_id: '1234', connected_by_user_id: 'U1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    connectionId = row.id;
  });
  afterAll(() => handle.close());

  const event = (overrides: Record<string, unknown> = {}) => ({
    connection_id: connectionId,
    app_id: '42',
    shop_id: '7',
    type: 'SUBSCRIPTION_CHARGE_ACTIVATED',
    occurred_at: '2026-03-01T10:00:00.123456Z',
    charge_id: '99',
    amount: '19.99',
    currency: 'USD',
    raw: JSON.stringify({ source: 'test' }),
    source: 'poll' as const,
    ...overrides,
  });

  it('when the same event identity is inserted twice, then the database keeps one row', async () => {
    await handle.db.insertInto('app_events').values(event()).execute();
    const second = await handle.db.insertInto('app_events').values(event()).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    expect(Number(second.numInsertedOrUpdatedRows ?? 0)).toBe(0);
    await expect(handle.db.insertInto('app_events').values(event()).execute()).rejects.toThrow(/duplicate key|unique/i);
  });

  it('when events differ only by a microsecond or by charge, then both are kept', async () => {
    await handle.db.insertInto('app_events').values(event({ occurred_at: '2026-03-01T10:00:00.123457Z' })).execute();
    await handle.db.insertInto('app_events').values(event({ charge_id: '100' })).execute();
    const count = await handle.db.selectFrom('app_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('when an event without a charge is inserted twice, then the empty charge id still deduplicates', async () => {
    const install = event({ type: 'RELATIONSHIP_INSTALLED', charge_id: undefined, amount: null, currency: null });
    delete (install as Record<string, unknown>).charge_id;
    await handle.db.insertInto('app_events').values(install).execute();
    await expect(handle.db.insertInto('app_events').values(install).execute()).rejects.toThrow(/duplicate key|unique/i);
  });

  it('when money and instants are stored, then they read back exactly (no float, no lost microseconds)', async () => {
    const row = await handle.db
      .selectFrom('app_events')
      .select(['amount', 'occurred_at'])
      .where('occurred_at', '=', '2026-03-01T10:00:00.123457Z')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ amount: '19.99', occurred_at: '2026-03-01T10:00:00.123457Z' });
    const sum = await handle.db
      .selectFrom('app_events')
      .select((eb) => eb.fn.sum<string>('amount').as('total'))
      .executeTakeFirstOrThrow();
    expect(sum.total).toBe('59.97'); // 3 x 19.99, where binary floats give 59.970000000000006
  });

  it('when a transaction id repeats, then it is rejected', async () => {
    const tx = {
      connection_id: connectionId,
      id: 'gid://partners/AppSubscriptionSale/1',
      app_id: '42',
      typename: 'AppSubscriptionSale',
      kind: 'subscription',
      created_at: '2026-03-01T00:00:00Z',
      net_amount: '18.45',
      net_currency: 'USD',
      raw: '{}',
    };
    await handle.db.insertInto('transactions').values(tx).execute();
    await expect(handle.db.insertInto('transactions').values(tx).execute()).rejects.toThrow(/duplicate key|unique/i);
  });

  it('when an alert for the same event and channel is queued twice, then it is rejected', async () => {
    const { id } = await handle.db.selectFrom('app_events').select('id').limit(1).executeTakeFirstOrThrow();
    const alert = { connection_id: connectionId, event_id: id, channel_id: 'C1' };
    await handle.db.insertInto('alert_outbox').values(alert).execute();
    await expect(handle.db.insertInto('alert_outbox').values(alert).execute()).rejects.toThrow(/duplicate key|unique/i);
  });

  it('when a digest for the same workspace and week is claimed twice, then it is rejected', async () => {
    const digest = { workspace_id: 'T1', period_start: '2026-03-02' };
    await handle.db.insertInto('digests_sent').values(digest).execute();
    await expect(handle.db.insertInto('digests_sent').values(digest).execute()).rejects.toThrow(/duplicate key|unique/i);
  });

  it('when a workspace already has a live connection, then a second live one is rejected', async () => {
    await expect(
      handle.db.insertInto('partner_connections').values({ workspace_id: 'T1', organization_id: '999', connected_by_user_id: 'U1' }).execute(),
    ).rejects.toThrow(/duplicate key|unique/i);
  });
});
