import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstUnreachableFolder } from '../../../src/storage/embedded/serverUser.ts';

const stranger = { name: 'stranger', uid: 54321, gid: 54321 };

describe('which folder the embedded server user cannot enter', () => {
  let root: string;
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('when every folder on the way lets others enter, then nothing blocks', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-reach-'));
    await chmod(root, 0o711);
    await mkdir(path.join(root, 'data'), { mode: 0o755 });
    expect(await firstUnreachableFolder(path.join(root, 'data'), stranger)).toBeNull();
  });

  it('when a folder on the way is private to its owner, then that folder is named', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-reach-'));
    await chmod(root, 0o755);
    await mkdir(path.join(root, 'home'), { mode: 0o700 });
    await mkdir(path.join(root, 'home', 'data'), { mode: 0o755 });
    expect(await firstUnreachableFolder(path.join(root, 'home', 'data'), stranger)).toBe(path.join(root, 'home'));
  });

  it('when the folder does not exist yet, then the folders that do exist decide', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'partnerbot-reach-'));
    await chmod(root, 0o755);
    expect(await firstUnreachableFolder(path.join(root, 'later', 'data'), stranger)).toBeNull();
  });
});
