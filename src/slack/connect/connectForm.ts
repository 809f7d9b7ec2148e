import type { TrackedApp } from '../../domain/connection.ts';
import { organizationFromApps, parseAppList, parseOrganizationId, parseTimeZone, parseToken } from './parseConnectInput.ts';

/** Block ids double as the keys of `response_action: errors`, so each error lands on its field. */
export const FIELD = {
  org: 'org',
  token: 'token',
  apps: 'apps',
  alertsChannel: 'alerts_channel',
  digestChannel: 'digest_channel',
  digestDay: 'digest_day',
  digestHour: 'digest_hour',
  timeZone: 'time_zone',
} as const;
export type FieldKey = keyof typeof FIELD;
/** `general` is for problems that belong to no one field (the Partner API is down, ...). */
export type FieldErrors = Partial<Record<FieldKey | 'general', string>>;

export const ACTION = (field: FieldKey): string => `${FIELD[field]}_input`;
export const CONNECT_CALLBACK_ID = 'partner_connect';

export type ConnectMode = 'connect' | 'edit';

/** What the form shows; on a failed check, exactly what the user typed (never the token). */
export interface FormValues {
  org: string;
  apps: string;
  alertsChannelId: string | null;
  digestChannelId: string | null;
  digestWeekday: number;
  digestHour: number;
  timeZone: string;
}

export interface SubmittedForm extends FormValues {
  token: string;
}

export interface ConnectRequest {
  organizationId: string;
  appIds: string[];
  /** null: keep the current token (editing). */
  token: string | null;
  alertsChannelId: string;
  digestChannelId: string | null;
  digestWeekday: number;
  digestHour: number;
  timeZone: string;
}

export function defaultFormValues(timeZone: string): FormValues {
  return { org: '', apps: '', alertsChannelId: null, digestChannelId: null, digestWeekday: 1, digestHour: 9, timeZone };
}

export function formValuesFromConnection(
  connection: { organizationId: string; alertsChannelId: string | null; digestChannelId: string | null; digestWeekday: number; digestHour: number; timeZone: string },
  apps: TrackedApp[],
): FormValues {
  return {
    org: connection.organizationId,
    apps: apps.map((a) => a.appId).join('\n'),
    alertsChannelId: connection.alertsChannelId,
    digestChannelId: connection.digestChannelId,
    digestWeekday: connection.digestWeekday,
    digestHour: connection.digestHour,
    timeZone: connection.timeZone,
  };
}

type StateValues = Record<string, Record<string, { value?: string | null; selected_conversation?: string | null; selected_option?: { value: string } | null }>>;

/** Reads `view.state.values` back into the form's fields. */
export function readSubmittedForm(values: StateValues): SubmittedForm {
  const input = (field: FieldKey) => values[FIELD[field]]?.[ACTION(field)];
  const text = (field: FieldKey) => input(field)?.value ?? '';
  const number = (field: FieldKey, fallback: number) => {
    const n = Number(input(field)?.selected_option?.value);
    return Number.isInteger(n) ? n : fallback;
  };
  return {
    org: text('org'),
    token: text('token'),
    apps: text('apps'),
    alertsChannelId: input('alertsChannel')?.selected_conversation ?? null,
    digestChannelId: input('digestChannel')?.selected_conversation ?? null,
    digestWeekday: Math.min(7, Math.max(1, number('digestDay', 1))),
    digestHour: Math.min(23, Math.max(0, number('digestHour', 9))),
    timeZone: text('timeZone'),
  };
}

/** Format checks only (no network): each problem keyed by the block it belongs under. */
export function validateForm(form: SubmittedForm, mode: ConnectMode): { ok: true; request: ConnectRequest } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const org = parseOrganizationId(form.org);
  if (!org.ok) errors.org = org.error;
  const orgId = org.ok ? org.value : organizationFromApps(form.apps);
  const apps = parseAppList(form.apps, org.ok ? org.value : null);
  if (!apps.ok) errors.apps = apps.error;
  const keepToken = mode === 'edit' && form.token.trim() === '';
  const token = keepToken ? null : parseToken(form.token);
  if (token && !token.ok) errors.token = token.error;
  const timeZone = parseTimeZone(form.timeZone);
  if (!timeZone.ok) errors.timeZone = timeZone.error;
  if (!form.alertsChannelId) errors.alertsChannel = 'Choose the channel where install, uninstall and charge alerts go.';
  if (Object.keys(errors).length > 0 || !orgId || !apps.ok || !timeZone.ok || (token && !token.ok)) return { ok: false, errors };
  return {
    ok: true,
    request: {
      organizationId: orgId,
      appIds: apps.value,
      token: token && token.ok ? token.value : null,
      alertsChannelId: form.alertsChannelId!,
      digestChannelId: form.digestChannelId,
      digestWeekday: form.digestWeekday,
      digestHour: form.digestHour,
      timeZone: timeZone.value,
    },
  };
}

/** Errors keyed by block id, the shape `response_action: errors` wants. */
export function toBlockErrors(errors: FieldErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key !== 'general' && message) out[FIELD[key as FieldKey]] = message;
  }
  return out;
}

/** private_metadata: not secret, so it holds only the mode. */
export function encodeMetadata(mode: ConnectMode): string {
  return JSON.stringify({ mode });
}

export function decodeMetadata(text: string | undefined): ConnectMode {
  try {
    return (JSON.parse(text ?? '{}') as { mode?: string }).mode === 'edit' ? 'edit' : 'connect';
  } catch {
    return 'connect';
  }
}
