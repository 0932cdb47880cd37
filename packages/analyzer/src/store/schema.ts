// The span store's tables. Spans land in `otel_traces_raw`: scalar columns only (attribute maps as JSON
// text, kind and status as small integers, the resource and scope as a reference into `otel_scopes`, the
// rare fields — trace state, status message, events, links — in one nullable JSON column), so the
// collector appends DuckDB data chunks straight into it. Every VARCHAR costs a UTF-8 conversion per span;
// MAP/LIST values built in JS or JSON→MAP casts at insert measured 3–5× slower (see BENCHMARKS.md).
// The view `otel_traces` presents the OpenTelemetry ClickHouse exporter's table of the same name
// (exporter/clickhouseexporter/internal/sqltemplates/traces_table.sql): the same column names and
// meanings, Map/Array columns as DuckDB MAP/LIST, so a query written here runs on a ClickHouse cluster
// with little change. The raw JSON keeps attribute value types (ClickHouse keeps strings; so does the view).

export const TRACES_RAW_TABLE = 'otel_traces_raw';
export const SCOPES_TABLE = 'otel_scopes';
export const TRACES_TABLE = 'otel_traces';
export const METRICS_TABLE = 'otel_metrics';

export const CREATE_SCOPES = `CREATE TABLE IF NOT EXISTS ${SCOPES_TABLE} (
  "ScopeRef" INTEGER PRIMARY KEY,
  "ServiceName" VARCHAR NOT NULL,
  "ResourceAttributes" VARCHAR NOT NULL,
  "ScopeName" VARCHAR NOT NULL,
  "ScopeVersion" VARCHAR NOT NULL
)`;

export const CREATE_TRACES_RAW = `CREATE TABLE IF NOT EXISTS ${TRACES_RAW_TABLE} (
  "TimestampNs" BIGINT NOT NULL,
  "TraceId" VARCHAR NOT NULL,
  "SpanId" VARCHAR NOT NULL,
  "ParentSpanId" VARCHAR NOT NULL,
  "SpanName" VARCHAR NOT NULL,
  "SpanAttributes" VARCHAR NOT NULL,
  "Duration" DOUBLE NOT NULL,
  "Kind" UTINYINT NOT NULL,
  "Status" UTINYINT NOT NULL,
  "ScopeRef" INTEGER NOT NULL,
  "Details" VARCHAR
)`;

/** Kind and status codes of the raw table, in the words the ClickHouse exporter writes (pdata String()). */
export const KIND_NAMES = ['Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const;
export const STATUS_NAMES = ['Unset', 'Ok', 'Error'] as const;

const MAPS = 'MAP(VARCHAR, VARCHAR)';
const list = (path: string, cast: string) => `coalesce((t."Details"->'$.${path}')::${cast}, [])`;

export const CREATE_TRACES_VIEW = `CREATE VIEW IF NOT EXISTS ${TRACES_TABLE} AS SELECT
  make_timestamp_ns(t."TimestampNs") AS "Timestamp", t."TraceId", t."SpanId", t."ParentSpanId",
  coalesce(t."Details"->>'$.ts', '') AS "TraceState", t."SpanName",
  ${JSON.stringify(KIND_NAMES).replace(/"/g, "'")}[t."Kind" + 1] AS "SpanKind", s."ServiceName",
  s."ResourceAttributes"::JSON::${MAPS} AS "ResourceAttributes", s."ScopeName", s."ScopeVersion",
  t."SpanAttributes"::JSON::${MAPS} AS "SpanAttributes", t."Duration"::UBIGINT AS "Duration",
  ${JSON.stringify(STATUS_NAMES).replace(/"/g, "'")}[t."Status" + 1] AS "StatusCode",
  coalesce(t."Details"->>'$.sm', '') AS "StatusMessage",
  list_transform(${list('et', 'BIGINT[]')}, x -> make_timestamp_ns(x)) AS "Events.Timestamp",
  ${list('en', 'VARCHAR[]')} AS "Events.Name",
  ${list('ea', `${MAPS}[]`)} AS "Events.Attributes",
  ${list('lt', 'VARCHAR[]')} AS "Links.TraceId",
  ${list('ls', 'VARCHAR[]')} AS "Links.SpanId",
  ${list('lts', 'VARCHAR[]')} AS "Links.TraceState",
  ${list('la', `${MAPS}[]`)} AS "Links.Attributes"
FROM ${TRACES_RAW_TABLE} t JOIN ${SCOPES_TABLE} s USING ("ScopeRef")`;

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
