/** Bytes: a Node stream, an (async) iterable of chunks, or one buffer holding the whole file. */
export type ByteSource =
  | NodeJS.ReadableStream
  | AsyncIterable<Buffer | Uint8Array>
  | Iterable<Buffer | Uint8Array>
  | Uint8Array;

/** The first bytes of a source and the whole source again, without reading it twice. */
export interface PeekedSource {
  /** The first `size` bytes, or the whole source when it is shorter. */
  readonly head: Buffer;
  /** True when `head` is the whole source. */
  readonly complete: boolean;
  /** Every chunk from the start, the peeked ones included. Iterate once. */
  readonly chunks: AsyncIterable<Buffer>;
  /** Releases the source when `chunks` will not be read to the end. */
  close(): Promise<void>;
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  // A string chunk means someone already decoded the bytes (setEncoding): the encoding is lost.
  throw new TypeError('A survey source must yield bytes (Buffer or Uint8Array), not decoded text');
}

function iteratorOf(source: ByteSource): AsyncIterator<unknown> | Iterator<unknown> {
  if (source instanceof Uint8Array) return [source][Symbol.iterator]();
  if (Symbol.asyncIterator in source) return (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  return (source as Iterable<unknown>)[Symbol.iterator]();
}

/** Reads chunks until `size` bytes are buffered, keeping them for a replay. */
export async function peekHead(source: ByteSource, size: number): Promise<PeekedSource> {
  const iterator = iteratorOf(source);
  const buffered: Buffer[] = [];
  let length = 0;
  let complete = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    const chunk = toBuffer(next.value);
    buffered.push(chunk);
    length += chunk.length;
  }
  const all = buffered.length === 1 ? buffered[0] : Buffer.concat(buffered, length);
  const head = all.length > size ? all.subarray(0, size) : all;
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      while (buffered.length > 0) yield buffered.shift() as Buffer;
      if (complete) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield toBuffer(next.value);
    } finally {
      if (!complete) await iterator.return?.();
    }
  }
  return {
    head,
    complete,
    chunks: replay(),
    close: async () => {
      if (!complete) await iterator.return?.();
    },
  };
}
