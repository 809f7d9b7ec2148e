/** A plan as an alert shows it: its name and price, already formatted ("$49.00/month"). */
export interface PlanView {
  name: string | null;
  price: string | null;
  /** Monthly amount and currency, to compare two plans; null when the price is unknown. */
  monthly: { amount: string; currency: string } | null;
}

export type AlertDetails =
  | { kind: 'install'; reinstall: boolean }
  | { kind: 'uninstall'; reasons: string[]; description: string | null; tenure: string | null; mrrLost: string[] }
  | { kind: 'store_closed' }
  | { kind: 'store_reopened' }
  | { kind: 'subscription_new'; plan: PlanView }
  | { kind: 'plan_change'; from: PlanView; to: PlanView; direction: 'upgrade' | 'downgrade' | 'change' }
  | { kind: 'subscription_canceled'; plan: PlanView }
  | { kind: 'subscription_frozen'; plan: PlanView }
  | { kind: 'subscription_unfrozen'; plan: PlanView }
  | { kind: 'one_time_charge'; name: string | null; amount: string | null }
  | { kind: 'usage_cap'; plan: PlanView; cap: string | null }
  | { kind: 'credit_applied'; amount: string | null }
  | { kind: 'other'; type: string };

/** Everything one alert message shows; built from stored events, rendered by views/. */
export interface AlertView {
  details: AlertDetails;
  appName: string;
  shopName: string | null;
  shopDomain: string | null;
  occurredAt: string;
  /** A test charge: marked as such, never counted in figures. */
  test: boolean;
  /** The shop's numeric id, for the Partner Dashboard and Merchant buttons. */
  shopId?: string;
  /** Where the shop lives, loaded at render time (alertContext.ts); no buttons without it. */
  links?: AlertLinks;
  /** The same shop's latest earlier alert in the same channel within 24 hours, if any. */
  earlier?: EarlierAlert | null;
}

export interface AlertLinks {
  connectionId: number;
  organizationId: string;
}

/** An alert already posted in the channel about the same (app, shop). */
export interface EarlierAlert {
  type: string;
  occurredAt: string;
  /** That alert was a plan change (its row carried the other half). */
  planChange: boolean;
}

