import v8 from 'node:v8';
import vm from 'node:vm';

let gc: ((opts?: { type: 'major' | 'minor' }) => void) | null | undefined;

/**
 * A full garbage collection now; false where the runtime gives no way to ask for one. Node only
 * exposes `gc` under --expose-gc: the flag is set at run time and `gc` taken from a new context
 * (the flag applies to contexts made after it), so `npm start` needs no flag.
 *
 * For the few places where a large amount of garbage is known to have just been left and memory
 * is about to be needed elsewhere (a large upload's parse, before its recompute): V8 would only
 * collect it once its heap had grown further, and the process's peak RSS would carry both.
 */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: typeof gc }).gc;
    if (typeof exposed === 'function') gc = exposed;
    else {
      try {
        v8.setFlagsFromString('--expose-gc');
        gc = vm.runInNewContext('gc') as typeof gc;
      } catch {
        gc = null;
      }
    }
  }
  if (!gc) return false;
  gc();
  return true;
}
