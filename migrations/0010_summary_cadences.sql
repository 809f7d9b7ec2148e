-- Summaries (issue 14): daily, weekly and monthly, each on or off with its own channel and local hour.
-- The weekly one keeps the digest_* columns the connect modal edits (channel, weekday, hour), so the
-- existing weekly settings carry over unchanged: weekly on, daily and monthly off. A null channel
-- means the alerts channel, as for the weekly digest. `*_since` is when the cadence was last turned
-- on: a slot that passed before it is not due (turning daily on at 15:00 does not post at once).
ALTER TABLE partner_connections ADD COLUMN weekly_summary_on boolean NOT NULL DEFAULT true;
ALTER TABLE partner_connections ADD COLUMN weekly_summary_since timestamptz;
ALTER TABLE partner_connections ADD COLUMN daily_summary_on boolean NOT NULL DEFAULT false;
ALTER TABLE partner_connections ADD COLUMN daily_summary_channel_id text;
ALTER TABLE partner_connections ADD COLUMN daily_summary_hour smallint NOT NULL DEFAULT 9 CHECK (daily_summary_hour BETWEEN 0 AND 23);
ALTER TABLE partner_connections ADD COLUMN daily_summary_since timestamptz;
ALTER TABLE partner_connections ADD COLUMN monthly_summary_on boolean NOT NULL DEFAULT false;
ALTER TABLE partner_connections ADD COLUMN monthly_summary_channel_id text;
ALTER TABLE partner_connections ADD COLUMN monthly_summary_hour smallint NOT NULL DEFAULT 9 CHECK (monthly_summary_hour BETWEEN 0 AND 23);
ALTER TABLE partner_connections ADD COLUMN monthly_summary_since timestamptz;

-- One row per workspace, cadence and reported period (its first local date). Rows so far were weekly.
ALTER TABLE digests_sent ADD COLUMN cadence text NOT NULL DEFAULT 'weekly' CHECK (cadence IN ('daily', 'weekly', 'monthly'));
ALTER TABLE digests_sent RENAME COLUMN week_start TO period_start;
ALTER TABLE digests_sent DROP CONSTRAINT digests_sent_pkey;
ALTER TABLE digests_sent ADD PRIMARY KEY (workspace_id, cadence, period_start);
