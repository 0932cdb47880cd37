// The error next() throws when a `{param}` only a captured value can fill has nothing captured yet.

/** Thrown by next() when a capture-only `{param}` has nothing captured yet: the engine should hold or skip. */
export class CaptureNotReady extends Error {
  readonly capture: string;
  constructor(capture: string) {
    super(`no value captured for "${capture}" yet`);
    this.name = 'CaptureNotReady';
    this.capture = capture;
  }
}
