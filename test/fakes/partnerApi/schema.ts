import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema } from 'graphql';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Repo root = three levels above this file (test/fakes/partnerApi). */
export const REPO_ROOT = path.resolve(HERE, '..', '..', '..');
/** The vendored Partner API schema snapshots (see schema/2025-07/SOURCE.md). */
const SCHEMA_DIR = path.join(HERE, 'schema');

export function schemaPath(version = '2025-07'): string {
  return path.join(SCHEMA_DIR, version, 'schema.graphql');
}

const cache = new Map<string, GraphQLSchema>();

/** The real Partner API schema snapshot (2025-07; the stable snapshots were byte-identical). */
export function loadPartnerSchema(version = '2025-07'): GraphQLSchema {
  let schema = cache.get(version);
  if (!schema) {
    schema = buildSchema(readFileSync(schemaPath(version), 'utf8'));
    cache.set(version, schema);
  }
  return schema;
}
