// The normalized span: the analyzer's view of a span whatever its source (OTLP JSON or protobuf, Jaeger).
import { z } from 'zod';

export const SPAN_KINDS = ['internal', 'server', 'client', 'producer', 'consumer'] as const;

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));

export const attributeValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
]);

export const spanEventSchema = z.strictObject({
  name: z.string(),
  timeNs: z.number(),
  attributes: z.record(z.string(), attributeValueSchema).default({}),
});

export const normalizedSpanSchema = z.strictObject({
  /** 32 lowercase hex digits. */
  traceId: hex(32),
  /** 16 lowercase hex digits. */
  spanId: hex(16),
  parentSpanId: hex(16).optional(),
  name: z.string(),
  kind: z.enum(SPAN_KINDS),
  service: z.string(),
  /**
   * Start in integer nanoseconds since the Unix epoch. Held in a float64, which at today's epoch keeps
   * them to a multiple of 256 ns — far below any timing loadlens reports; durations are kept exactly.
   */
  startNs: z.number(),
  durationNs: z.number().nonnegative(),
  status: z.enum(['unset', 'ok', 'error']),
  statusMessage: z.string().optional(),
  /** Stable semantic-convention names; older names are mapped on the way in (see SEMCONV_RENAMES). */
  attributes: z.record(z.string(), attributeValueSchema),
  events: z.array(spanEventSchema).default([]),
});

export type AttributeValue = z.output<typeof attributeValueSchema>;
export type SpanEvent = z.output<typeof spanEventSchema>;
export type SpanKind = (typeof SPAN_KINDS)[number];
export type NormalizedSpan = z.output<typeof normalizedSpanSchema>;

/** Stable OpenTelemetry semantic-convention attribute names loadlens reads. */
export const SEMCONV = {
  dbSystem: 'db.system.name',
  dbQueryText: 'db.query.text',
  dbOperation: 'db.operation.name',
  dbCollection: 'db.collection.name',
  dbNamespace: 'db.namespace',
  httpRoute: 'http.route',
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  urlPath: 'url.path',
  urlFull: 'url.full',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
} as const;

/** Older attribute names still emitted by many instrumentations, mapped to their stable names. */
export const SEMCONV_RENAMES: Readonly<Record<string, string>> = {
  'db.statement': 'db.query.text',
  'db.system': 'db.system.name',
  'db.operation': 'db.operation.name',
  'db.name': 'db.namespace',
  'db.mongodb.collection': 'db.collection.name',
  'db.sql.table': 'db.collection.name',
  'db.cassandra.table': 'db.collection.name',
  'http.method': 'http.request.method',
  'http.status_code': 'http.response.status_code',
  'http.target': 'url.path',
  'http.url': 'url.full',
  'net.peer.name': 'server.address',
  'net.peer.port': 'server.port',
  'net.host.name': 'server.address',
  'net.host.port': 'server.port',
};
