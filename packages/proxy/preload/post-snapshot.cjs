// Sends one aggregate snapshot to the wrap process's side port (loopback, with the token wrap gave the
// app) and returns its answer — `{ profile: true }` when wrap wants the CPU profile with the next push.
'use strict';

const http = require('node:http');

/** Marks the app's own pushes, so the http instrumentation does not trace them as app traffic. */
const PUSH_HEADER = 'x-loadlens-token';
/** A push that takes longer than this is abandoned; the next one carries the cumulative state anyway. */
const PUSH_TIMEOUT_MS = 2000;

function postSnapshot(url, token, body) {
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PUSH_HEADER]: token },
        timeout: PUSH_TIMEOUT_MS,
      },
      function onPushResponse(response) {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => {
          try {
            resolve(JSON.parse(text));
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    request.on('error', () => resolve(undefined));
    request.on('timeout', () => request.destroy());
    request.end(JSON.stringify(body));
  });
}

module.exports = { postSnapshot, PUSH_HEADER };
