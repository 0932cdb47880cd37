// What one request (a root span and everything under it) tells the analyses: its route, duration,
// self time per stage, critical path per stage, and which spans are database calls of which shape.
import { type NormalizedSpan, SEMCONV, templatePath } from '@loadlens/types';
import type { SpanQuery } from '../fingerprint/span-query.ts';
import { criticalPath } from './critical-path.ts';
import { errorCause } from './error-cause.ts';
import { isParamSegment } from './route-segments.ts';
import { stageOf } from './stage-of.ts';
import type { TraceTree } from './trace-tree.ts';

export interface RequestFacts {
  traceId: string;
  route: string;
  service: string;
  startNs: number;
  durationNs: number;
  error: boolean;
  /** What the error was, for grouping: "HTTP 500", an `error.type`, or the failing span's name. */
  errorKind: string | undefined;
  /** Why, when a span says: its database error or exception message, scrubbed of values. */
  errorCause: string | undefined;
  /** Span indexes of the request's subtree, root first. */
  members: number[];
  stageSelfNs: Map<string, number>;
  stageCriticalNs: Map<string, number>;
  /** Stage per span index (whole trace). */
  stages: string[];
  /** Query shape per span index, for database spans. */
  queries: (SpanQuery | undefined)[];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** SERVER spans that wrap another service's SERVER span within two hops (directly or via a CLIENT span). */
function proxySpans(tree: TraceTree): Uint8Array {
  const marks = new Uint8Array(tree.spans.length);
  tree.spans.forEach((span, i) => {
    if (span.kind !== 'server') return;
    for (const k of tree.children[i] as number[]) {
      const kid = tree.spans[k] as NormalizedSpan;
      if (kid.kind === 'server' && kid.service !== span.service) marks[i] = 1;
      if (kid.kind === 'client' && kid.service === span.service)
        for (const g of tree.children[k] as number[]) {
          const grand = tree.spans[g] as NormalizedSpan;
          if (grand.kind === 'server' && grand.service !== span.service) {
            marks[i] = 1;
            marks[k] = 1;
          }
        }
    }
  });
  return marks;
}

/**
 * The route of a request: the app's http.route (a proxy's templated route only when the app has none),
 * else the templated url.path of its first SERVER span, else the root span's name. Raw paths never
 * become routes: they carry ids and tokens.
 */
function routeOf(
  tree: TraceTree,
  members: readonly number[],
  proxies: Uint8Array,
  rootSpan: NormalizedSpan,
): { route: string; routeSpan: NormalizedSpan | undefined } {
  let app: NormalizedSpan | undefined;
  let proxy: NormalizedSpan | undefined;
  let pathSpan: NormalizedSpan | undefined;
  for (const i of members) {
    const s = tree.spans[i] as NormalizedSpan;
    if (s.kind !== 'server') continue;
    if (text(s.attributes[SEMCONV.httpRoute]) !== undefined) {
      if (proxies[i] === 1) proxy ??= s;
      else {
        app = s;
        break;
      }
    } else if (
      pathSpan === undefined &&
      proxies[i] !== 1 &&
      text(s.attributes[SEMCONV.urlPath]) !== undefined
    )
      pathSpan = s;
  }
  const routeSpan = app ?? proxy ?? pathSpan;
  const method = text((routeSpan ?? rootSpan).attributes[SEMCONV.httpMethod]);
  const httpRoute = routeSpan === pathSpan ? undefined : text(routeSpan?.attributes[SEMCONV.httpRoute]);
  const path =
    pathSpan && routeSpan === pathSpan
      ? (routeInName(pathSpan) ?? templatePath(text(pathSpan.attributes[SEMCONV.urlPath]) as string))
      : undefined;
  const template = (httpRoute && mountPrefixOnly(httpRoute, routeSpan)) ?? httpRoute ?? path;
  return {
    route: template ? (method ? `${method} ${template}` : template) : templatedSpanName(rootSpan.name),
    routeSpan,
  };
}

/**
 * The router's template when the span name carries one and no http.route does — Go's otelhttp around a
 * whole ServeMux names the span "GET /tags/{tag}" from the matched pattern but sets no http.route — and it
 * fits the request's path segment by segment. Templating the raw path instead would keep "/tags/lamp".
 */
function routeInName(span: NormalizedSpan): string | undefined {
  const m = /^[A-Z]+ (\/\S*)$/.exec(span.name);
  const path = text(span.attributes[SEMCONV.urlPath]);
  if (m === null || path === undefined) return undefined;
  const pattern = (m[1] as string).split('/');
  if (!pattern.some(isParamSegment)) return undefined;
  const actual = path.split('/');
  const rest = pattern.at(-1)?.endsWith('...}') === true;
  if (rest ? actual.length < pattern.length : actual.length !== pattern.length) return undefined;
  const fits = pattern.every((p, i) => isParamSegment(p) || p === actual[i]);
  return fits ? (m[1] as string) : undefined;
}

/**
 * Some servers report the mount point of a handler as its http.route — the JDK HttpServer under the
 * OpenTelemetry Java agent gives "/orders/" for /orders/181 — which would merge every handler below it
 * into one route. When the route is such a prefix ("/…/", strictly shorter than the path), the templated
 * url.path names the request instead.
 */
function mountPrefixOnly(httpRoute: string, span: NormalizedSpan | undefined): string | undefined {
  if (!httpRoute.endsWith('/')) return undefined;
  const path = text(span?.attributes[SEMCONV.urlPath]);
  return path !== undefined && path.length > httpRoute.length && path.startsWith(httpRoute)
    ? templatePath(path)
    : undefined;
}

/** A span name that carries a raw path ("GET /users/42?x=1", as some instrumentations name spans), templated. */
export function templatedSpanName(name: string): string {
  const m = /^([A-Z]+) (\/\S*)$/.exec(name);
  return m ? `${m[1]} ${templatePath(m[2] as string)}` : name;
}

/** Route prefix of traces without a SERVER or CONSUMER root: background work, not a request. */
export const BACKGROUND_PREFIX = '(background) ';

/**
 * The requests of one trace: one per root span.
 * @example for (const r of requestsOf(tree, queryOf)) route.add(r)
 */
export function requestsOf(
  tree: TraceTree,
  queryOf: (span: NormalizedSpan) => SpanQuery | undefined,
): RequestFacts[] {
  const proxies = proxySpans(tree);
  const stages = tree.spans.map((span, i) => stageOf(span, proxies[i] === 1));
  const queries = tree.spans.map((span) => queryOf(span));
  // A request is a SERVER (or CONSUMER) root. Other roots are spans whose parent was lost (not exported,
  // sampled away): they belong to the same trace's request, so they join it rather than becoming routes
  // of their own. Only a trace without any such root makes each root a request.
  const entries = tree.roots.filter((r) => {
    const kind = (tree.spans[r] as NormalizedSpan).kind;
    return kind === 'server' || kind === 'consumer';
  });
  const orphans = entries.length > 0 ? tree.roots.filter((r) => !entries.includes(r)) : [];
  return (entries.length > 0 ? entries : tree.roots).map((root, n) => {
    const members: number[] = [];
    const stack = n === 0 ? [...orphans, root] : [root];
    while (stack.length > 0) {
      const i = stack.pop() as number;
      members.push(i);
      for (const k of tree.children[i] as number[]) stack.push(k);
    }
    const rootSpan = tree.spans[root] as NormalizedSpan;
    const found = routeOf(tree, members, proxies, rootSpan);
    const routeSpan = found.routeSpan;
    // Work no request started (a job on a timer, start-up migrations) is reported apart from the routes
    // users call, so its cost is visible without being mistaken for an endpoint.
    const route = entries.length > 0 ? found.route : `${BACKGROUND_PREFIX}${found.route}`;
    const stageSelfNs = new Map<string, number>();
    for (const i of members) {
      const stage = stages[i] as string;
      stageSelfNs.set(stage, (stageSelfNs.get(stage) ?? 0) + (tree.selfNs[i] as number));
    }
    const stageCriticalNs = new Map<string, number>();
    criticalPath(tree, root, stages, stageCriticalNs);
    const status = Number((routeSpan ?? rootSpan).attributes[SEMCONV.httpStatus]);
    const serverError = Number.isFinite(status) && status >= 500;
    const error = serverError || rootSpan.status === 'error' || routeSpan?.status === 'error';
    let errorKind: string | undefined;
    if (error) {
      const type = text((routeSpan ?? rootSpan).attributes[SEMCONV.errorType]);
      errorKind = serverError ? `HTTP ${status}` : (type ?? 'error status');
    }
    return {
      traceId: rootSpan.traceId,
      route,
      service: (routeSpan ?? rootSpan).service,
      startNs: rootSpan.startNs,
      durationNs: rootSpan.durationNs,
      error,
      errorKind,
      errorCause: error ? errorCause(tree, members) : undefined,
      members,
      stageSelfNs,
      stageCriticalNs,
      stages,
      queries,
    };
  });
}
