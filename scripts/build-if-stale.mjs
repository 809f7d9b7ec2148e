// `npm start` runs the compiled bot (dist/): plain Node uses about 70 MB less memory than running
// the TypeScript through a loader. This compiles it first whenever src/ changed since the last build
// (a fresh clone, a git pull, an edit), and costs a few milliseconds when nothing did.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildInfo = path.join(root, 'dist', '.tsbuildinfo');

function newest(entry) {
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(entry).reduce((latest, name) => Math.max(latest, newest(path.join(entry, name))), 0);
}

const builtAt = (() => {
  try {
    return statSync(buildInfo).mtimeMs;
  } catch {
    return -1;
  }
})();
const sources = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => path.join(root, f));
if (builtAt < 0 || sources.some((source) => newest(source) > builtAt)) {
  process.stderr.write('Compiling partnerbot (src/ changed since the last build)...\n');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
