import { AppError } from './errors.js';

/** 503 with Retry-After: every ingest slot is taken and the queue is full. */
export class IngestBusyError extends AppError {
  constructor(detail: string) {
    super(503, 'unavailable', 'Service unavailable', detail, { retryAfter: 30 });
  }
}

/** A bounded number of file ingests at once, with a bounded queue behind them. */
export interface IngestSlots {
  /** Runs `task` when a slot is free; 503 at once when the queue is full too. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Ingests running and waiting now. */
  readonly state: () => { running: number; waiting: number };
}

/**
 * Parsing a file holds memory and a database connection for its whole length: a few at a
 * time keep the process within bounds however many arrive; the rest wait in order, and
 * beyond `maxQueue` waiting the caller is told to come back later.
 */
export function createIngestSlots(concurrency: number, maxQueue: number): IngestSlots {
  let running = 0;
  const waiting: (() => void)[] = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  async function acquire(): Promise<void> {
    if (running < concurrency) {
      running++;
      return;
    }
    if (waiting.length >= maxQueue) {
      throw new IngestBusyError(
        `取り込み処理が混み合っています（処理中 ${running} 件、待機 ${waiting.length} 件）。しばらくしてから再送してください。`,
      );
    }
    // The slot passes straight from the finishing task to the next waiter (running unchanged).
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    state: () => ({ running, waiting: waiting.length }),
  };
}
