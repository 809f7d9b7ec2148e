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
  -- The live charge (trailing number), its monthly amount (amount / 12 for ANNUAL; null when the
  -- charge has no known price) and currency; interval_unknown when no subscription sale named the
  -- interval yet (taken as EVERY_30_DAYS). A later sale re-derives the segments of its charge.
  charge_id text,
  monthly_amount numeric,
  currency text,
  interval_unknown boolean NOT NULL DEFAULT false,
  -- When the shop first became a paying merchant (its first paying segment's starts_after), the same
  -- on every segment of the shop: a shop paying again after a gap reactivates instead of being new.
  first_paid_after timestamptz,
  PRIMARY KEY (connection_id, app_id, shop_id, starts_after),
  CHECK (starts_after < ends_at)
);
CREATE INDEX shop_segments_ends ON shop_segments (connection_id, ends_at);
CREATE INDEX shop_segments_starts ON shop_segments (connection_id, starts_after);
CREATE INDEX shop_segments_charge ON shop_segments (connection_id, charge_id) WHERE charge_id IS NOT NULL;

-- Per UTC day, how the segments starting (+) and ending (-) that day change each (app, currency)
-- total: installed shops, paying merchants, priced ones, unknown intervals and MRR. A total at t is
-- the sum of the days before t's day plus the segments that start or end earlier on t's day, so it
-- reads a few thousand rows instead of every shop. currency is '' for shops that pay nothing.
CREATE TABLE state_day_deltas (
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  app_id text NOT NULL,
  currency text NOT NULL,
  day date NOT NULL,
  installed integer NOT NULL,
  paying integer NOT NULL,
  priced integer NOT NULL,
  interval_unknown integer NOT NULL,
  mrr numeric NOT NULL,
  PRIMARY KEY (connection_id, day, app_id, currency)
);

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

-- Install activity and uninstall reasons read a window of relationship events: an index of just those.
CREATE INDEX app_events_relationship_by_time ON app_events (connection_id, occurred_at) INCLUDE (app_id, shop_id, type)
  WHERE type IN ('RELATIONSHIP_INSTALLED', 'RELATIONSHIP_UNINSTALLED', 'RELATIONSHIP_DEACTIVATED', 'RELATIONSHIP_REACTIVATED');
