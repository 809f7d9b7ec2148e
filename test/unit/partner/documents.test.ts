import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kind, parse, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadPartnerSchema, REPO_ROOT } from '../../fakes/partnerApi/schema.ts';

const SRC = path.join(REPO_ROOT, 'src');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

function looksLikeDocument(text: string): boolean {
  return /^\s*(#[^\n]*\n\s*)*(query|mutation|subscription|fragment)\b/.test(text);
}

/** Every GraphQL document in src/: `.graphql`/`.gql` files and string exports of `*.graphql.ts` modules. */
async function findDocuments(): Promise<Array<{ name: string; source: string }>> {
  const found: Array<{ name: string; source: string }> = [];
  for (const file of walk(SRC)) {
    const relative = path.relative(REPO_ROOT, file);
    if (/\.(graphql|gql)$/.test(file)) found.push({ name: relative, source: readFileSync(file, 'utf8') });
    if (/\.graphql\.ts$/.test(file)) {
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const [exported, value] of Object.entries(module)) {
        if (typeof value === 'string' && looksLikeDocument(value)) found.push({ name: `${relative}#${exported}`, source: value });
      }
    }
  }
  return found;
}

const schema = loadPartnerSchema('2025-07');

describe('GraphQL documents in src/', () => {
  it('when src/ is scanned, then documents are found', async () => {
    const documents = await findDocuments();
    expect(documents.length).toBeGreaterThanOrEqual(4);
  });

  it('when each document is validated against the 2025-07 schema, then none has errors', async () => {
    for (const { name, source } of await findDocuments()) {
      let document: DocumentNode;
      try {
        document = parse(source);
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`);
      }
      expect(validate(schema, document).map((e) => `${name}: ${e.message}`)).toEqual([]);
      const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      expect(operations, `${name} must hold exactly one named operation`).toHaveLength(1);
    }
  });

  it('when no other src file embeds a GraphQL operation, then every document is covered by the check above', () => {
    const stray = walk(SRC)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.graphql.ts'))
      .filter((f) => /[`'"]\s*(query|mutation)\s+\w+\s*[({]/.test(readFileSync(f, 'utf8')));
    expect(stray.map((f) => path.relative(REPO_ROOT, f))).toEqual([]);
  });

  it('when a document selects reason on AppEvent, then validation rejects it (the check has teeth)', () => {
    const errors = validate(schema, parse('query Q { app(id: "gid://partners/App/1") { events(first: 1) { edges { node { reason } } } } }'));
    expect(errors.map((e) => e.message)).toEqual(['Cannot query field "reason" on type "AppEvent". Did you mean to use an inline fragment on "RelationshipUninstalled"?']);
  });
});
