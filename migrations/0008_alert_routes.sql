-- Alert routing (issue 13): each connection has an ordered list of rules, and an event is queued once
-- for every channel whose rules match it (alert_outbox keeps its one row per event and channel).
-- scope: 'all' | 'installs' | 'billing' | 'kinds' (then `kinds` lists alert kind names). app_id null:
-- every tracked app. min_amount: only billing events at least this much, in min_currency (any
-- currency when null). mention: Slack's syntax (<@U1>, <!subteam^S1>, <!here>, <!channel>).
CREATE TABLE alert_routes (
  id bigserial PRIMARY KEY,
  connection_id bigint NOT NULL REFERENCES partner_connections (id) ON DELETE CASCADE,
  position integer NOT NULL,
  scope text NOT NULL CHECK (scope IN ('all', 'installs', 'billing', 'kinds')),
  kinds text[] NOT NULL DEFAULT '{}',
  app_id text,
  channel_id text NOT NULL,
  paying boolean NOT NULL DEFAULT false,
  min_amount numeric,
  min_currency text,
  mention text,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Deferred, so removing a rule can renumber the ones after it in one statement.
  CONSTRAINT alert_routes_position UNIQUE (connection_id, position) DEFERRABLE INITIALLY DEFERRED
);

-- Every existing connection routes everything to its alerts channel, as before.
INSERT INTO alert_routes (connection_id, position, scope, channel_id)
SELECT id, 1, 'all', alerts_channel_id FROM partner_connections WHERE alerts_channel_id IS NOT NULL;
