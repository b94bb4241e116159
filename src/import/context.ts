import type { V1LimitRange, V1PriorityClass } from '@kubernetes/client-node';
import type { InputProblem } from '../scenario/errors.js';
import type { Classified } from './classify.js';
import { type ExportObject, idOf } from './export-source.js';
import type { ImportReport } from './report.js';
import { limitDefaultsOf, type LimitDefaults, type QuantityProblem, type ResourceNanos } from './requests.js';
import { buildTemplate, type BuiltTemplate, type TemplateInput } from './templates.js';

/** What the mapping steps share: the objects, the report, the problems and the pod templates built so far. */
export class ImportContext {
  readonly problems: InputProblem[] = [];
  readonly priorities = new Map<string, number>();
  readonly limits = new Map<string, LimitDefaults>();
  /** `cluster.podTemplates`, by name. */
  readonly templates: Record<string, Record<string, unknown>> = {};
  readonly templateRequests = new Map<string, ResourceNanos>();
  /** Subjects (templates) whose containers have no cpu or memory request and no LimitRange default. */
  readonly withoutRequests: string[] = [];
  /** Template subjects that got LimitRange defaults. */
  readonly limitRangeDefaulted: string[] = [];

  constructor(
    readonly c: Classified,
    readonly report: ImportReport,
  ) {
    for (const o of c.of('PriorityClass')) {
      const pc = o.obj as unknown as V1PriorityClass;
      if (typeof pc.value === 'number') this.priorities.set(o.name, pc.value);
      if (pc.globalDefault) report.warn('globalDefault PriorityClass: pods without a class keep the priority exported on them', idOf(o));
    }
    for (const o of c.of('LimitRange')) {
      const ns = o.namespace ?? 'default';
      const lr = o.obj as unknown as V1LimitRange;
      const d = limitDefaultsOf(lr, `${ns}/${o.name}`);
      const limits = lr.spec?.limits ?? [];
      if (limits.some((l) => l.min || l.max || l.maxLimitRequestRatio)) report.unmapped('LimitRange min / max / maxLimitRequestRatio are not enforced in simulation (only container defaults are used)', idOf(o));
      if (limits.some((l) => l.type !== 'Container')) report.unmapped(`LimitRange items of type ${[...new Set(limits.filter((l) => l.type !== 'Container').map((l) => l.type))].join(', ')} are not simulated`, idOf(o));
      if (!d) continue;
      if (this.limits.has(ns)) report.warn(`several LimitRanges with container defaults in namespace ${ns}; the first is used`, idOf(o));
      else this.limits.set(ns, d);
    }
  }

  /** A quantity problem of an object's field, as an input error. */
  quantityProblem(o: ExportObject): QuantityProblem {
    return (path, message) => this.problems.push(this.c.files.objectProblem(o, path, message));
  }

  /** A free template name: `base`, else `base~2`, `base~3`, ... */
  freeName(base: string): string {
    if (!(base in this.templates)) return base;
    for (let i = 2; ; i++) if (!(`${base}~${i}` in this.templates)) return `${base}~${i}`;
  }

  /** Build a template from an object's pod spec and register it under a free name. */
  addTemplate(base: string, o: ExportObject, input: Omit<TemplateInput, 'limits' | 'priorities'>): { name: string; built: BuiltTemplate } {
    const built = buildTemplate({ ...input, priorities: this.priorities, ...(this.limits.has(input.namespace) ? { limits: this.limits.get(input.namespace)! } : {}) }, this.report, this.quantityProblem(o));
    const name = this.freeName(base);
    this.templates[name] = built.doc;
    this.templateRequests.set(name, built.requests.requests);
    if (built.requests.missing.length > 0) this.withoutRequests.push(`${input.subject} [${built.requests.missing.join('; ')}]`);
    if (built.requests.defaulted) this.limitRangeDefaulted.push(input.subject);
    return { name, built };
  }
}
