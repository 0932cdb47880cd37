// Real metrics from the OpenTelemetry SDK, for decoder and collector tests.
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

class CollectOnDemandReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** A gauge (event-loop delay), a monotonic counter and a histogram, as a Node runtime would report. */
export async function sdkMetrics(): Promise<ResourceMetrics> {
  const reader = new CollectOnDemandReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'tripstore' }),
    readers: [reader],
  });
  const meter = provider.getMeter('loadlens-test');
  meter
    .createObservableGauge('nodejs.eventloop.delay.p99', { unit: 's' })
    .addCallback((result) => result.observe(0.012, { 'process.pid': 42 }));
  meter.createCounter('http.server.requests').add(7, { 'http.route': '/trips' });
  const histogram = meter.createHistogram('db.client.operation.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.01, 0.1, 1] },
  });
  for (const v of [0.005, 0.05, 0.5, 2]) histogram.record(v, { 'db.system.name': 'postgresql' });
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return resourceMetrics;
}
