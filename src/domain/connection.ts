/** A workspace's link to one Partner organization, as the rest of the code sees it (no token). */
export interface PartnerConnection {
  id: number;
  workspaceId: string;
  organizationId: string;
  status: 'active' | 'error' | 'disconnected';
  hasToken: boolean;
  tokenHint: string | null; // last 4 characters, the most a view may show
  lastError: string | null;
  lastErrorCode: string | null;
  consecutiveFailures: number;
  errorNotifiedAt: string | null;
  connectedByUserId: string;
  timeZone: string;
  alertsChannelId: string | null;
  digestChannelId: string | null;
  digestWeekday: number; // 1 = Monday ... 7 = Sunday
  digestHour: number;
  alertSettings: AlertSettings;
  alertsFrom: string | null;
  lastSuccessAt: string | null;
  recordsImported: number;
}

export interface AlertSettings {
  /** Alert kinds the workspace switched off; everything else posts. */
  disabledKinds?: string[];
  /** Leave test charges out instead of posting them marked as tests. */
  hideTestCharges?: boolean;
}

export interface TrackedApp {
  appId: string;
  name: string;
}
