import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { sdkMetrics } from '../../test/sdk-metrics.ts';
import type { MetricPoint } from './metric-point.ts';
import { decodeOtlpJsonMetrics } from './otlp-json-metrics.ts';
import { decodeMetricsRequest } from './otlp-proto-metrics.ts';

describe('metrics decoders on the official serializers', () => {
  it('decode the same gauge, sum and histogram points from protobuf and JSON', async () => {
    const metrics = await sdkMetrics();
    const fromProto: MetricPoint[] = [];
    decodeMetricsRequest(ProtobufMetricsSerializer.serializeRequest(metrics)!, (p) => fromProto.push(p));
    const fromJson: MetricPoint[] = [];
    const json = JSON.parse(new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(metrics)!));
    decodeOtlpJsonMetrics(json, 'body', (p) => fromJson.push(p));
    expect(fromProto).toEqual(fromJson);
    const summary = fromProto.map(
      ({
        name,
        type,
        unit,
        isMonotonic,
        attributes,
        value,
        count,
        sum,
        min,
        max,
        bucketCounts,
        explicitBounds,
      }) => ({
        name,
        type,
        unit,
        isMonotonic,
        attributes,
        value,
        count,
        sum,
        min,
        max,
        bucketCounts,
        explicitBounds,
      }),
    );
    expect(summary).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "process.pid": 42,
          },
          "bucketCounts": null,
          "count": null,
          "explicitBounds": null,
          "isMonotonic": null,
          "max": null,
          "min": null,
          "name": "nodejs.eventloop.delay.p99",
          "sum": null,
          "type": "gauge",
          "unit": "s",
          "value": 0.012,
        },
        {
          "attributes": {
            "http.route": "/trips",
          },
          "bucketCounts": null,
          "count": null,
          "explicitBounds": null,
          "isMonotonic": true,
          "max": null,
          "min": null,
          "name": "http.server.requests",
          "sum": null,
          "type": "sum",
          "unit": "",
          "value": 7,
        },
        {
          "attributes": {
            "db.system.name": "postgresql",
          },
          "bucketCounts": [
            1,
            1,
            1,
            1,
          ],
          "count": 4,
          "explicitBounds": [
            0.01,
            0.1,
            1,
          ],
          "isMonotonic": null,
          "max": 2,
          "min": 0.005,
          "name": "db.client.operation.duration",
          "sum": 2.555,
          "type": "histogram",
          "unit": "s",
          "value": null,
        },
      ]
    `);
    expect(fromProto.every((p) => /^\d{19}$/.test(p.time) && p.service === 'tripstore')).toBe(true);
  });
});
