import { listImportProgress } from '../../../src/storage/importProgress.ts';
import { createScratchServerDatabase } from '../../../test/helpers/scratchServerDatabase.ts';
import { alertFigures, partnerFigures, pollGaps, slackFigures } from './figures.ts';
import { ingestLatencies } from './ingestTimes.ts';
import { createFleet, newestDistChange, type Fleet, type ProcessFigures } from './fleet.ts';
import { startLiveStream } from './liveStream.ts';
import type { ScaleOptions } from './options.ts';
import { startLoopDelay, startQueueSampler, startSessionSampler } from './samplers.ts';
import { connectWorkspace, seedDatabase, waitUntilImported } from './seed.ts';
import { startScaleWorld } from './world.ts';

export interface Scenario {
  name: string;
  processes: number;
  /** kill -9 process p1 halfway through the window and start a new one at once. */
  killHalfway: boolean;
}

export type ScenarioResult = Awaited<ReturnType<typeof runScenario>>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`  ${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** Processes that must not outlive the bench, even when it crashes. */
export const liveFleets = new Set<Fleet>();

/**
 * One run: a fresh simulator, fake Slack and database; N bots import every workspace's small history;
 * then the window: live events everywhere, one organization importing a large history, optionally a
 * kill -9; then the figures.
 */
export async function runScenario(serverUrl: string, options: ScaleOptions, scenario: Scenario) {
  const setupStarted = Date.now();
  const world = await startScaleWorld(options.workspaces, options.importEvents);
  const scratch = await createScratchServerDatabase(serverUrl);
  let fleet: Fleet | null = null;
  let seeded: Awaited<ReturnType<typeof seedDatabase>> | null = null;
  try {
    const key = Buffer.alloc(32, 7).toString('base64');
    seeded = await seedDatabase(scratch.url, key, world.workspaces);
    log(`world and database ready in ${((Date.now() - setupStarted) / 1000).toFixed(0)} s (${world.simulator.store.apps.size} apps)`);
    const env: Record<string, string> = {
      DATABASE_URL: scratch.url,
      TOKEN_ENCRYPTION_KEY: key,
      SLACK_API_URL: world.slack.apiUrl,
      PARTNER_API_URL: world.simulator.url,
      SLACK_CLIENT_ID: '111.222',
      SLACK_CLIENT_SECRET: 'scale-client-secret',
      SLACK_SIGNING_SECRET: 'scale-signing-secret',
      SLACK_STATE_SECRET: 'scale-state-secret',
      LOG_LEVEL: 'info',
      ...(options.pollIntervalSeconds === null ? {} : { POLL_INTERVAL_SECONDS: String(options.pollIntervalSeconds) }),
    };
    const distAtStart = newestDistChange();
    fleet = createFleet(env, options.logDir, scenario.name);
    liveFleets.add(fleet);
    const started = fleet;
    await Promise.all(Array.from({ length: scenario.processes }, (_, i) => started.start(`p${i + 1}`)));

    const importStarted = Date.now();
    let lastReport = 0;
    await waitUntilImported(seeded.handle.db, world.workspaces, seeded.connectionIds, 30 * 60_000, (done) => {
      if (Date.now() - lastReport > 15_000 || done === world.workspaces.length) {
        lastReport = Date.now();
        log(`history import: ${done} of ${world.workspaces.length} connections complete`);
      }
    });
    const warmupSeconds = (Date.now() - importStarted) / 1000;

    // The window opens.
    const windowStart = Date.now();
    const simWindowStart = world.simulator.elapsed();
    fleet.startMeasuring();
    const sessions = startSessionSampler(seeded.handle.db);
    const queue = startQueueSampler(seeded.handle.db);
    const loop = startLoopDelay();
    const importingId = await connectWorkspace(seeded.handle.db, seeded.cipher, world.importing, new Date());
    const stream = startLiveStream(world.simulator, world.workspaces, options.eventsPerSecond);
    let importDoneAt: number | null = null;
    let stopWatching = false;
    const watchImport = (async () => {
      while (importDoneAt === null && !stopWatching) {
        const rows = await listImportProgress(seeded!.handle.db, importingId).catch(() => []);
        if (rows.length === 2 && rows.every((r) => r.backfillComplete)) importDoneAt = Date.now();
        else await sleep(2000);
      }
    })();

    if (scenario.killHalfway) {
      await sleep((options.seconds * 1000) / 2);
      log('kill -9 p1, starting p1b');
      await fleet.kill9('p1');
      await fleet.start('p1b');
      await sleep(Math.max(0, windowStart + options.seconds * 1000 - Date.now()));
    } else {
      await sleep(options.seconds * 1000);
    }
    stream.stop();
    const windowEnd = Date.now();
    const simWindowEnd = world.simulator.elapsed();
    log(`window closed: ${stream.events.length} live events; draining (up to ${options.drainSeconds} s)`);

    const drainDeadline = Date.now() + options.drainSeconds * 1000;
    while (Date.now() < drainDeadline) {
      const f = alertFigures(stream.events, world.slack.calls, windowStart, importDoneAt);
      if (f.missing === 0) break;
      await sleep(1000);
    }
    await sleep(5000); // a late second post of the same alert still counts as doubled
    const drainedAt = Date.now();
    stopWatching = true;
    await watchImport;

    const processes: ProcessFigures[] = fleet.figures();
    const db = await sessions.stop();
    const syncQueue = await queue.stop();
    const harness = loop.stop();
    const ingested = await ingestLatencies(seeded.handle.db, stream.events);
    const alerts = alertFigures(stream.events, world.slack.calls, windowStart, importDoneAt, ingested);
    return {
      scenario,
      distRebuilt: newestDistChange() !== distAtStart,
      warmupSeconds,
      windowSeconds: (windowEnd - windowStart) / 1000,
      eventsPerSecond: stream.events.length / ((windowEnd - windowStart) / 1000),
      alerts,
      importSeconds: importDoneAt === null ? null : (importDoneAt - windowStart) / 1000,
      drainSeconds: (drainedAt - windowEnd) / 1000,
      syncQueue,
      polls: pollGaps(world.simulator.requests, simWindowStart, simWindowEnd, world.importing.partnerToken),
      partner: partnerFigures(world.simulator.requests, simWindowStart, simWindowEnd, world.importing.partnerToken),
      slack: slackFigures(world.slack.calls, windowStart, windowEnd),
      processes,
      db,
      harness,
    };
  } finally {
    if (fleet) {
      await fleet.stop().catch(() => undefined);
      liveFleets.delete(fleet);
    }
    await seeded?.handle.close().catch(() => undefined);
    await scratch.dispose().catch((error: unknown) => log(`could not drop the scratch database: ${String(error)}`));
    await world.stop();
  }
}
