import type { Pod } from '../../../model/index.js';

/** Karpenter's pod order: CPU request descending, then memory descending, then oldest first, then uid. */
export function comparePods(a: Pod, b: Pod): number {
  return (
    b.requests.cpuMillis - a.requests.cpuMillis ||
    b.requests.memoryMiB - a.requests.memoryMiB ||
    a.createdAt - b.createdAt ||
    (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0)
  );
}

/**
 * Karpenter's scheduling queue: pods that fail go to the back; scheduling stops when the head pod was
 * last pushed back with the queue at its current length (a full cycle without progress).
 */
export class PodQueue<T extends { readonly pod: Pod }> {
  private items: T[];
  private head = 0;
  private readonly lastLength = new Map<string, number>();

  constructor(items: readonly T[]) {
    this.items = [...items].sort((a, b) => comparePods(a.pod, b.pod));
  }

  get length(): number {
    return this.items.length - this.head;
  }

  pop(): T | undefined {
    if (this.length === 0) return undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    const next = this.items[this.head];
    if (this.lastLength.get(next.pod.uid) === this.length) return undefined;
    this.head++;
    return next;
  }

  /** Put the item just popped back at the head (the loop stopped before trying it). */
  unpop(): void {
    this.head--;
  }

  push(item: T): void {
    this.items.push(item);
    this.lastLength.set(item.pod.uid, this.length);
  }

  /** What is left (after the loop stopped). */
  remaining(): T[] {
    return this.items.slice(this.head);
  }
}
