import type { Taint, TaintEffect } from '../../model/index.js';
import { nearest } from '../errors.js';
import { parseGoDuration } from '../karpenter/duration.js';
import { describeFound, type Path, type Reader } from '../karpenter/reader.js';
import { labelKeyProblem, labelValueProblem, TAINT_EFFECTS } from '../karpenter/template-fields.js';

/** The Cluster Autoscaler's ASG tags (`cloudprovider/aws`): node-template labels, taints, resources, per-group options. */
export const CA_TAG_PREFIX = 'k8s.io/cluster-autoscaler/';
const TEMPLATE = `${CA_TAG_PREFIX}node-template/`;
const TEMPLATE_KINDS = ['label/', 'taint/', 'resources/', 'autoscaling-options/'];
const AUTOSCALING_OPTIONS = [
  'scaledownutilizationthreshold',
  'scaledowngpuutilizationthreshold',
  'scaledownunneededtime',
  'scaledownunreadytime',
  'ignoredaemonsetsutilization',
  'maxnodeprovisiontime',
];

export interface TagEffects {
  readonly labels: Record<string, string>;
  readonly taints: Taint[];
  scaleDownUtilizationThreshold?: number;
  scaleDownUnneededSeconds?: number;
}

/** ASG tags as a mapping `{key: value}` or the AWS list `[{key, value, propagateAtLaunch}]` → a mapping. */
export function readTagList(r: Reader, value: unknown, path: Path): Record<string, string> | undefined {
  if (!Array.isArray(value)) return r.stringMap(value, path);
  const out: Record<string, string> = {};
  value.forEach((item, i) => {
    const p = [...path, i];
    const tag = r.object(item, p, ['key', 'value', 'propagateAtLaunch', 'resourceId', 'resourceType']);
    if (!tag) return;
    const key = r.required(tag, 'key', p, 'the tag key');
    const k = key === undefined ? undefined : r.string(key, [...p, 'key'], { nonEmpty: true });
    const v = tag.value === undefined ? '' : r.string(tag.value, [...p, 'value']);
    if (k !== undefined && v !== undefined) out[k] = v;
  });
  return out;
}

/**
 * Apply the Cluster Autoscaler's tags to a node group's template: `node-template/label/<k>: v` adds a
 * label, `node-template/taint/<k>: value:Effect` a taint, `node-template/autoscaling-options/<option>`
 * overrides an option for this group. `where(key)` is the path of a tag for problems.
 */
export function applyCaTags(r: Reader, tags: Readonly<Record<string, string>>, where: (key: string) => Path, warn: (path: Path, m: string) => void): TagEffects {
  const out: TagEffects = { labels: {}, taints: [] };
  for (const [key, value] of Object.entries(tags)) {
    if (!key.startsWith(CA_TAG_PREFIX)) continue;
    const p = where(key);
    const afterPrefix = key.slice(CA_TAG_PREFIX.length);
    if (!afterPrefix.includes('/')) continue; // k8s.io/cluster-autoscaler/enabled, k8s.io/cluster-autoscaler/<cluster>: auto-discovery
    const kind = key.startsWith(TEMPLATE) ? TEMPLATE_KINDS.find((k) => key.slice(TEMPLATE.length).startsWith(k)) : undefined;
    if (!kind) {
      // Compare the first two segments ("node-templates/label/") with the known kinds.
      const segments = afterPrefix.split('/');
      const known = TEMPLATE_KINDS.map((k) => `node-template/${k}`);
      const hint = nearest(`${segments.slice(0, 2).join('/')}/`, known);
      const fixed = hint ? `${CA_TAG_PREFIX}${hint}${segments.slice(2).join('/')}` : undefined;
      r.problem(p, `unknown Cluster Autoscaler tag ${JSON.stringify(key)}${fixed ? ` (did you mean "${fixed}"?)` : ''}`);
      continue;
    }
    const name = key.slice(TEMPLATE.length + kind.length);
    if (kind === 'label/') {
      const problem = labelKeyProblem(name) ?? labelValueProblem(value);
      if (problem) r.problem(p, problem);
      else out.labels[name] = value;
    } else if (kind === 'taint/') {
      const taint = readTaintTag(r, name, value, p);
      if (taint) out.taints.push(taint);
    } else if (kind === 'resources/') {
      warn(p, `tag ${JSON.stringify(key)}: node-template resources are not simulated; the template's resources come from the instance type`);
    } else {
      readOptionTag(r, name, value, p, out, warn);
    }
  }
  return out;
}

function readTaintTag(r: Reader, key: string, value: string, p: Path): Taint | undefined {
  const problem = labelKeyProblem(key);
  if (problem) return r.problem(p, problem.replace('label key', 'taint key'));
  const i = value.lastIndexOf(':');
  const effect = i >= 0 ? value.slice(i + 1) : '';
  if (i < 0 || !(TAINT_EFFECTS as readonly string[]).includes(effect)) {
    const hint = nearest(effect || value, TAINT_EFFECTS);
    return r.problem(p, `expected "value:Effect" with Effect one of ${TAINT_EFFECTS.join(', ')}, found ${describeFound(value)}${hint ? ` (did you mean "${i >= 0 ? value.slice(0, i) : ''}:${hint}"?)` : ''}`);
  }
  const taintValue = value.slice(0, i);
  const vp = labelValueProblem(taintValue);
  if (vp) return r.problem(p, vp.replace('label value', 'taint value'));
  return { key, ...(taintValue ? { value: taintValue } : {}), effect: effect as TaintEffect };
}

function readOptionTag(r: Reader, name: string, value: string, p: Path, out: TagEffects, warn: (path: Path, m: string) => void): void {
  if (!AUTOSCALING_OPTIONS.includes(name)) {
    const hint = nearest(name, AUTOSCALING_OPTIONS);
    r.problem(p, `unknown autoscaling option ${JSON.stringify(name)}${hint ? ` (did you mean "${hint}"?)` : ` (expected one of ${AUTOSCALING_OPTIONS.join(', ')})`}`);
    return;
  }
  if (name === 'scaledownutilizationthreshold') {
    const n = /^\d*\.?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!(n >= 0 && n <= 1)) r.problem(p, `expected a number from 0 to 1, found ${describeFound(value)}`);
    else out.scaleDownUtilizationThreshold = n;
  } else if (name === 'scaledownunneededtime') {
    const s = parseGoDuration(value);
    if (s === undefined) r.problem(p, `expected a duration such as "10m", found ${describeFound(value)}`);
    else out.scaleDownUnneededSeconds = s;
  } else {
    warn(p, `autoscaling option "${name}" per node group is not simulated; the global flag applies`);
  }
}

