import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. Started by root (CI, containers), the embedded server runs as
 * the user that already owns its cluster, else `postgres`, else `nobody`; started by anyone else, as
 * that user (null: no switch).
 */
export async function chooseServerUser(clusterDir: string): Promise<ServerUser | null> {
  if (process.getuid?.() !== 0) return null;
  const users = await readPasswd();
  const owner = await stat(clusterDir).then((s) => s.uid, () => null);
  if (owner !== null && owner !== 0) {
    const known = users.find((u) => u.uid === owner);
    return known ?? { name: String(owner), uid: owner, gid: (await stat(clusterDir)).gid };
  }
  for (const name of ['postgres', 'nobody']) {
    const user = users.find((u) => u.name === name);
    if (user) return user;
  }
  return null;
}

async function readPasswd(): Promise<ServerUser[]> {
  const text = await readFile('/etc/passwd', 'utf8').catch(() => '');
  return text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((f) => f.length >= 4 && /^\d+$/.test(f[2]!) && /^\d+$/.test(f[3]!))
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]) }));
}

/** The first folder on the way to `target` that `user` may not enter (null: it can reach it). */
export async function firstUnreachableFolder(target: string, user: ServerUser): Promise<string | null> {
  const folders: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    folders.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const folder of folders) {
    const info = await stat(folder).catch(() => null);
    if (!info) return null; // not created yet: whoever creates it decides
    const bits = info.uid === user.uid ? (info.mode >> 6) & 7 : info.gid === user.gid ? (info.mode >> 3) & 7 : info.mode & 7;
    if ((bits & 1) === 0) return folder;
  }
  return null;
}
