import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of the database. Timestamps read back as normalized ISO-8601 UTC strings with
 * microseconds (see typeParsers.ts) so an event's occurredAt round-trips exactly; numerics read
 * back as decimal strings, never floats.
 */
type Timestamp = ColumnType<string, string | Date, string | Date>;
type DefaultedTimestamp = ColumnType<string, string | Date | undefined, string | Date>;
/** Nullable, and optional on insert (columns added after the first migration). */
type OptionalTimestamp = ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
type Numeric = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface SlackInstallationsTable {
  installation_key: string;
  team_id: string | null;
  enterprise_id: string | null;
  is_enterprise_install: Generated<boolean>;
  bot_user_id: string | null;
  installer_user_id: string | null;
  installation_ciphertext: string;
  key_version: string;
  installed_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** Migration 0007: the Enterprise Grid organization a workspace belongs to, as Slack named it. */
export interface SlackWorkspaceEnterprisesTable {
  team_id: string;
  enterprise_id: string;
  updated_at: DefaultedTimestamp;
}

export type ConnectionStatus = 'active' | 'error' | 'disconnected';

export interface PartnerConnectionsTable {
  id: Generated<number>;
  workspace_id: string;
  organization_id: string;
  token_ciphertext: string | null;
  token_key_version: string | null;
  token_hint: string | null;
  status: Generated<ConnectionStatus>;
  last_error: string | null;
  last_error_code: string | null;
  consecutive_failures: Generated<number>;
  error_notified_at: Timestamp | null;
  connected_by_user_id: string;
  time_zone: Generated<string>;
  alerts_channel_id: string | null;
  digest_channel_id: string | null;
  digest_weekday: Generated<number>;
  digest_hour: Generated<number>;
  /** Migration 0010: the summaries' settings (weekly keeps digest_channel_id / weekday / hour). */
  weekly_summary_on: Generated<boolean>;
  weekly_summary_since: OptionalTimestamp;
  daily_summary_on: Generated<boolean>;
  daily_summary_channel_id: string | null;
  daily_summary_hour: Generated<number>;
  daily_summary_since: OptionalTimestamp;
  /** Migration 0011: a day when nothing happened gets no daily summary. */
  daily_summary_skip_empty: Generated<boolean>;
  monthly_summary_on: Generated<boolean>;
  monthly_summary_channel_id: string | null;
  monthly_summary_hour: Generated<number>;
  monthly_summary_since: OptionalTimestamp;
  alert_settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  alerts_from: Timestamp | null;
  last_success_at: Timestamp | null;
  records_imported: Generated<number>;
  next_poll_at: DefaultedTimestamp;
  poll_lease_owner: string | null;
  poll_lease_until: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface TrackedAppsTable {
  connection_id: number;
  app_id: string;
  name: string;
  tracked: Generated<boolean>;
  added_at: DefaultedTimestamp;
}

export interface AppEventsTable {
  id: Generated<number>;
  connection_id: number;
  app_id: string;
  shop_id: string;
  type: string;
  occurred_at: Timestamp;
  charge_id: Generated<string>;
  shop_domain: string | null;
  shop_name: string | null;
  charge_name: string | null;
  amount: Numeric | null;
  currency: string | null;
  test: Generated<boolean>;
  billing_on: Timestamp | null;
  reason: string | null;
  description: string | null;
  raw: Json;
  source: 'backfill' | 'poll';
  ingested_at: DefaultedTimestamp;
}

export interface TransactionsTable {
  connection_id: number;
  id: string;
  app_id: string;
  typename: string;
  kind: string;
  shop_id: string | null;
  shop_domain: string | null;
  charge_id: string | null;
  billing_interval: string | null;
  created_at: Timestamp;
  gross_amount: Numeric | null;
  gross_currency: string | null;
  net_amount: Numeric;
  net_currency: string;
  shopify_fee_amount: Numeric | null;
  shopify_fee_currency: string | null;
  raw: Json;
  ingested_at: DefaultedTimestamp;
}

export type SyncStream = 'events' | 'transactions';

export interface SyncProgressTable {
  connection_id: number;
  app_id: string;
  stream: SyncStream;
  backfill_upper: Timestamp | null;
  backfill_oldest: Timestamp | null;
  backfill_complete: Generated<boolean>;
  backfill_records: Generated<number>;
  high_water: Timestamp | null;
  /** The stream's oldest record at connect time (migration 0004), for the import percentage. */
  history_start: Timestamp | null;
  updated_at: DefaultedTimestamp;
}

export type AlertStatus = 'pending' | 'sent' | 'paused' | 'skipped' | 'expired';

export interface AlertOutboxTable {
  id: Generated<number>;
  connection_id: number;
  event_id: number;
  channel_id: string;
  status: Generated<AlertStatus>;
  attempts: Generated<number>;
  available_at: DefaultedTimestamp;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  slack_ts: string | null;
  last_error: string | null;
  created_at: DefaultedTimestamp;
  sent_at: Timestamp | null;
  paired_event_id: ColumnType<number | null, number | null | undefined, number | null>;
  held_until: OptionalTimestamp;
}

export interface AlertChannelsTable {
  connection_id: number;
  channel_id: string;
  lease_owner: ColumnType<string | null, string | null | undefined, string | null>;
  lease_until: OptionalTimestamp;
  last_post_at: OptionalTimestamp;
  paused_reason: ColumnType<string | null, string | null | undefined, string | null>;
  paused_at: OptionalTimestamp;
  retry_at: OptionalTimestamp;
  /** Migration 0006: Slack failures in a row (the back-off), when the channel may be tried again, the last one. */
  failures: Generated<number>;
  next_attempt_at: OptionalTimestamp;
  last_failure: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Migration 0008: a connection's ordered alert routing rules. */
export interface AlertRoutesTable {
  id: Generated<number>;
  connection_id: number;
  position: number;
  scope: 'all' | 'installs' | 'billing' | 'kinds';
  kinds: ColumnType<string[], string[] | undefined, string[]>;
  app_id: string | null;
  channel_id: string;
  paying: Generated<boolean>;
  min_amount: ColumnType<string | null, string | null | undefined, string | null>;
  min_currency: string | null;
  mention: string | null;
  created_at: DefaultedTimestamp;
}

export interface SlackTokenFailuresTable {
  workspace_id: string;
  error: string;
  since: Timestamp;
  last_seen_at: Timestamp;
}

export interface DigestsSentTable {
  workspace_id: string;
  /** Migration 0010: the key is (workspace_id, cadence, period_start); rows before it are weekly. */
  cadence: ColumnType<'daily' | 'weekly' | 'monthly', 'daily' | 'weekly' | 'monthly' | undefined, never>;
  period_start: ColumnType<string, string, string>;
  connection_id: number | null;
  /** 'skipped' (migration 0011): a daily summary of a day when nothing happened, not posted by choice. */
  status: Generated<'claimed' | 'sent' | 'skipped'>;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  slack_ts: string | null;
  sent_at: Timestamp | null;
  /** Migration 0005: claims taken (1 on insert), the last failure, and the chart's file id. */
  attempts: Generated<number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  chart_file_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ShopSegmentsTable {
  connection_id: number;
  app_id: string;
  shop_id: string;
  starts_after: Timestamp;
  /** 'infinity' while the segment is the shop's current state. */
  ends_at: ColumnType<string, string | Date, string | Date>;
  install: 'never' | 'installed' | 'uninstalled' | 'closed';
  paying: boolean;
  charge_id: string | null;
  monthly_amount: Numeric | null;
  currency: string | null;
  interval_unknown: boolean;
  first_paid_after: Timestamp | null;
}

export interface StateDayDeltasTable {
  connection_id: number;
  app_id: string;
  currency: string;
  day: ColumnType<string, string, string>;
  installed: number;
  paying: number;
  priced: number;
  interval_unknown: number;
  mrr: Numeric;
}

export interface ChargeIntervalsTable {
  connection_id: number;
  charge_id: string;
  billing_interval: string;
  sale_created_at: Timestamp;
}

export interface TestChargesTable {
  connection_id: number;
  charge_id: string;
}

export interface Database {
  slack_installations: SlackInstallationsTable;
  slack_workspace_enterprises: SlackWorkspaceEnterprisesTable;
  partner_connections: PartnerConnectionsTable;
  tracked_apps: TrackedAppsTable;
  app_events: AppEventsTable;
  transactions: TransactionsTable;
  sync_progress: SyncProgressTable;
  alert_outbox: AlertOutboxTable;
  alert_channels: AlertChannelsTable;
  slack_token_failures: SlackTokenFailuresTable;
  alert_routes: AlertRoutesTable;
  digests_sent: DigestsSentTable;
  shop_segments: ShopSegmentsTable;
  state_day_deltas: StateDayDeltasTable;
  charge_intervals: ChargeIntervalsTable;
  test_charges: TestChargesTable;
}
