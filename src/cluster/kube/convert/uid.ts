import { createHash } from 'node:crypto';

/** A stable UUID-shaped metadata.uid for an object key (deterministic, so served output is reproducible). */
export function stableUid(key: string): string {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
