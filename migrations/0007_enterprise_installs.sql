-- The Enterprise Grid organization each workspace belongs to, as Slack named it in the request that
-- made or last edited its Partner connection. An org-wide installation is stored under its enterprise
-- id only, with no list of its workspaces: this table is how background work (alerts, digest, DMs,
-- Home refreshes) finds the installation serving a workspace, and how an org-wide uninstall finds the
-- connections it ends. Workspaces outside Enterprise Grid have no row.
CREATE TABLE slack_workspace_enterprises (
  team_id text PRIMARY KEY,
  enterprise_id text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX slack_workspace_enterprises_by_enterprise ON slack_workspace_enterprises (enterprise_id);
