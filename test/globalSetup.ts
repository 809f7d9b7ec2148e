import { buildTemplate } from './helpers/testDatabase.ts';

/** Builds the migrated PGlite template once, before the workers start opening test databases. */
export default async function setup(): Promise<void> {
  await buildTemplate();
}
