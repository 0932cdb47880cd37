// Router parameters in a route template, whatever the framework writes: `{id}` and `{path...}` (OpenAPI,
// Go's ServeMux, loadlens), `:id` (Express), `<int:id>` (Flask).

const PARAM_SEGMENT = /^(\{[^}]+\}|:\w+|<[^>]+>)$/;

/** True for one path segment that is a router parameter. */
export function isParamSegment(segment: string): boolean {
  return PARAM_SEGMENT.test(segment);
}
