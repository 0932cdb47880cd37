// Prometheus label values, escaped once for every exposition loadlens serves (the run's and the proxy's):
// the metric names and labels are a contract with the dashboards, and so is their escaping.

/**
 * A label value per the text exposition format 0.0.4: backslash, double quote and line feed escaped.
 * @example escapeLabelValue('a"b') // 'a\\"b'
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
