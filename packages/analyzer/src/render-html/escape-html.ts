// Escaping for the HTML report: every string that reaches the page goes through here, because
// route names, titles and query shapes come from the user's service and traffic.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, function entity(char) {
    return ENTITIES[char] as string;
  });
}
