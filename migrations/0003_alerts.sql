-- Alert delivery (issue 6). The outbox rows come from 0001; this adds what delivery needs.

-- A CANCELED and an ACTIVATED of one (app, shop) within 60 s are one "plan change" alert: the row that
-- carries it names the other event here (the other row is marked skipped in the same transaction).
ALTER TABLE alert_outbox ADD COLUMN paired_event_id bigint REFERENCES app_events (id) ON DELETE SET NULL;
-- Set once, when a pairing candidate starts waiting for its partner; a row past it is sent alone.
ALTER TABLE alert_outbox ADD COLUMN held_until timestamptz;
CREATE INDEX alert_outbox_due ON alert_outbox (connection_id, channel_id, available_at) WHERE status = 'pending';
CREATE INDEX alert_outbox_paused ON alert_outbox (connection_id, channel_id, created_at) WHERE status = 'paused';

-- One row per alerts channel. The lease makes one process at a time deliver a channel's alerts, which
-- keeps them in order and paced (about one message per second) across processes; last_post_at carries
-- the pace across a lease hand-over. A paused channel (not_in_channel, channel_not_found, is_archived)
-- is probed again at retry_at.
CREATE TABLE alert_channels (
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  channel_id text NOT NULL,
  lease_owner text,
  lease_until timestamptz,
  last_post_at timestamptz,
  paused_reason text,
  paused_at timestamptz,
  retry_at timestamptz,
  PRIMARY KEY (connection_id, channel_id)
);
