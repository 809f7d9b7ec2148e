/**
 * One routing rule of a connection: which alerts (`scope`, `kinds`, `appId`, the filters) go to which
 * channel, with an optional mention. Rules are ordered (`position`, from 1); an event goes once to
 * every channel whose rules match it, and nowhere else.
 */
export interface AlertRoute {
  id: number;
  connectionId: number;
  position: number;
  /** all; installs (install, reinstall, uninstall, store closed/reopened); billing (every other kind); or the `kinds` listed. */
  scope: RouteScope;
  /** Alert kind names, only when scope is 'kinds'. */
  kinds: string[];
  /** One tracked app (its numeric id), or null for every app. */
  appId: string | null;
  channelId: string;
  /** Only when the shop had a live paid subscription just before the event. */
  paying: boolean;
  /** Only billing events whose monthly (or charge) amount is at least this, in the event's currency (any currency when null). */
  min: { amount: string; currency: string | null } | null;
  /** Slack's own mention syntax, put in the message text: `<@U1>`, `<!subteam^S1>`, `<!here>`, `<!channel>`. */
  mention: string | null;
}

export type RouteScope = 'all' | 'installs' | 'billing' | 'kinds';

/** A rule as an admin writes it; the storage numbers it. */
export type NewAlertRoute = Omit<AlertRoute, 'id' | 'connectionId' | 'position'>;
