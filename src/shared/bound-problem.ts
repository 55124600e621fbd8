/**
 * Bounds what a problem+json answer echoes back: a rejected cell may hold megabytes, and
 * a file may have a million bad rows. Values are cut to a short prefix (the user finds the
 * cell by row and column), texts to a readable length, lists to a fixed count.
 */
export const PROBLEM_BOUNDS = {
  /** Characters of a rejected value echoed back. */
  value: 64,
  /** Characters of a detail or message. */
  text: 1000,
  /** Items of any list (errors[]). */
  items: 1000,
  /** Characters of any other string. */
  string: 200,
} as const;

/** Cuts a string to `max` characters (whole code points), marking the cut with '…'. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = Array.from(s.slice(0, max + 1));
  return points.length > max ? `${points.slice(0, max).join('')}…` : s;
}

const TEXT_KEYS = new Set(['detail', 'message', 'title']);

/** A copy of a problem's extra members with every string, list and nesting bounded. */
export function boundProblem(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') {
    const max = key === 'value' ? PROBLEM_BOUNDS.value : TEXT_KEYS.has(key) ? PROBLEM_BOUNDS.text : PROBLEM_BOUNDS.string;
    return cut(value, max);
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return null;
  if (Array.isArray(value)) {
    return value.slice(0, PROBLEM_BOUNDS.items).map((v) => boundProblem(v, key === 'value' ? 'value' : '', depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = boundProblem(v, k, depth + 1);
  return out;
}
