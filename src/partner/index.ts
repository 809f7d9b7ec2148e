export { createPartnerClient, MAX_PAGE_SIZE } from './client.ts';
export type {
  Credentials,
  EventsPage,
  EventsPageRequest,
  PartnerClient,
  PartnerClientDeps,
  TransactionsPage,
  TransactionsPageRequest,
} from './client.ts';
export { createLimiterRegistry } from './limiter.ts';
export type { LimiterRegistry, LimiterRegistryOptions, TokenLimiter } from './limiter.ts';
export { PartnerApiError, isPartnerApiError } from './partnerErrors.ts';
export type { PartnerErrorCode } from './partnerErrors.ts';
export { parseAppEvent } from './parseEvents.ts';
export { parseAppTransaction, revenueKind } from './parseTransactions.ts';
