-- Summaries (issue 14): a workspace may choose to skip the daily summary of a day when nothing
-- happened. The skipped day still gets its digests_sent row, status 'skipped', so it is decided once:
-- a later poll that imports a late event for that day does not post it after all.
ALTER TABLE partner_connections ADD COLUMN daily_summary_skip_empty boolean NOT NULL DEFAULT false;
ALTER TABLE digests_sent DROP CONSTRAINT digests_sent_status_check;
ALTER TABLE digests_sent ADD CONSTRAINT digests_sent_status_check CHECK (status IN ('claimed', 'sent', 'skipped'));
