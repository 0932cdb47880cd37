// `GET /profile` asks the wrapped app for its CPU profile: the app sends it with its next push (within a
// second), the table accumulates it, and the waiting requests are answered with the top frames.
import type { ProfileFrame } from '@loadlens/types';
import type { CpuProfile } from './app-snapshot.ts';
import { createSelfTimeTable } from './cpu-profile-top.ts';

/** Longest a /profile request waits for the app's next push (pushes come every second). */
const WAIT_MS = 5_000;
/** Frames a /profile answer lists. */
const TOP_FRAMES = 20;

export interface ProfileRequests {
  /** Whether a request is waiting: the push answer then asks the app for its profile. */
  wanted(): boolean;
  /** A profile arrived with a push. */
  received(profile: CpuProfile): void;
  /** Waits for the app's next profile (bounded) and returns the top self-time frames so far. */
  fresh(): Promise<ProfileFrame[]>;
  top(): ProfileFrame[];
}

/** Creates the request bookkeeping around a self-time table. */
export function createProfileRequests(): ProfileRequests {
  const table = createSelfTimeTable();
  let waiters: (() => void)[] = [];

  function received(profile: CpuProfile): void {
    table.add(profile);
    const wake = waiters;
    waiters = [];
    for (const resolve of wake) resolve();
  }

  async function fresh(): Promise<ProfileFrame[]> {
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, WAIT_MS).unref();
    });
    return table.top(TOP_FRAMES);
  }

  return {
    wanted: function wanted() {
      return waiters.length > 0;
    },
    received,
    fresh,
    top: function top() {
      return table.top(TOP_FRAMES);
    },
  };
}
