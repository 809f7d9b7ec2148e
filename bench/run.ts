import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench` runs every bench/*.bench.ts; `npm run bench -- sync commands` runs the named ones.
 * Each bench module's default export prints its figures; none of them asserts timings.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const selected = wanted.length > 0 ? files.filter((f) => wanted.some((w) => f.startsWith(w))) : files;
if (selected.length === 0) {
  process.stderr.write(`No bench matches ${wanted.join(', ')}. Available: ${files.map((f) => f.replace('.bench.ts', '')).join(', ')}\n`);
  process.exit(1);
}
for (const file of selected) {
  process.stdout.write(`\n=== ${file.replace('.bench.ts', '')} ===\n`);
  const module = (await import(path.join(here, file))) as { default: () => Promise<void> };
  await module.default();
}
process.exit(0);
