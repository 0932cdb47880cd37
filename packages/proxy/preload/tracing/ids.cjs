// Trace and span ids for the preload's tracer: random bytes drawn from a pool refilled 4 KB at a time, as
// hex (the OpenTelemetry API's form), so an id costs a slice of the pool rather than a system call.
'use strict';

const { randomFillSync } = require('node:crypto');

const pool = Buffer.allocUnsafe(4096);
let at = pool.length;

function randomHex(bytes) {
  if (at + bytes > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  const hex = pool.toString('hex', at, at + bytes);
  at += bytes;
  return hex;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** 16 random bytes as 32 hex digits; never the all-zero (invalid) id. */
function newTraceId() {
  const id = randomHex(16);
  return id === ZERO_TRACE ? newTraceId() : id;
}

/** 8 random bytes as 16 hex digits; never the all-zero (invalid) id. */
function newSpanId() {
  const id = randomHex(8);
  return id === ZERO_SPAN ? newSpanId() : id;
}

module.exports = { newTraceId, newSpanId };
