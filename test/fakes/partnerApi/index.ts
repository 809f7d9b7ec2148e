export { startPartnerSimulator } from './server.ts';
export type { PartnerSimulator, PartnerSimulatorOptions, RequestLogEntry, SimOrgOptions, SimTokenOptions } from './server.ts';
export { generateDataSet } from './generator.ts';
export type { GenerateOptions } from './generator.ts';
export type { Fault, FaultKind, FaultPlan } from './faults.ts';
export type { EndlessPages } from './endlessPages.ts';
export { loadPartnerSchema, schemaPath, REPO_ROOT } from './schema.ts';
export { toMicroIso, microIsoFromMs } from './time.ts';
export type { SimCharge, SimDataSet, SimEvent, SimMoney, SimShop, SimTransaction } from './types.ts';
