// The span store's tables. `otel_traces` follows the OpenTelemetry ClickHouse exporter's table of the same
// name (exporter/clickhouseexporter/internal/sqltemplates/traces_table.sql): the same column names and
// meanings, Map/Array columns as DuckDB MAP/LIST, so a query written here runs on a ClickHouse cluster
// with little change. `SpanAttributeTypes` is loadlens's own: ClickHouse keeps every attribute value as a
// string, and it records which ones were numbers, booleans or arrays so they read back typed.

export const TRACES_TABLE = 'otel_traces';
export const METRICS_TABLE = 'otel_metrics';

export const CREATE_TRACES = `CREATE TABLE IF NOT EXISTS ${TRACES_TABLE} (
  "Timestamp" TIMESTAMP_NS NOT NULL,
  "TraceId" VARCHAR NOT NULL,
  "SpanId" VARCHAR NOT NULL,
  "ParentSpanId" VARCHAR NOT NULL,
  "TraceState" VARCHAR NOT NULL,
  "SpanName" VARCHAR NOT NULL,
  "SpanKind" VARCHAR NOT NULL,
  "ServiceName" VARCHAR NOT NULL,
  "ResourceAttributes" MAP(VARCHAR, VARCHAR) NOT NULL,
  "ScopeName" VARCHAR NOT NULL,
  "ScopeVersion" VARCHAR NOT NULL,
  "SpanAttributes" MAP(VARCHAR, VARCHAR) NOT NULL,
  "SpanAttributeTypes" VARCHAR NOT NULL,
  "Duration" UBIGINT NOT NULL,
  "StatusCode" VARCHAR NOT NULL,
  "StatusMessage" VARCHAR NOT NULL,
  "Events.Timestamp" TIMESTAMP_NS[] NOT NULL,
  "Events.Name" VARCHAR[] NOT NULL,
  "Events.Attributes" MAP(VARCHAR, VARCHAR)[] NOT NULL,
  "Links.TraceId" VARCHAR[] NOT NULL,
  "Links.SpanId" VARCHAR[] NOT NULL,
  "Links.TraceState" VARCHAR[] NOT NULL,
  "Links.Attributes" MAP(VARCHAR, VARCHAR)[] NOT NULL
)`;

/**
 * One row per data point. The ClickHouse exporter splits metrics into a table per type
 * (otel_metrics_gauge, _sum, _histogram, …); runtime metrics of one run are few, so one table with a
 * MetricType column keeps queries simple: Value holds a gauge or sum point, the histogram columns the rest.
 */
export const CREATE_METRICS = `CREATE TABLE IF NOT EXISTS ${METRICS_TABLE} (
  "TimeUnix" TIMESTAMP_NS NOT NULL,
  "StartTimeUnix" TIMESTAMP_NS,
  "ServiceName" VARCHAR NOT NULL,
  "ResourceAttributes" MAP(VARCHAR, VARCHAR) NOT NULL,
  "ScopeName" VARCHAR NOT NULL,
  "MetricName" VARCHAR NOT NULL,
  "MetricUnit" VARCHAR NOT NULL,
  "MetricType" VARCHAR NOT NULL,
  "IsMonotonic" BOOLEAN,
  "Attributes" MAP(VARCHAR, VARCHAR) NOT NULL,
  "Value" DOUBLE,
  "Count" UBIGINT,
  "Sum" DOUBLE,
  "Min" DOUBLE,
  "Max" DOUBLE,
  "BucketCounts" UBIGINT[],
  "ExplicitBounds" DOUBLE[]
)`;

/** Span kinds and status codes as the ClickHouse exporter writes them (pdata's SpanKind/StatusCode String()). */
export const STORE_KIND = {
  internal: 'Internal',
  server: 'Server',
  client: 'Client',
  producer: 'Producer',
  consumer: 'Consumer',
} as const;
export const STORE_STATUS = { unset: 'Unset', ok: 'Ok', error: 'Error' } as const;
