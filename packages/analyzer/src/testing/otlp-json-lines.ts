// Writes normalized spans back out as OTLP/JSON export requests (one per line), the format
// `loadlens analyze` reads from files — for CLI tests and the benchmark fixture.
import type { AttributeValue, NormalizedSpan } from '@loadlens/types';

const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
const STATUS = { unset: 0, ok: 1, error: 2 } as const;

function anyValue(v: AttributeValue): unknown {
  if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => anyValue(x)) } };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

/**
 * One export request (a JSON line) holding the given spans, grouped by service.
 * @example lines.push(otlpJsonLine(trace))
 */
export function otlpJsonLine(spans: readonly NormalizedSpan[]): string {
  const byService = new Map<string, NormalizedSpan[]>();
  for (const s of spans) {
    const list = byService.get(s.service);
    if (list) list.push(s);
    else byService.set(s.service, [s]);
  }
  return JSON.stringify({
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: 'loadlens-test' },
          spans: list.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
            name: s.name,
            kind: KIND[s.kind],
            startTimeUnixNano: String(s.startNs),
            endTimeUnixNano: String(s.startNs + s.durationNs),
            attributes: Object.entries(s.attributes).map(([key, value]) => ({ key, value: anyValue(value) })),
            events: s.events.map((e) => ({
              name: e.name,
              timeUnixNano: String(e.timeNs),
              attributes: Object.entries(e.attributes).map(([key, value]) => ({
                key,
                value: anyValue(value),
              })),
            })),
            status: { code: STATUS[s.status], ...(s.statusMessage ? { message: s.statusMessage } : {}) },
          })),
        },
      ],
    })),
  });
}
