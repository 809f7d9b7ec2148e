import { createWriteStream, mkdirSync, readdirSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { startBotProcess, type BotProcess } from '../../../test/helpers/botProcess.ts';

/** CPU and memory of one bot process, from /proc (Linux). */
export interface ProcessFigures {
  name: string;
  pid: number;
  /** user + system CPU seconds spent inside the measurement window. */
  cpuSeconds: number;
  /** Highest VmRSS sampled inside the window, MB. */
  peakRssMb: number;
  /** The kernel's high-water mark over the process's life (VmHWM), MB. */
  lifetimePeakRssMb: number;
  killed: boolean;
  logFile: string;
}

interface Member {
  name: string;
  bot: BotProcess;
  log: WriteStream;
  logFile: string;
  cpuAtStart: number;
  lastCpu: number;
  peakRssKb: number;
  hwmKb: number;
  killed: boolean;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** utime + stime (fields 14 and 15 of /proc/<pid>/stat) in seconds. */
function cpuSecondsOf(pid: number): number | null {
  const stat = readProc(pid, 'stat');
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

const kb = (status: string | null, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status ?? '')?.[1] ?? 0);

/** Newest modification time under dist/ (another build during a run changes the code measured). */
export function newestDistChange(root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../dist')): number {
  let newest = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** N bot processes (dist/main.js) on one database, sampled every second, logs to files. */
export function createFleet(env: Record<string, string>, logDir: string, runName: string) {
  mkdirSync(logDir, { recursive: true });
  const members: Member[] = [];
  let measuring = false;

  const sample = () => {
    for (const m of members) {
      if (m.killed || m.bot.child.exitCode !== null) continue;
      const pid = m.bot.child.pid!;
      const cpu = cpuSecondsOf(pid);
      if (cpu !== null) m.lastCpu = cpu;
      const status = readProc(pid, 'status');
      if (measuring) m.peakRssKb = Math.max(m.peakRssKb, kb(status, 'VmRSS'));
      m.hwmKb = Math.max(m.hwmKb, kb(status, 'VmHWM'));
    }
  };
  const timer = setInterval(sample, 1000);

  return {
    async start(name: string): Promise<void> {
      const bot = await startBotProcess({ ...env });
      const logFile = path.join(logDir, `${runName}-${name}-${bot.child.pid}.log`);
      const log = createWriteStream(logFile);
      bot.child.stdout!.on('data', (d: Buffer) => log.write(d));
      bot.child.stderr!.on('data', (d: Buffer) => log.write(d));
      const member: Member = { name, bot, log, logFile, cpuAtStart: 0, lastCpu: 0, peakRssKb: 0, hwmKb: 0, killed: false };
      members.push(member);
      await bot.waitHealthy(120_000);
      if (measuring) member.cpuAtStart = cpuSecondsOf(bot.child.pid!) ?? 0;
    },
    /** The window opens: CPU counts from here, and RSS peaks are taken from here. */
    startMeasuring(): void {
      sample();
      measuring = true;
      for (const m of members) m.cpuAtStart = m.lastCpu;
    },
    /** kill -9 the named process (its last CPU reading stays as what it spent). */
    async kill9(name: string): Promise<void> {
      const m = members.find((x) => x.name === name && !x.killed)!;
      sample();
      m.killed = true;
      await m.bot.kill9();
    },
    /** Each process's figures over the window so far. */
    figures(): ProcessFigures[] {
      sample();
      return members.map((m) => ({
        name: m.name,
        pid: m.bot.child.pid!,
        cpuSeconds: m.lastCpu - m.cpuAtStart,
        peakRssMb: m.peakRssKb / 1024,
        lifetimePeakRssMb: m.hwmKb / 1024,
        killed: m.killed,
        logFile: m.logFile,
      }));
    },
    /** SIGTERM every live process (SIGKILL after 30 s), close the log files. */
    async stop(): Promise<void> {
      clearInterval(timer);
      await Promise.all(
        members.map(async (m) => {
          const stopped = m.bot.stop();
          const late = setTimeout(() => m.bot.child.kill('SIGKILL'), 30_000);
          await stopped;
          clearTimeout(late);
          await new Promise((r) => m.log.end(r));
        }),
      );
    },
    /** Every spawned pid, for the last-resort exit handler. */
    pids: () => members.map((m) => m.bot.child.pid!).filter(Boolean),
  };
}

export type Fleet = ReturnType<typeof createFleet>;
