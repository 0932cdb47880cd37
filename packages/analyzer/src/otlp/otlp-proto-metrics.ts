// Decodes an OTLP protobuf ExportMetricsServiceRequest (opentelemetry-proto v1 metrics.proto) into data
// points: gauges, sums, histograms, exponential histograms (count/sum/min/max) and summaries (count/sum).
import type { AttributeValue } from '@loadlens/types';
import { serviceOf } from './decoded-span.ts';
import { type MetricPoint, type MetricSink, type MetricType, metricPoint } from './metric-point.ts';
import { readKeyValue } from './proto-attributes.ts';
import {
  type ProtoReader,
  protoReader,
  readDouble,
  readFixed64,
  readFixed64Parts,
  readLengthEnd,
  readSfixed64,
  readString,
  readVarint,
  skipField,
  uint64Decimal,
} from './proto-reader.ts';

const halves = new Uint32Array(2);

function time(r: ProtoReader, end: number): string {
  readFixed64Parts(r, end, halves, 0);
  return uint64Decimal(halves[0]!, halves[1]!);
}

/** Walks `end`-bounded fields, calling `on(tag)` for each; `on` returns false to skip the field. */
function fields(r: ProtoReader, end: number, on: (tag: number, end: number) => boolean): void {
  while (r.pos < end) {
    const tag = readVarint(r, end);
    if (!on(tag, end)) skipField(r, tag & 7, end);
  }
}

function packed(
  r: ProtoReader,
  tag: number,
  end: number,
  read: (r: ProtoReader, end: number) => number,
  into: number[],
) {
  if ((tag & 7) === 2) {
    const listEnd = readLengthEnd(r, end);
    while (r.pos < listEnd) into.push(read(r, listEnd));
  } else into.push(read(r, end));
}

// Per data-point message, the field number of its attributes (NumberDataPoint and SummaryDataPoint use 7,
// HistogramDataPoint 9, ExponentialHistogramDataPoint 1).
const ATTRIBUTE_FIELD: Record<MetricType, number> = {
  gauge: 7,
  sum: 7,
  histogram: 9,
  exponential_histogram: 1,
  summary: 7,
};

function readPoint(r: ProtoReader, end: number, point: MetricPoint): void {
  const attributes: Record<string, AttributeValue> = {};
  point.attributes = attributes;
  const attributeTag = (ATTRIBUTE_FIELD[point.type] << 3) | 2;
  const histogram = point.type === 'histogram';
  const exponential = point.type === 'exponential_histogram';
  fields(r, end, (tag, e) => {
    const field = tag >>> 3;
    if (tag === attributeTag) readKeyValue(r, readLengthEnd(r, e), attributes, false);
    else if (field === 2 && (tag & 7) === 1) point.startTime = time(r, e);
    else if (field === 3 && (tag & 7) === 1) point.time = time(r, e);
    else if (point.type === 'gauge' || point.type === 'sum') {
      if (field === 4 && (tag & 7) === 1) point.value = readDouble(r, e);
      else if (field === 6 && (tag & 7) === 1) point.value = readSfixed64(r, e);
      else return false;
    } else if (field === 4 && (tag & 7) === 1) point.count = readFixed64(r, e);
    else if (field === 5 && (tag & 7) === 1) point.sum = readDouble(r, e);
    else if (histogram && field === 6) {
      point.bucketCounts ??= [];
      packed(r, tag, e, readFixed64, point.bucketCounts);
    } else if (histogram && field === 7) {
      point.explicitBounds ??= [];
      packed(r, tag, e, readDouble, point.explicitBounds);
    } else if ((histogram && field === 11) || (exponential && field === 12)) point.min = readDouble(r, e);
    else if ((histogram && field === 12) || (exponential && field === 13)) point.max = readDouble(r, e);
    else return false;
    return true;
  });
}

const TYPE_FIELDS: Record<number, MetricType> = {
  5: 'gauge',
  7: 'sum',
  9: 'histogram',
  10: 'exponential_histogram',
  11: 'summary',
};

function readMetric(
  r: ProtoReader,
  end: number,
  base: Omit<Parameters<typeof metricPoint>[0], 'name' | 'unit' | 'type' | 'isMonotonic'>,
  sink: MetricSink,
): number {
  let name = '';
  let unit = '';
  let count = 0;
  fields(r, end, (tag, e) => {
    const field = tag >>> 3;
    if (tag === 0x0a) name = readString(r, e);
    else if (tag === 0x1a) unit = readString(r, e);
    else if (TYPE_FIELDS[field] && (tag & 7) === 2) {
      const type = TYPE_FIELDS[field];
      const dataEnd = readLengthEnd(r, e);
      const points: [number, number][] = [];
      let isMonotonic: boolean | null = null;
      fields(r, dataEnd, (t, de) => {
        if (t === 0x0a) {
          const pointEnd = readLengthEnd(r, de);
          points.push([r.pos, pointEnd]);
          r.pos = pointEnd;
        } else if (type === 'sum' && t === 0x18) isMonotonic = readVarint(r, de) !== 0;
        else return false;
        return true;
      });
      for (const [from, to] of points) {
        r.pos = from;
        const point = metricPoint({ ...base, name, unit, type, isMonotonic });
        readPoint(r, to, point);
        sink(point);
        count++;
      }
      r.pos = dataEnd;
    } else return false;
    return true;
  });
  return count;
}

/**
 * Decodes `body` into `sink`; returns the number of data points. Throws ProtoError on malformed bytes.
 * @example decodeMetricsRequest(body, (point) => points.push(point))
 */
export function decodeMetricsRequest(body: Uint8Array, sink: MetricSink): number {
  const r = protoReader(body);
  let count = 0;
  fields(r, body.length, (tag, end) => {
    if (tag !== 0x0a) return false;
    const rmEnd = readLengthEnd(r, end);
    const resource: Record<string, AttributeValue> = {};
    const scopes: [number, number][] = [];
    fields(r, rmEnd, (t, e) => {
      if (t === 0x0a)
        fields(r, readLengthEnd(r, e), (a, ae) => {
          if (a !== 0x0a) return false;
          readKeyValue(r, readLengthEnd(r, ae), resource, false);
          return true;
        });
      else if (t === 0x12) {
        const scopeEnd = readLengthEnd(r, e);
        scopes.push([r.pos, scopeEnd]);
        r.pos = scopeEnd;
      } else return false;
      return true;
    });
    const service = serviceOf(resource);
    for (const [from, to] of scopes) {
      r.pos = from;
      let scopeName = '';
      const metrics: [number, number][] = [];
      fields(r, to, (t, e) => {
        if (t === 0x0a)
          fields(r, readLengthEnd(r, e), (s, se) => {
            if (s !== 0x0a) return false;
            scopeName = readString(r, se);
            return true;
          });
        else if (t === 0x12) {
          const metricEnd = readLengthEnd(r, e);
          metrics.push([r.pos, metricEnd]);
          r.pos = metricEnd;
        } else return false;
        return true;
      });
      for (const [mFrom, mTo] of metrics) {
        r.pos = mFrom;
        count += readMetric(r, mTo, { service, resource, scopeName }, sink);
      }
    }
    r.pos = rmEnd;
    return true;
  });
  return count;
}
