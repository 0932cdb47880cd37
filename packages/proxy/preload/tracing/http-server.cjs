// Server spans for Node's http and https servers without wrapping the server: the request-start
// diagnostics_channel message (published just before the 'request' event) starts the span and makes its
// context current; the request's and the response's listeners run inside that context (one patched emit
// on each prototype, instead of binding every listener of every request, as instrumentation-http does);
// the response's 'close' ends the span. Names and attributes are instrumentation-http's: "GET", renamed "GET /route" when a framework
// (express, fastify) sets the route in the RPC metadata; status ERROR and error.type from 5xx.
'use strict';

const dc = require('node:diagnostics_channel');
const { IncomingMessage, ServerResponse } = require('node:http');
const { propagation, ROOT_CONTEXT, trace } = require('@opentelemetry/api');
const { RPCType, setRPCMetadata } = require('@opentelemetry/core');
const { requestAttributes } = require('./http-server-attributes.cjs');

const SERVER = 1;
const STATUS_ERROR = 2;
const STATE = Symbol('loadlens.http.server');

/**
 * The incoming context: extracted only when the request carries a header the propagators read, looked for
 * in rawHeaders, because `request.headers` is built on first use and a server may never use it.
 */
function parentContext(request, fields) {
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length <= fields.longest && fields.names.has(name.toLowerCase()))
      return propagation.extract(ROOT_CONTEXT, request.headers);
  }
  return ROOT_CONTEXT;
}

function finish(response, state) {
  state.done = true;
  const span = state.span;
  const status = response.statusCode;
  span.setAttribute('http.response.status_code', status);
  const route = state.rpcMetadata.route;
  if (route !== undefined) span.setAttribute('http.route', route);
  if (!(status >= 100 && status < 500)) span.setStatus({ code: STATUS_ERROR });
  if (status >= 500 && status < 600) span.setAttribute('error.type', String(status));
  if (route) span.updateName(`${state.method || 'GET'} ${route}`);
  span.end();
}

function fail(state, error) {
  state.done = true;
  const span = state.span;
  span.setAttribute('error.type', error?.name ?? 'Error');
  span.setStatus({ code: STATUS_ERROR, message: error?.message });
  span.recordException(error);
  span.end();
}

/**
 * @param options.tracer the tracer server spans are started with
 * @param options.contextManager an EnterableContextManager (context-manager.cjs), registered globally
 */
function traceHttpServers({ tracer, contextManager }) {
  const names = new Set(propagation.fields().map((f) => f.toLowerCase()));
  const fields = { names, longest: Math.max(0, ...[...names].map((f) => f.length)) };

  dc.subscribe('http.server.request.start', function onRequestStart(message) {
    const { request, response, socket } = message;
    const parent = parentContext(request, fields);
    const span = tracer.startSpan(request.method || 'GET', { kind: SERVER }, parent);
    let ctx = trace.setSpan(parent, span);
    let state;
    if (span.isRecording()) {
      const attributes = requestAttributes(request, socket.encrypted ? 'https' : 'http');
      span.adoptAttributes(attributes, Object.keys(attributes).length);
      const rpcMetadata = { type: RPCType.HTTP, span };
      ctx = setRPCMetadata(ctx, rpcMetadata);
      state = { context: ctx, span, rpcMetadata, method: request.method, done: false };
    } else state = { context: ctx, span: undefined, rpcMetadata: undefined, method: undefined, done: true };
    request[STATE] = state;
    response[STATE] = state;
    contextManager.enter(ctx);
  });

  // Entering a context costs a copy of the async context frame, so it is paid only when a listener would
  // run outside the request's context: most events (the response's 'finish' after res.end() in the
  // handler) already run inside it, and many have no listener at all.
  function needsContext(emitter, state, event) {
    return contextManager.active() !== state.context && emitter.listenerCount(event) > 0;
  }

  const requestEmit = IncomingMessage.prototype.emit;
  IncomingMessage.prototype.emit = function emit(event) {
    const state = this[STATE];
    // biome-ignore lint/complexity/noArguments: apply(this, arguments) forwards without allocating, once per event
    if (state === undefined || !needsContext(this, state, event)) return requestEmit.apply(this, arguments);
    // biome-ignore lint/complexity/noArguments: apply(this, arguments) forwards without allocating, once per event
    return contextManager.run(state.context, requestEmit, this, arguments);
  };

  const responseEmit = ServerResponse.prototype.emit;
  ServerResponse.prototype.emit = function emit(event, error) {
    const state = this[STATE];
    // biome-ignore lint/complexity/noArguments: apply(this, arguments) forwards without allocating, once per event
    if (state === undefined) return responseEmit.apply(this, arguments);
    if (state.done || (event !== 'close' && event !== 'error'))
      // biome-ignore lint/complexity/noArguments: forwarded without a copy, once per event
      return emitInContext(this, state, arguments);
    // The server span ends after the listeners have run: spans that end on the response's 'close' (each
    // express layer's) are its children and end first, as the aggregator's stage times expect.
    try {
      // biome-ignore lint/complexity/noArguments: forwarded without a copy, once per event
      return emitInContext(this, state, arguments);
    } finally {
      if (!state.done) {
        if (event === 'close') finish(this, state);
        else fail(state, error);
      }
    }
  };

  function emitInContext(response, state, args) {
    if (!needsContext(response, state, args[0])) return responseEmit.apply(response, args);
    return contextManager.run(state.context, responseEmit, response, args);
  }
}

module.exports = { traceHttpServers };
