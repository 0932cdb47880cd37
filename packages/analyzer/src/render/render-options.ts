// Options shared by the report renderers.

export interface RenderOptions {
  /** Findings to show (the rest are counted). Default 10. */
  top?: number;
  /** ANSI colour (text only); the CLI turns it on only when stdout is a TTY. */
  color?: boolean;
}

/** Findings shown by default: about a screenful with evidence (loadlens's choice; --top changes it). */
export const DEFAULT_TOP = 10;

/** A trace id as a link when the report has a trace-viewer template, else the bare id. */
export function traceLink(template: string | undefined, traceId: string): string {
  return template ? template.replaceAll('{traceId}', traceId) : traceId;
}
