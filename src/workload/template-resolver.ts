import { BARE_SPEC, type PodTemplate, type PodTemplates } from './pod-template.js';
import { WorkloadLabels } from './types.js';

/** How a trace picks the pod template of a row that names none. */
export interface TemplateMapping {
  /** Owner (Deployment, Job, app group) name → template; checked before the namespace. */
  readonly templateByOwner?: Readonly<Record<string, string>>;
  /** Namespace → template. */
  readonly templateByNamespace?: Readonly<Record<string, string>>;
  /** Template of rows matched by nothing else. */
  readonly template?: string;
}

/**
 * Resolves a row's template: the row's own `template` column, else templateByOwner[owner], else
 * templateByNamespace[namespace], else the trace's default template, else none (a bare pod).
 * Under `lenient` (trace inspect/convert, which have no scenario), an unknown name yields a template
 * that only carries the name label; otherwise an unknown name throws.
 */
export class TemplateResolver {
  private readonly placeholders = new Map<string, PodTemplate>();

  constructor(
    private readonly templates: PodTemplates,
    private readonly mapping: TemplateMapping = {},
    private readonly lenient = false,
  ) {}

  /** Check that every name the mapping refers to exists (unless lenient); returns the unknown names. */
  unknownMappedNames(): string[] {
    if (this.lenient) return [];
    const names = [
      ...Object.values(this.mapping.templateByOwner ?? {}),
      ...Object.values(this.mapping.templateByNamespace ?? {}),
      ...(this.mapping.template ? [this.mapping.template] : []),
    ];
    return [...new Set(names.filter((n) => !this.templates.has(n)))];
  }

  resolve(explicit: string | undefined, namespace: string | undefined, owner: string | undefined): PodTemplate | undefined {
    const name =
      explicit ||
      (owner !== undefined ? this.mapping.templateByOwner?.[owner] : undefined) ||
      (namespace !== undefined ? this.mapping.templateByNamespace?.[namespace] : undefined) ||
      this.mapping.template;
    if (!name) return undefined;
    const t = this.templates.get(name);
    if (t) return t;
    if (!this.lenient) {
      const known = [...this.templates.keys()];
      throw new Error(`unknown pod template "${name}"${known.length ? ` (known: ${known.join(', ')})` : ' (the scenario defines none)'}`);
    }
    let p = this.placeholders.get(name);
    if (!p) {
      p = { name, spec: { ...BARE_SPEC, labels: { [WorkloadLabels.template]: name } } };
      this.placeholders.set(name, p);
    }
    return p;
  }
}
