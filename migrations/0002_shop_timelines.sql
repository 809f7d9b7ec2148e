-- Precomputed state for the figure commands, maintained in the same transaction as the events and
-- transactions it is derived from (see src/storage/timelines/). Replaying a million events per
-- request takes seconds; these tables answer "state at t" with an index range scan.

-- The state of one (app, shop) between two of its event instants. "State at t" applies the events
-- with occurredAt < t, so a segment holds for starts_after < t <= ends_at: starts_after is the
-- instant of the events that produced it, ends_at the instant of the next events that changed it
-- ('infinity' while it is the shop's current state). States that are neither installed, closed nor
-- paying are not stored: a shop without a segment at t is not installed and pays nothing.
CREATE TABLE shop_segments (
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  app_id text NOT NULL,
  shop_id text NOT NULL,
  starts_after timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  install text NOT NULL CHECK (install IN ('never', 'installed', 'uninstalled', 'closed')),
  -- A live, non-test subscription: the shop is a paying merchant.
  paying boolean NOT NULL,
  -- The live charge (trailing number) and its amount as charged; the monthly amount divides it by 12
  -- when charge_intervals says ANNUAL, at query time, so a late subscription sale needs no rewrite.
  charge_id text,
  amount numeric,
  currency text,
  PRIMARY KEY (connection_id, app_id, shop_id, starts_after),
  CHECK (starts_after < ends_at)
);
CREATE INDEX shop_segments_installed ON shop_segments (connection_id, ends_at, starts_after) INCLUDE (app_id, shop_id, install) WHERE install = 'installed';
CREATE INDEX shop_segments_paying ON shop_segments (connection_id, ends_at, starts_after) INCLUDE (app_id, shop_id, charge_id, amount, currency) WHERE paying;

-- Billing interval of each subscription charge, from its latest AppSubscriptionSale (METRICS.md).
CREATE TABLE charge_intervals (
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  charge_id text NOT NULL,
  billing_interval text NOT NULL,
  sale_created_at timestamptz NOT NULL,
  PRIMARY KEY (connection_id, charge_id)
);

-- Charges any event marked test: their transactions are left out of revenue.
CREATE TABLE test_charges (
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  charge_id text NOT NULL,
  PRIMARY KEY (connection_id, charge_id)
);
