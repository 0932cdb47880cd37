// OpenTelemetry's AsyncLocalStorage context manager, plus the two things the preload's HTTP server tracing
// needs from the same store: enter(), to make a request's context current from a diagnostics_channel
// message (which cannot wrap the handler's call), and run(), to emit a request's events inside it.
'use strict';

const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');

class EnterableContextManager extends AsyncLocalStorageContextManager {
  /** Makes `ctx` current for the rest of this synchronous run and whatever it schedules. */
  enter(ctx) {
    this._asyncLocalStorage.enterWith(ctx);
  }

  /** fn.apply(target, args) with `ctx` current: no closure per call. */
  run(ctx, fn, target, args) {
    return this._asyncLocalStorage.run(ctx, Reflect.apply, fn, target, args);
  }
}

module.exports = { EnterableContextManager };
