// V8's sampling CPU profiler through the inspector, inside a wrapped server (`wrap --profile cpu`).
'use strict';

/** V8's sampling profiler through the inspector; take() returns the profile so far and restarts. */
function startProfiler() {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  // 1 ms sampling: V8's default interval, fine-grained enough for self-time shares at a few % overhead.
  const started = post('Profiler.enable')
    .then(() => post('Profiler.setSamplingInterval', { interval: 1000 }))
    .then(() => post('Profiler.start'));
  return {
    async take(restart) {
      await started;
      const { profile } = await post('Profiler.stop');
      if (restart) await post('Profiler.start');
      return profile;
    },
  };
}

module.exports = { startProfiler };
