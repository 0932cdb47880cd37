// The OTLP/HTTP receiver's request handling (opentelemetry.io/docs/specs/otlp/#otlphttp): POST
// /v1/traces and /v1/metrics, protobuf or JSON, gzip or not. 200 once the batch is committed (with
// partial_success when spans were rejected), 400 malformed, 413 too large, 415 wrong content type or
// encoding, 429 + Retry-After when the queue is full, 503 + Retry-After when the store failed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoadlensError } from '@loadlens/types';
import type { MetricPoint } from '../otlp/metric-point.ts';
import { ProtoError } from '../otlp/otlp-proto-traces.ts';
import { decodeMetrics, decodeSpans } from './decode-body.ts';
import type { IngestQueue } from './ingest-queue.ts';
import { CONTENT_TYPE, type Encoding, exportResponse, RPC_CODE, statusBody } from './otlp-responses.ts';
import { BodyError, readBody } from './read-body.ts';

export interface HandlerOptions {
  maxBodyBytes: number;
  /** Seconds a client should wait after a 429/503 before retrying. */
  retryAfterSeconds: number;
  /**
   * Requests being read or decoded at once; more get 429. With the body limit this bounds the memory of
   * requests not yet in the queue (the queue bounds the rest).
   */
  maxInFlight: number;
}

type Signal = 'traces' | 'metrics';
const PATHS: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics' };

class RequestError extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, code: number, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function encodingOf(contentType: string | undefined): Encoding | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

function malformed(error: unknown): RequestError {
  if (error instanceof ProtoError || error instanceof SyntaxError || isLoadlensError(error))
    return new RequestError(400, RPC_CODE.invalidArgument, `malformed request: ${(error as Error).message}`);
  throw error;
}

/**
 * A node:http request listener for the OTLP/HTTP endpoints, writing through `queue`.
 * @example createServer(createOtlpHandler(queue, { maxBodyBytes: 20 << 20, retryAfterSeconds: 1 }))
 */
export function createOtlpHandler(queue: IngestQueue, options: HandlerOptions) {
  const { maxBodyBytes, retryAfterSeconds, maxInFlight } = options;
  let inFlight = 0;

  function send(
    res: ServerResponse,
    status: number,
    encoding: Encoding,
    body: Uint8Array,
    close = false,
  ): void {
    const headers: Record<string, string | number> = {
      'content-type': CONTENT_TYPE[encoding],
      'content-length': body.length,
    };
    if (status === 429 || status === 503) headers['retry-after'] = retryAfterSeconds;
    if (close) headers.connection = 'close';
    res.writeHead(status, headers).end(body);
  }

  async function handle(req: IncomingMessage, signal: Signal, encoding: Encoding): Promise<Uint8Array> {
    // Refuse before reading when the queue is already full: the cheapest answer under overload.
    if (!queue.hasRoom(1))
      throw new RequestError(429, RPC_CODE.resourceExhausted, 'ingest queue full, retry later');
    let body: Uint8Array;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyError)
        throw new RequestError(error.status, RPC_CODE.invalidArgument, error.message);
      throw error;
    }
    if (signal === 'traces') {
      let decoded: ReturnType<typeof decodeSpans>;
      try {
        decoded = decodeSpans(body, encoding);
      } catch (error) {
        throw malformed(error);
      }
      await commit(decoded.rows.count, () => queue.addSpans(decoded.rows));
      return exportResponse(encoding, 'traces', decoded.rejected, decoded.reason);
    }
    let points: MetricPoint[];
    try {
      points = decodeMetrics(body, encoding);
    } catch (error) {
      throw malformed(error);
    }
    await commit(points.length, () => queue.addMetrics(points));
    return exportResponse(encoding, 'metrics', 0, '');
  }

  async function commit(count: number, add: () => Promise<void>): Promise<void> {
    if (count === 0) return;
    if (!queue.hasRoom(count))
      throw new RequestError(429, RPC_CODE.resourceExhausted, 'ingest queue full, retry later');
    try {
      await add();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new RequestError(503, RPC_CODE.unavailable, `span store write failed: ${message}`);
    }
  }

  return function otlpRequestListener(req: IncomingMessage, res: ServerResponse): void {
    const signal = PATHS[(req.url ?? '').split('?')[0]!];
    const encoding = encodingOf(req.headers['content-type']);
    const fail = (status: number, code: number, message: string, close: boolean) => {
      req.resume();
      send(res, status, encoding ?? 'json', statusBody(encoding ?? 'json', code, message), close);
    };
    if (!signal) {
      fail(404, 5, `no OTLP endpoint at ${req.url} (use /v1/traces or /v1/metrics)`, false);
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      fail(405, RPC_CODE.invalidArgument, `${req.method} not allowed, use POST`, false);
      return;
    }
    if (!encoding) {
      fail(
        415,
        RPC_CODE.invalidArgument,
        `unsupported Content-Type "${req.headers['content-type'] ?? ''}" (use application/x-protobuf or application/json)`,
        true,
      );
      return;
    }
    if (inFlight >= maxInFlight) {
      fail(429, RPC_CODE.resourceExhausted, 'too many requests in flight, retry later', false);
      return;
    }
    inFlight++;
    handle(req, signal, encoding).then(
      (body) => {
        inFlight--;
        send(res, 200, encoding, body);
      },
      (error: unknown) => {
        inFlight--;
        // The client went away mid-body (a reset, a timeout on its side): nothing to answer, not a bug.
        if (req.destroyed && !(error instanceof RequestError)) return;
        if (error instanceof RequestError)
          return fail(error.status, error.code, error.message, error.status === 413);
        fail(500, RPC_CODE.internal, `collector bug: ${(error as Error).message}`, true);
        console.error(error);
      },
    );
  };
}
