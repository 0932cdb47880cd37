// Progress lines for the demo: every step says what it is doing and when, so a person watching the
// terminal always sees it moving (a full demo takes a couple of minutes).

export interface DemoLog {
  step(text: string): void;
  detail(text: string): void;
  /** Seconds since the demo started. */
  elapsedSeconds(): number;
}

export function createDemoLog(
  write: (line: string) => void,
  now: () => number = () => performance.now(),
): DemoLog {
  const started = now();
  const stamp = () => {
    const s = Math.floor((now() - started) / 1000);
    return `${String(Math.floor(s / 60))}:${String(s % 60).padStart(2, '0')}`;
  };
  return {
    step: function logStep(text) {
      write(`[${stamp()}] ${text}`);
    },
    detail: function logDetail(text) {
      write(`       ${text}`);
    },
    elapsedSeconds: () => (now() - started) / 1000,
  };
}
