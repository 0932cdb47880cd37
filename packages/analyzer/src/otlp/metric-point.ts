// One runtime-metric data point as the decoders (protobuf or JSON) hand it to the store.
import type { AttributeValue } from '@loadlens/types';

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary';

export interface MetricPoint {
  service: string;
  resource: Record<string, AttributeValue>;
  scopeName: string;
  name: string;
  unit: string;
  type: MetricType;
  /** Sums only. */
  isMonotonic: boolean | null;
  attributes: Record<string, AttributeValue>;
  /** Decimal uint64 nanoseconds, exact. */
  time: string;
  startTime: string | null;
  /** A gauge or sum point's value. */
  value: number | null;
  count: number | null;
  sum: number | null;
  min: number | null;
  max: number | null;
  bucketCounts: number[] | null;
  explicitBounds: number[] | null;
}

export type MetricSink = (point: MetricPoint) => void;

/** The fields every point of one metric shares, before its own values are read. */
export function metricPoint(
  base: Pick<MetricPoint, 'service' | 'resource' | 'scopeName' | 'name' | 'unit' | 'type' | 'isMonotonic'>,
): MetricPoint {
  return {
    ...base,
    attributes: {},
    time: '0',
    startTime: null,
    value: null,
    count: null,
    sum: null,
    min: null,
    max: null,
    bucketCounts: null,
    explicitBounds: null,
  };
}
