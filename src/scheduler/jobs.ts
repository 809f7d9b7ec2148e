import cron from 'node-cron';
import type { Logger } from '../logger.ts';

export interface Job {
  name: string;
  /** node-cron expression; six fields means seconds first. */
  schedule: string;
  run: () => Promise<void>;
}

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * Schedules jobs with node-cron. A job never throws into node-cron: a failure is logged and the
 * next run goes ahead; runs of one job never overlap.
 */
export function startJobs(jobs: Job[], logger: Logger): JobRunner {
  const tasks = jobs.map((job) => {
    const scoped = logger.child({ job: job.name });
    return cron.schedule(
      job.schedule,
      async () => {
        try {
          await job.run();
        } catch (error) {
          scoped.error('Job failed', { error });
        }
      },
      // A tick missed under load is harmless (the next one catches up); no warning for it.
      { name: job.name, noOverlap: true, suppressMissedWarning: true },
    );
  });
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
