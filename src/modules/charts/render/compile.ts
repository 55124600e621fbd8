import { compile } from 'vega-lite';
import type { VlSpec } from '../specs/types.js';

/** A Vega-Lite spec that compiled with warnings: charts are built to compile cleanly. */
export class ChartCompileError extends Error {}

/**
 * Vega-Lite → Vega, collecting vega-lite's warnings instead of printing them.
 * @returns the Vega spec and every warning (an empty list for a clean spec).
 */
export function toVega(spec: VlSpec): { vega: object; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    info: () => logger,
    debug: () => logger,
    warn: (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    error: (...args: unknown[]) => {
      throw new ChartCompileError(args.map(String).join(' '));
    },
  };
  // The compiler's typings want its own TopLevelSpec; the builders produce plain JSON of that shape.
  const out = compile(spec as unknown as Parameters<typeof compile>[0], { logger: logger as never });
  return { vega: out.spec, warnings };
}
