// Decodes an OTLP/JSON ExportMetricsServiceRequest into data points (the JSON twin of otlp-proto-metrics).
import { InputError } from '@loadlens/types';
import { serviceOf } from './decoded-span.ts';
import { type MetricSink, type MetricType, metricPoint } from './metric-point.ts';
import { attributesFromJson } from './otlp-json.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const listAt = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const num = (value: unknown): number | null => (value === undefined || value === null ? null : Number(value));
const nanos = (value: unknown): string | null =>
  typeof value === 'string' && /^\d+$/.test(value) ? value : typeof value === 'number' ? String(value) : null;

const TYPES: MetricType[] = ['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary'];
const JSON_KEY: Record<MetricType, string> = {
  gauge: 'gauge',
  sum: 'sum',
  histogram: 'histogram',
  exponential_histogram: 'exponentialHistogram',
  summary: 'summary',
};

/**
 * Decodes every data point of `doc` into `sink`; returns the count. Throws InputError naming `where`
 * when `doc` is not a metrics export.
 */
export function decodeOtlpJsonMetrics(doc: unknown, where: string, sink: MetricSink): number {
  if (!isObject(doc) || !Array.isArray(doc.resourceMetrics))
    throw new InputError(`${where}: resourceMetrics: expected an array (is this an OTLP metrics export?)`);
  let count = 0;
  for (const rm of doc.resourceMetrics) {
    if (!isObject(rm)) continue;
    const resource = attributesFromJson((rm.resource as Json | undefined)?.attributes, false);
    const service = serviceOf(resource);
    for (const sm of listAt(rm.scopeMetrics)) {
      if (!isObject(sm)) continue;
      const scopeName = String((sm.scope as Json | undefined)?.name ?? '');
      for (const metric of listAt(sm.metrics)) {
        if (!isObject(metric)) continue;
        const type = TYPES.find((t) => isObject(metric[JSON_KEY[t]]));
        if (!type) continue;
        const data = metric[JSON_KEY[type]] as Json;
        const isMonotonic = type === 'sum' ? data.isMonotonic === true : null;
        for (const dp of listAt(data.dataPoints)) {
          if (!isObject(dp)) continue;
          const point = metricPoint({
            service,
            resource,
            scopeName,
            name: String(metric.name ?? ''),
            unit: String(metric.unit ?? ''),
            type,
            isMonotonic,
          });
          point.attributes = attributesFromJson(dp.attributes, false);
          point.time = nanos(dp.timeUnixNano) ?? '0';
          point.startTime = nanos(dp.startTimeUnixNano);
          if (type === 'gauge' || type === 'sum') point.value = num(dp.asDouble ?? dp.asInt);
          else {
            point.count = num(dp.count);
            point.sum = num(dp.sum);
            point.min = num(dp.min);
            point.max = num(dp.max);
            if (type === 'histogram') {
              point.bucketCounts = listAt(dp.bucketCounts).map(Number);
              point.explicitBounds = listAt(dp.explicitBounds).map(Number);
            }
          }
          sink(point);
          count++;
        }
      }
    }
  }
  return count;
}
