import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Decision, DecisionSink } from '../../model/index.js';

export interface DecisionLogOptions {
  /** Directory of decisions.jsonl; none: only the log. */
  readonly outDir?: string;
  /** One human line per decision. */
  readonly log?: (line: string) => void;
  /** Dry run: the engine's acting decisions read "would ...". */
  readonly dryRun: boolean;
  /** More decision sinks (metrics). */
  readonly also?: readonly DecisionSink[];
}

const list = (v: unknown, max = 5): string => {
  if (!Array.isArray(v)) return String(v ?? '');
  const items = v.slice(0, max).map(String);
  return v.length > max ? `${items.join(', ')} and ${v.length - max} more` : items.join(', ');
};

const usd = (v: unknown): string => (typeof v === 'number' ? `$${v.toFixed(4)}/h` : '');

/** A short human sentence for a decision record (engine records and the dry-run interceptions alike). */
export function describeDecision(d: Decision, dryRun: boolean): string {
  const would = dryRun ? 'would ' : '';
  const because = d.reason ? ` because ${d.reason}` : '';
  switch (d.kind) {
    case 'nodeclaim-created':
      return `${dryRun ? 'planned' : 'created'} NodeClaim ${String(d.nodeClaim)} (NodePool ${String(d.nodePool)}, ${String(d.instanceTypeCount ?? '?')} instance types from ${usd(d.cheapestPricePerHour)}) for pods ${list(d.pods)}${because}`;
    case 'disruption': {
      const verb = d.reason === 'underutilized' || d.reason === 'emptiness' ? 'consolidate' : 'disrupt';
      const replace = Array.isArray(d.replacements) && d.replacements.length > 0 ? `, replacing them with ${list((d.replacements as { instanceTypes?: unknown }[]).map((r) => list(r.instanceTypes, 1)))}` : '';
      return `${would}${verb} nodes ${list(d.nodes)} (${String(d.decision ?? 'delete')}${replace}) because ${String(d.reason)}${typeof d.savingsPerHour === 'number' && d.savingsPerHour > 0 ? `, saving ${usd(d.savingsPerHour)}` : ''}`;
    }
    case 'launch':
      return `${dryRun ? 'simulated launch (dry-run instance' : 'launched (instance'} ${String(d.instanceId)}) of ${String(d.instanceType)} in ${String(d.zone)} (${String(d.capacityType)}) for NodeClaim ${String(d.nodeClaim)}`;
    case 'disruption-command':
      return `${would}start replacing nodes ${list(d.nodes)} because ${String(d.reason)}`;
    default:
      break;
  }
  if (d.kind.startsWith('would-')) {
    const text = typeof d.message === 'string' ? d.message : `${d.kind.slice(6)} ${String(d.target ?? '')}`;
    return `would ${text}${because}`;
  }
  const subject = d.nodeClaim ?? d.node ?? d.pod ?? d.instanceId;
  return `${d.kind}${subject !== undefined ? ` ${String(subject)}` : ''}${because}`;
}

/**
 * The live runtime's decision sink: every record (the engine's own and the dry-run wrappers'
 * interceptions) goes to `decisions.jsonl` (one JSON object a line, written at once so a crash loses
 * nothing) and, as a sentence, to the log. Also remembers why each NodeClaim was created, so an
 * intercepted launch can say which pods it was for.
 */
export class DecisionLog implements DecisionSink {
  private fd: number | undefined;
  readonly file: string | undefined;
  private readonly createdFor = new Map<string, Decision>();
  count = 0;

  constructor(private readonly o: DecisionLogOptions) {
    if (o.outDir) {
      mkdirSync(o.outDir, { recursive: true });
      this.file = join(o.outDir, 'decisions.jsonl');
      this.fd = openSync(this.file, 'a');
    }
  }

  record(d: Decision): void {
    this.count++;
    if (d.kind === 'nodeclaim-created' && typeof d.nodeClaim === 'string') {
      this.createdFor.set(d.nodeClaim, d);
      if (this.createdFor.size > 10_000) this.createdFor.delete(this.createdFor.keys().next().value as string);
    }
    if (this.fd !== undefined) writeSync(this.fd, JSON.stringify({ dryRun: this.o.dryRun, ...d }) + '\n');
    this.o.log?.(describeDecision(d, this.o.dryRun));
    for (const s of this.o.also ?? []) s.record(d);
  }

  /** The provisioner's record of a NodeClaim's creation (pods it was planned for), if seen. */
  creationOf(nodeClaimName: string): Decision | undefined {
    return this.createdFor.get(nodeClaimName);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
