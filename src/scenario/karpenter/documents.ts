import { nearest } from '../errors.js';
import { readLegacyNodeTemplate } from './aws-node-template.js';
import type { ClassDraft, PoolDraft, Warn } from './drafts.js';
import { readEc2NodeClass } from './nodeclass.js';
import { OBJECT_FIELDS, readNodePoolV1 } from './nodepool-v1.js';
import { readNodePoolV1beta1 } from './nodepool-v1beta1.js';
import { readProvisioner } from './provisioner.js';
import { describeFound, isObj, type Obj, type Path, type Reader } from './reader.js';
import { readName } from './template-fields.js';

/** What one source (a file, or a scenario's inline list) contributed. */
export interface SourceDrafts {
  readonly r: Reader;
  readonly pools: PoolDraft[];
  readonly classes: ClassDraft[];
  readonly warnings: string[];
  /** EC2NodeClass / AWSNodeTemplate objects seen, valid or not (no default class is invented when > 0). */
  classObjects: number;
}

type ReadFn = (r: Reader, doc: Obj, path: Path, warn: Warn, drafts: SourceDrafts) => void;

const KINDS: Record<string, Record<string, ReadFn>> = {
  NodePool: {
    'karpenter.sh/v1': (r, doc, path, warn, d) => push(d.pools, readNodePoolV1(r, doc, path, warn)),
    'karpenter.sh/v1beta1': (r, doc, path, warn, d) => push(d.pools, readNodePoolV1beta1(r, doc, path, warn)),
  },
  Provisioner: {
    'karpenter.sh/v1alpha5': (r, doc, path, warn, d) => push(d.pools, readProvisioner(r, doc, path, warn)),
  },
  EC2NodeClass: {
    'karpenter.k8s.aws/v1': (r, doc, path, warn, d) => push(d.classes, readEc2NodeClass(r, doc, path, 'v1', warn)),
    'karpenter.k8s.aws/v1beta1': (r, doc, path, warn, d) => push(d.classes, readEc2NodeClass(r, doc, path, 'v1beta1', warn)),
  },
  AWSNodeTemplate: {
    'karpenter.k8s.aws/v1alpha1': (r, doc, path, warn, d) => {
      const name = readName(r, doc, path);
      const label = `karpenter.k8s.aws/v1alpha1 AWSNodeTemplate ${JSON.stringify(name ?? '?')}`;
      const spec = isObj(doc.spec ?? {}) ? ((doc.spec ?? {}) as Obj) : r.expected([...path, 'spec'], 'a mapping', doc.spec);
      if (!spec || name === undefined) return;
      warn(path, `${label}: converted to karpenter.k8s.aws/v1 EC2NodeClass ${JSON.stringify(name)}`);
      const nodeClass = readLegacyNodeTemplate(r, spec, [...path, 'spec'], name, label, warn, false);
      if (nodeClass) d.classes.push({ nodeClass, label, path });
    },
  },
};

function push<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}

/** Objects Karpenter does not own (a Deployment in the same directory, ...) are skipped with a warning. */
function isKarpenterGroup(apiVersion: string): boolean {
  return apiVersion.startsWith('karpenter.sh/') || apiVersion.startsWith('karpenter.k8s.aws/');
}

/** Read every object (expanding `kind: List`) into drafts; problems go to `r.problems`. */
export function readDocuments(r: Reader, values: readonly unknown[]): SourceDrafts {
  const drafts: SourceDrafts = { r, pools: [], classes: [], warnings: [], classObjects: 0 };
  const warn: Warn = (path, message) => drafts.warnings.push(`${r.where(path)}: ${message}`);
  values.forEach((value, i) => readObject(r, value, [i], warn, drafts));
  return drafts;
}

function readObject(r: Reader, value: unknown, path: Path, warn: Warn, drafts: SourceDrafts): void {
  if (value === null || value === undefined) return; // an empty document between `---` separators
  if (!isObj(value)) {
    r.expected(path, 'a Kubernetes object (apiVersion, kind, metadata, spec)', value);
    return;
  }
  if (value.kind === 'List' && Array.isArray(value.items)) {
    value.items.forEach((item, j) => readObject(r, item, [...path, 'items', j], warn, drafts));
    return;
  }
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    const field = typeof apiVersion !== 'string' ? 'apiVersion' : 'kind';
    const what = field === 'apiVersion' ? 'an apiVersion such as "karpenter.sh/v1"' : 'a kind such as "NodePool" or "EC2NodeClass"';
    r.problem(value[field] === undefined ? path : [...path, field], value[field] === undefined ? `required field "${field}" is missing (expected ${what})` : `expected ${what}, found ${describeFound(value[field])}`);
    return;
  }
  const versions = KINDS[kind];
  if (!versions) {
    if (!isKarpenterGroup(apiVersion)) {
      warn(path, `${apiVersion} ${kind} ${JSON.stringify(isObj(value.metadata) ? (value.metadata.name ?? '') : '')}: not a Karpenter object; ignored`);
      return;
    }
    const hint = nearest(kind, Object.keys(KINDS));
    r.problem([...path, 'kind'], `expected one of ${Object.keys(KINDS).map((k) => JSON.stringify(k)).join(', ')}, found ${describeFound(kind)}${hint ? ` (did you mean "${hint}"?)` : ''}`);
    return;
  }
  const read = versions[apiVersion];
  if (!read) {
    r.problem([...path, 'apiVersion'], `${kind} is served as ${Object.keys(versions).map((v) => JSON.stringify(v)).join(' or ')}, found ${describeFound(apiVersion)}`);
    return;
  }
  r.unknownFields(value, path, OBJECT_FIELDS);
  if (kind === 'EC2NodeClass' || kind === 'AWSNodeTemplate') drafts.classObjects++;
  read(r, value, path, warn, drafts);
}
