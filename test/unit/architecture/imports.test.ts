import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/manifest.ts';

/**
 * The map in the README stays true: arrows point one way, from what receives Slack requests and the
 * scheduler, through the features, to storage, to the pure metrics and domain. Each rule lists the
 * files that break it, so a failure says where to look.
 */
const SRC = path.join(repoRoot, 'src');
const COMPOSITION_ROOT = new Set(['main.ts', 'partnerbot.ts']);
const FEATURES = ['sync', 'alerts', 'digest', 'figures'];
const PURE_PACKAGES = new Set(['decimal.js', 'date-fns', '@date-fns/tz']);

interface SourceFile {
  /** Path below src/, with forward slashes. */
  file: string;
  /** Relative imports resolved below src/ (e.g. "storage/events.ts"); packages as they are named. */
  imports: string[];
  text: string;
}

function sources(dir = SRC): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    if (!entry.name.endsWith('.ts')) return [];
    const text = readFileSync(full, 'utf8');
    const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]!);
    const imports = specifiers.map((s) => (s.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(full), s)).split(path.sep).join('/') : s));
    return [{ file: path.relative(SRC, full).split(path.sep).join('/'), imports, text }];
  });
}

const all = sources();
const top = (file: string) => file.split('/')[0]!;
const offenders = (files: SourceFile[], bad: (target: string) => boolean) =>
  files.flatMap((f) => f.imports.filter(bad).map((target) => `${f.file} -> ${target}`));

describe('the direction of imports in src/', () => {
  it('when a file outside slack/ imports, then nothing comes from slack/ (the composition root excepted)', () => {
    const outside = all.filter((f) => top(f.file) !== 'slack' && !COMPOSITION_ROOT.has(f.file));
    expect(offenders(outside, (t) => t.startsWith('slack/'))).toEqual([]);
  });

  it('when a feature imports, then it reaches neither the Slack request handlers nor the scheduler', () => {
    const features = all.filter((f) => FEATURES.includes(top(f.file)));
    expect(offenders(features, (t) => t.startsWith('slack/') || t.startsWith('scheduler/'))).toEqual([]);
  });

  it('when storage imports, then it reaches no feature, handler or scheduler', () => {
    const storage = all.filter((f) => top(f.file) === 'storage');
    expect(offenders(storage, (t) => [...FEATURES, 'slack', 'slackApi', 'scheduler'].includes(top(t)))).toEqual([]);
  });

  it('when metrics/ imports, then only other pure code: metrics/, domain/ and pure packages', () => {
    const metrics = all.filter((f) => top(f.file) === 'metrics');
    const pure = (t: string) => PURE_PACKAGES.has(t) || (t.endsWith('.ts') && ['metrics', 'domain'].includes(top(t)));
    expect(offenders(metrics, (t) => !pure(t))).toEqual([]);
  });

  it('when production code imports, then never the reference engine (it is the tests\' oracle)', () => {
    const production = all.filter((f) => !f.file.startsWith('metrics/reference/'));
    expect(offenders(production, (t) => t.startsWith('metrics/reference/'))).toEqual([]);
  });

  it('when a file outside storage/ talks to the database, then only through a repository: no SQL of its own', () => {
    const sqlOutside = all
      .filter((f) => top(f.file) !== 'storage')
      .filter((f) => /\b(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql\s*(<[^>]*>)?`/.test(f.text))
      .map((f) => f.file);
    expect(sqlOutside).toEqual([]);
  });
});
