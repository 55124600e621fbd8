/** Runs at most `n` of the tasks given to it at a time; the others wait their turn, in order. */
export function limiter(n: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * `fn` over `items` with at most `limit` calls running at once; the answers in the items' order.
 * The first failure rejects the whole (calls already started run to their end, none is started
 * after it).
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const run = limiter(Math.max(1, limit));
  let failed: unknown = null;
  return Promise.all(
    items.map((item, i) =>
      run(async () => {
        if (failed) throw failed;
        try {
          return await fn(item, i);
        } catch (err) {
          failed ??= err;
          throw err;
        }
      }),
    ),
  );
}
