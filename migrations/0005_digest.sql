-- Weekly digest delivery (src/digest/). A claim that is taken over after its lease expired counts an
-- attempt: from the second one on, the channel's history is checked for the digest's message metadata
-- before posting, so a crash after Slack accepted the message does not post it twice.
ALTER TABLE digests_sent ADD COLUMN attempts integer NOT NULL DEFAULT 1;
ALTER TABLE digests_sent ADD COLUMN last_error text;
-- The chart follows the message; null when it was not uploaded (no data, or it failed).
ALTER TABLE digests_sent ADD COLUMN chart_file_id text;
