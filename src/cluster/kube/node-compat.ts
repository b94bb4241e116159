import workerThreads from 'node:worker_threads';
import zlib from 'node:zlib';

/**
 * @kubernetes/client-node 2.x depends on undici 8, which needs Node >= 22.19: at load time it binds
 * `zlib.createZstdDecompress`, absent on Node 20, and crashes. fleetsim supports Node 20 and never asks
 * for zstd-encoded responses, so on older Node a stand-in is installed that refuses zstd if it is ever
 * used. Import this module before '@kubernetes/client-node' (the `client.ts` re-export does).
 */
const z = zlib as unknown as Record<string, unknown>;
if (typeof z.createZstdDecompress !== 'function') {
  z.createZstdDecompress = (): never => {
    throw new Error('zstd content encoding needs Node >= 22.15');
  };
}
if (typeof z.createZstdCompress !== 'function') {
  z.createZstdCompress = (): never => {
    throw new Error('zstd content encoding needs Node >= 22.15');
  };
}

// undici marks its web objects as uncloneable (worker_threads.markAsUncloneable, Node >= 22.10); a no-op suffices.
const w = workerThreads as unknown as Record<string, unknown>;
if (typeof w.markAsUncloneable !== 'function') w.markAsUncloneable = (): void => {};

// Promise.withResolvers (ES2024, Node >= 22), used throughout undici's fetch: the standard behaviour.
const P = Promise as unknown as { withResolvers?: unknown };
if (typeof P.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
