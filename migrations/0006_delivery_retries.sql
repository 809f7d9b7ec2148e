-- Slack failures we did not cause (internal_error, HTTP 5xx, a timeout, a token Slack refuses) back
-- the whole channel off instead of spending its alerts' attempts: the channel waits, its alerts keep
-- their order, and they are retried for as long as they are kept (7 days). `failures` counts the
-- failures in a row (it sets the back-off); a post that works resets it.
ALTER TABLE alert_channels ADD COLUMN failures integer NOT NULL DEFAULT 0;
ALTER TABLE alert_channels ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE alert_channels ADD COLUMN last_failure text;

-- A workspace whose bot token Slack refuses (invalid_auth, token_revoked, account_inactive...) while
-- no uninstall event said the app is gone: an operator rotating SLACK_BOT_TOKEN, a token Slack
-- suspended. Nothing is forgotten: alerts wait, /healthz and the App Home say so, and the row goes
-- when the token works again.
CREATE TABLE slack_token_failures (
  workspace_id text PRIMARY KEY,
  error text NOT NULL,
  since timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
