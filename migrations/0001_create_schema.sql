-- The whole product's first schema. Forward-only: later changes come as new numbered files.

-- Slack installations (OAuth mode). Org-wide installs are keyed by enterprise id, others by team id.
-- The installation (it holds the bot token) is stored encrypted, like Partner tokens.
CREATE TABLE slack_installations (
  installation_key text PRIMARY KEY,
  team_id text,
  enterprise_id text,
  is_enterprise_install boolean NOT NULL DEFAULT false,
  bot_user_id text,
  installer_user_id text,
  installation_ciphertext text NOT NULL,
  key_version text NOT NULL,
  installed_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per (workspace, Partner organization). Disconnecting clears the token but keeps the row
-- and its history, so reconnecting the same organization resumes instead of downloading it again.
CREATE TABLE partner_connections (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id text NOT NULL,
  organization_id text NOT NULL,
  token_ciphertext text,
  token_key_version text,
  token_hint text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'error', 'disconnected')),
  last_error text,
  last_error_code text,
  consecutive_failures integer NOT NULL DEFAULT 0,
  error_notified_at timestamptz,
  connected_by_user_id text NOT NULL,
  time_zone text NOT NULL DEFAULT 'UTC',
  alerts_channel_id text,
  digest_channel_id text,
  digest_weekday smallint NOT NULL DEFAULT 1 CHECK (digest_weekday BETWEEN 1 AND 7),
  digest_hour smallint NOT NULL DEFAULT 9 CHECK (digest_hour BETWEEN 0 AND 23),
  alert_settings jsonb NOT NULL DEFAULT '{}',
  -- Events that occurred at or after this instant alert; anything older is history.
  alerts_from timestamptz,
  last_success_at timestamptz,
  records_imported bigint NOT NULL DEFAULT 0,
  next_poll_at timestamptz NOT NULL DEFAULT now(),
  poll_lease_owner text,
  poll_lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, organization_id),
  CHECK ((token_ciphertext IS NULL) = (token_key_version IS NULL))
);
CREATE UNIQUE INDEX partner_connections_one_live_per_workspace
  ON partner_connections (workspace_id) WHERE status <> 'disconnected';
CREATE INDEX partner_connections_due ON partner_connections (next_poll_at) WHERE status <> 'disconnected';

CREATE TABLE tracked_apps (
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  app_id text NOT NULL,
  name text NOT NULL,
  tracked boolean NOT NULL DEFAULT true,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, app_id)
);

-- Legacy app events have no id: identity is (app, shop, type, occurredAt, charge or credit id)
-- (METRICS.md "Inputs"). charge_id is '' when the event has none, because NULLs are never equal
-- in a unique constraint and would let duplicates in.
CREATE TABLE app_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  app_id text NOT NULL,
  shop_id text NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  charge_id text NOT NULL DEFAULT '',
  shop_domain text,
  shop_name text,
  charge_name text,
  amount numeric,
  currency text,
  test boolean NOT NULL DEFAULT false,
  billing_on timestamptz,
  reason text,
  description text,
  raw jsonb NOT NULL,
  source text NOT NULL CHECK (source IN ('backfill', 'poll')),
  ingested_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, app_id, shop_id, type, occurred_at, charge_id)
);
CREATE INDEX app_events_by_time ON app_events (connection_id, occurred_at);

CREATE TABLE transactions (
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  id text NOT NULL,
  app_id text NOT NULL,
  typename text NOT NULL,
  kind text NOT NULL,
  shop_id text,
  shop_domain text,
  charge_id text,
  billing_interval text,
  created_at timestamptz NOT NULL,
  gross_amount numeric,
  gross_currency text,
  net_amount numeric NOT NULL,
  net_currency text NOT NULL,
  shopify_fee_amount numeric,
  shopify_fee_currency text,
  raw jsonb NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, id)
);
CREATE INDEX transactions_by_time ON transactions (connection_id, created_at);

-- Progress of each stream of each app: the backfill walks newest-first below backfill_oldest until
-- complete; live polls overlap below high_water.
CREATE TABLE sync_progress (
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  app_id text NOT NULL,
  stream text NOT NULL CHECK (stream IN ('events', 'transactions')),
  backfill_upper timestamptz,
  backfill_oldest timestamptz,
  backfill_complete boolean NOT NULL DEFAULT false,
  backfill_records bigint NOT NULL DEFAULT 0,
  high_water timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, app_id, stream)
);

-- One alert per event and channel, ever; written in the same transaction as the event.
CREATE TABLE alert_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  event_id bigint NOT NULL REFERENCES app_events (id) ON DELETE CASCADE,
  channel_id text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'paused', 'skipped', 'expired')),
  attempts integer NOT NULL DEFAULT 0,
  available_at timestamptz NOT NULL DEFAULT now(),
  claimed_by text,
  claimed_until timestamptz,
  slack_ts text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (event_id, channel_id)
);
CREATE INDEX alert_outbox_pending ON alert_outbox (connection_id, id) WHERE status = 'pending';

-- One digest per workspace and week (week_start = the Monday, in the workspace's time zone).
CREATE TABLE digests_sent (
  workspace_id text NOT NULL,
  week_start date NOT NULL,
  connection_id bigint REFERENCES partner_connections (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'sent')),
  claimed_by text,
  claimed_until timestamptz,
  slack_ts text,
  sent_at timestamptz,
  PRIMARY KEY (workspace_id, week_start)
);
