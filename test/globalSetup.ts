import { EMBEDDED_TEST_SERVER_ENV, startTestEmbeddedServer } from './helpers/testDatabase.ts';

/**
 * One embedded PostgreSQL server for the whole run, started before the workers fork (they inherit
 * its URL) and stopped after them; each test file creates a database of its own on it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const server = await startTestEmbeddedServer();
  process.env[EMBEDDED_TEST_SERVER_ENV] = server.adminUrl;
  return () => server.dispose();
}
