// Links from findings and query shapes to sample traces in a trace viewer — only when one is configured
// (`--trace-url`). Without one the report shows the trace ids: a link to a default Jaeger that is not
// running (the demo starts none) is a dead end, an id can be pasted into whatever viewer there is.
import { InputError } from '@loadlens/types';
import { escapeHtml } from './escape-html.ts';

/** An example for messages: Jaeger's UI serves one trace at /trace/<id>; 16686 is its default query port. */
export const EXAMPLE_TRACE_URL_TEMPLATE = 'http://127.0.0.1:16686/trace/{traceId}';

/** W3C trace ids are 32 hex digits; Jaeger also shows 16-digit ones. Anything else is not linked. */
const TRACE_ID = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/i;

/**
 * Checks a trace URL template once, up front: an http(s) URL with a `{traceId}` placeholder.
 * @example checkTraceUrlTemplate('https://jaeger.example/trace/{traceId}', '--trace-url')
 */
export function checkTraceUrlTemplate(template: string, source: string): string {
  if (!/^https?:\/\/[^\s"'<>]+$/.test(template) || !template.includes('{traceId}')) {
    throw new InputError(
      `${source}: expected an http(s) URL containing {traceId}, like ${EXAMPLE_TRACE_URL_TEMPLATE}; got "${template}"`,
    );
  }
  return template;
}

/**
 * Up to `limit` links to sample traces — or, with no trace UI configured, their ids — or an empty string
 * when there are none.
 */
export function traceLinks(template: string | undefined, traceIds: readonly string[], limit = 3): string {
  const links = traceIds
    .filter((id) => TRACE_ID.test(id))
    .slice(0, limit)
    .map(function traceLink(id, index) {
      if (template === undefined)
        return `<code class="trace-id" title="trace ${index + 1}">${escapeHtml(id)}</code>`;
      const href = template.replaceAll('{traceId}', encodeURIComponent(id.toLowerCase()));
      return `<a class="trace" href="${escapeHtml(href)}" rel="noreferrer" title="trace ${escapeHtml(id)}">trace ${index + 1}</a>`;
    });
  return links.join(' ');
}
