import { CloudError } from '../errors.js';

/**
 * EC2 query-protocol parameters (`Action=...&Version=2016-11-15&InstanceId.1=...&Filter.1.Name=...`),
 * with helpers for its numbered lists.
 */
export class QueryParams {
  private readonly map = new Map<string, string>();

  constructor(body: string) {
    for (const [k, v] of new URLSearchParams(body)) this.map.set(k, v);
  }

  get(key: string): string | undefined {
    return this.map.get(key);
  }

  require(key: string): string {
    const v = this.map.get(key);
    if (v === undefined || v === '') throw new CloudError('InvalidParameterValue', `The request must contain the parameter ${key}`);
    return v;
  }

  int(key: string, fallback: number): number {
    const v = this.map.get(key);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new CloudError('InvalidParameterValue', `Invalid value '${v}' for ${key}`);
    return n;
  }

  /** The prefixes `${prefix}.1`, `${prefix}.2`, ... present, in numeric order. */
  members(prefix: string): string[] {
    const seen = new Set<number>();
    const p = `${prefix}.`;
    for (const k of this.map.keys()) {
      if (!k.startsWith(p)) continue;
      const n = Number.parseInt(k.slice(p.length), 10);
      if (Number.isInteger(n)) seen.add(n);
    }
    return [...seen].sort((a, b) => a - b).map((n) => `${prefix}.${n}`);
  }

  /** Values of a flat list: `InstanceId.1`, `InstanceId.2`, ... */
  list(prefix: string): string[] {
    return this.members(prefix)
      .map((m) => this.map.get(m))
      .filter((v): v is string => v !== undefined);
  }

  /** `Tag.N.Key` / `Tag.N.Value` pairs under a prefix. */
  tags(prefix: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of this.members(prefix)) {
      const k = this.map.get(`${m}.Key`);
      if (k !== undefined) out[k] = this.map.get(`${m}.Value`) ?? '';
    }
    return out;
  }

  /** `Filter.N.Name` with `Filter.N.Value.M`. */
  filters(): { name: string; values: string[] }[] {
    return this.members('Filter').map((m) => ({ name: this.require(`${m}.Name`), values: this.list(`${m}.Value`) }));
  }

  /** Tags of every `TagSpecification.N` for the resource type (or without one). */
  tagSpecifications(resourceType: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of this.members('TagSpecification')) {
      const rt = this.map.get(`${m}.ResourceType`);
      if (rt === undefined || rt === resourceType) Object.assign(out, this.tags(`${m}.Tag`));
    }
    return out;
  }
}
