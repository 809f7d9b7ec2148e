import { readFileSync } from 'node:fs';

/**
 * Memory of a whole process tree read from /proc (Linux only): the bot and whatever it starts (the
 * embedded PostgreSQL postmaster and its workers). RSS counts every shared page once per process, so
 * PostgreSQL's shared buffers are counted once per backend; PSS splits shared pages between the
 * processes that map them, so its sum is what the tree really costs. Both are reported.
 */
export interface TreeSample {
  at: number;
  rssKb: number;
  pssKb: number;
  count: number;
  /** Each process's share, to see where a peak comes from. */
  parts?: { name: string; rssKb: number; pssKb: number }[];
}

/** pid -> start time (clock ticks since boot), to tell a surviving process from a reused pid. */
export type ProcessIds = Map<number, string>;

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null; // the process exited between listing and reading: it no longer counts
  }
}

function kbField(text: string | null, field: string): number {
  const match = text === null ? null : new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so split after its ')'. */
export function startTimeOf(pid: number): string | null {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === null) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

/** The root and its descendants, through each main thread's `children` list (bounded depth). */
export function treeOf(rootPid: number): ProcessIds {
  const found: ProcessIds = new Map();
  const visit = (pid: number, depth: number) => {
    const start = startTimeOf(pid);
    if (start === null || found.has(pid) || depth > 8) return;
    found.set(pid, start);
    const children = read(`/proc/${pid}/task/${pid}/children`) ?? '';
    for (const child of children.split(' ').filter((c) => c.trim() !== '')) visit(Number(child), depth + 1);
  };
  visit(rootPid, 0);
  return found;
}

export function sampleTree(rootPid: number): TreeSample & { pids: ProcessIds } {
  const pids = treeOf(rootPid);
  let rssKb = 0;
  let pssKb = 0;
  const parts: NonNullable<TreeSample['parts']> = [];
  for (const pid of pids.keys()) {
    const status = read(`/proc/${pid}/status`);
    const part = { name: (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ').trim().slice(0, 40), rssKb: kbField(status, 'VmRSS'), pssKb: kbField(read(`/proc/${pid}/smaps_rollup`), 'Pss') };
    rssKb += part.rssKb;
    pssKb += part.pssKb;
    parts.push(part);
  }
  return { at: Date.now(), rssKb, pssKb, count: pids.size, pids, parts };
}

/** Processes of an earlier tree still running (same pid, same start time): left behind. */
export function survivors(pids: ProcessIds): { pid: number; command: string }[] {
  return [...pids]
    .filter(([pid, start]) => startTimeOf(pid) === start)
    .map(([pid]) => ({ pid, command: (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ').trim().slice(0, 120) }));
}

export interface TreeSampler {
  /** Start of the window whose peak is reported (the workload, not the start-up). */
  resetPeak(): void;
  peak(): TreeSample;
  peakPss(): number;
  /** Median RSS / PSS of the last n samples. */
  recentMedian(n: number): { rssKb: number; pssKb: number };
  /** Every process seen in the tree so far (the root's children come and go with the pool). */
  seen(): ProcessIds;
  stop(): void;
}

/** Samples the tree every intervalMs until stopped. */
export function startTreeSampler(rootPid: number, intervalMs = 200): TreeSampler {
  const recent: TreeSample[] = [];
  const seen: ProcessIds = new Map();
  let peak: TreeSample = { at: 0, rssKb: 0, pssKb: 0, count: 0 };
  let peakPss = 0;
  const tick = () => {
    const sample = sampleTree(rootPid);
    if (sample.count === 0) return;
    for (const [pid, start] of sample.pids) seen.set(pid, start);
    recent.push(sample);
    if (recent.length > 50) recent.shift();
    if (sample.rssKb > peak.rssKb) peak = sample;
    peakPss = Math.max(peakPss, sample.pssKb);
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  };
  return {
    resetPeak() {
      peak = { at: 0, rssKb: 0, pssKb: 0, count: 0 };
      peakPss = 0;
    },
    peak: () => peak,
    peakPss: () => peakPss,
    recentMedian(n) {
      const last = recent.slice(-n);
      return { rssKb: median(last.map((s) => s.rssKb)), pssKb: median(last.map((s) => s.pssKb)) };
    },
    seen: () => seen,
    stop: () => clearInterval(timer),
  };
}
