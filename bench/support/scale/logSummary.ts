import { readFileSync } from 'node:fs';

/** Warnings and errors of one process's log, counted by message (the bot logs JSON lines). */
export function summarizeLog(file: string, top = 6): string[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) {
      // node-cron's own warnings: colour codes and its timestamp off, so equal lines count together
      const plain = line.replace(/\u001b\[[0-9;]*m/g, '').replace(/^\[[^\]]*\] \[PID: \d+\] /, '').slice(0, 120);
      if (plain.trim() !== '') counts.set(`raw: ${plain}`, (counts.get(`raw: ${plain}`) ?? 0) + 1);
      continue;
    }
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string; code?: string; error?: unknown };
      if (entry.level !== 'warn' && entry.level !== 'error') continue;
      const detail = typeof entry.code === 'string' ? ` [${entry.code}]` : '';
      const key = `${entry.level}: ${entry.msg}${detail}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      // a line cut by kill -9
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, n]) => `${n} x ${k}`);
}
