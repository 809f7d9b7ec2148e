/** Time is a dependency so jobs and tests can run on a fixed or fake clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
