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

  /**
   * A function that runs `target` with `ctx` current, of the same arity (frameworks read `length`, as
   * express does to tell error handlers apart). The base class wraps each call in a closure and gives the
   * wrapper its length with Object.defineProperty, the dearer part of binding the callbacks of every pg
   * query; arities up to 4 are declared here instead.
   */
  _bindFunction(ctx, target) {
    const storage = this._asyncLocalStorage;
    switch (target.length) {
      case 0:
        return function bound0() {
          // biome-ignore lint/complexity/noArguments: forwarded as they are, without a copy
          return storage.run(ctx, Reflect.apply, target, this, arguments);
        };
      case 1:
        return function bound1(_a) {
          // biome-ignore lint/complexity/noArguments: forwarded as they are, without a copy
          return storage.run(ctx, Reflect.apply, target, this, arguments);
        };
      case 2:
        return function bound2(_a, _b) {
          // biome-ignore lint/complexity/noArguments: forwarded as they are, without a copy
          return storage.run(ctx, Reflect.apply, target, this, arguments);
        };
      case 3:
        return function bound3(_a, _b, _c) {
          // biome-ignore lint/complexity/noArguments: forwarded as they are, without a copy
          return storage.run(ctx, Reflect.apply, target, this, arguments);
        };
      case 4:
        return function bound4(_a, _b, _c, _d) {
          // biome-ignore lint/complexity/noArguments: forwarded as they are, without a copy
          return storage.run(ctx, Reflect.apply, target, this, arguments);
        };
      default:
        return super._bindFunction(ctx, target);
    }
  }

  /** fn.apply(target, args) with `ctx` current: no closure per call. */
  run(ctx, fn, target, args) {
    return this._asyncLocalStorage.run(ctx, Reflect.apply, fn, target, args);
  }
}

module.exports = { EnterableContextManager };
