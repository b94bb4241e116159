import type { Path, Reader } from './reader.js';

/** EC2NodeClass pieces shared by v1, v1beta1 and the v1alpha1 AWSNodeTemplate. */
export const AMI_FAMILIES = ['AL2', 'AL2023', 'Bottlerocket', 'Custom', 'Windows2019', 'Windows2022'] as const;
const ALIAS_FAMILIES: Record<string, string> = {
  al2: 'AL2',
  al2023: 'AL2023',
  bottlerocket: 'Bottlerocket',
  windows2019: 'Windows2019',
  windows2022: 'Windows2022',
};

/** The device that holds the kubelet's root (and so ephemeral storage) per family, with Karpenter's default size. */
const ROOT_DEVICE: Record<string, { device: string; defaultGiB: number }> = {
  AL2: { device: '/dev/xvda', defaultGiB: 20 },
  AL2023: { device: '/dev/xvda', defaultGiB: 20 },
  Bottlerocket: { device: '/dev/xvdb', defaultGiB: 20 },
  Windows2019: { device: '/dev/sda1', defaultGiB: 50 },
  Windows2022: { device: '/dev/sda1', defaultGiB: 50 },
};

export function familyOfAlias(alias: string): string | undefined {
  return ALIAS_FAMILIES[alias.split('@')[0]!.toLowerCase()];
}

export function aliasOfFamily(family: string): string {
  return `${family.toLowerCase()}@latest`;
}

const TERM_FIELDS = ['alias', 'tags', 'id', 'name', 'owner', 'ssmParameter'];

/**
 * amiSelectorTerms → an identity string for the selection: the alias ("al2023@latest"), or the terms in
 * order ("id:ami-0abc | name:my-ami,owner:self | tags:team=a"). Changing it drifts the class's nodes.
 * Returns the alias's family too.
 */
export function readAmiSelectorTerms(r: Reader, value: unknown, path: Path, allowAlias: boolean): { amiId: string; aliasFamily?: string } | undefined {
  const list = r.list(value, path);
  if (!list) return undefined;
  if (list.length === 0) return r.problem(path, 'amiSelectorTerms must have at least one term');
  const fields = allowAlias ? TERM_FIELDS : TERM_FIELDS.filter((f) => f !== 'alias');
  const ids: string[] = [];
  let aliasFamily: string | undefined;
  let ok = true;
  list.forEach((item, i) => {
    const p = [...path, i];
    const term = r.object(item, p, fields);
    if (!term) return (ok = false);
    const set = TERM_FIELDS.filter((f) => term[f] !== undefined);
    if (!set.some((f) => f !== 'owner')) return (ok = r.problem(p, `expected at least one of ${fields.filter((f) => f !== 'owner').join(', ')}, found none`) ?? false);
    if (term.alias !== undefined) {
      const alias = r.string(term.alias, [...p, 'alias']);
      if (alias === undefined) return (ok = false);
      if (set.length > 1) return (ok = r.problem(p, `"alias" cannot be combined with other fields in a term, found ${set.join(', ')}`) ?? false);
      if (list.length > 1) return (ok = r.problem(p, `"alias" must be the only amiSelectorTerm, found ${list.length} terms`) ?? false);
      if (!/^[a-zA-Z0-9]+@.+$/.test(alias)) return (ok = r.expected([...p, 'alias'], 'the form family@version such as "al2023@latest" or "al2023@v20240807"', alias) ?? false);
      const family = familyOfAlias(alias);
      if (!family) return (ok = r.expected([...p, 'alias'], `a family of ${Object.keys(ALIAS_FAMILIES).join(', ')}`, alias) ?? false);
      if (family.startsWith('Windows') && !alias.endsWith('@latest')) return (ok = r.problem([...p, 'alias'], 'windows families may only use version "latest"') ?? false);
      aliasFamily = family;
      ids.push(alias);
      return;
    }
    if (term.id !== undefined && set.length > 1) return (ok = r.problem(p, `"id" cannot be combined with other fields in a term, found ${set.join(', ')}`) ?? false);
    const parts: string[] = [];
    if (term.id !== undefined) {
      const id = r.string(term.id, [...p, 'id']);
      if (id === undefined) return (ok = false);
      if (!/^ami-[0-9a-z]+$/.test(id)) return (ok = r.expected([...p, 'id'], 'an AMI id such as "ami-0123456789abcdef0"', id) ?? false);
      parts.push(`id:${id}`);
    }
    for (const key of ['name', 'owner', 'ssmParameter']) {
      if (term[key] === undefined) continue;
      const s = r.string(term[key], [...p, key], { nonEmpty: true });
      if (s === undefined) return (ok = false);
      parts.push(`${key === 'ssmParameter' ? 'ssm' : key}:${s}`);
    }
    if (term.tags !== undefined) {
      const tags = r.stringMap(term.tags, [...p, 'tags']);
      if (!tags) return (ok = false);
      parts.push(`tags:${Object.keys(tags).sort().map((k) => `${k}=${tags[k]}`).join(',')}`);
    }
    ids.push(parts.join(','));
  });
  if (!ok) return undefined;
  return { amiId: ids.join(' | '), ...(aliasFamily ? { aliasFamily } : {}) };
}

const RESTRICTED_TAGS = ['eks:eks-cluster-name', 'karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.k8s.aws/ec2nodeclass'];

export function readTags(r: Reader, value: unknown, path: Path): Record<string, string> | undefined {
  const tags = r.stringMap(value, path);
  if (!tags) return undefined;
  for (const k of Object.keys(tags)) {
    if (k === '') r.problem(path, 'empty tag keys are not supported');
    else if (RESTRICTED_TAGS.includes(k) || k.startsWith('kubernetes.io/cluster')) r.problem([...path, k], `tag "${k}" is restricted: Karpenter sets it`);
  }
  return tags;
}

const MAPPING_FIELDS = ['deviceName', 'ebs', 'rootVolume'];
const EBS_FIELDS = ['deleteOnTermination', 'encrypted', 'iops', 'kmsKeyID', 'snapshotID', 'throughput', 'volumeInitializationRate', 'volumeSize', 'volumeType'];
const VOLUME_TYPES = ['standard', 'io1', 'io2', 'gp2', 'sc1', 'st1', 'gp3'];
const GIB_PER: Record<string, number> = { Gi: 1, G: 1e9 / 2 ** 30, Ti: 1024, T: 1e12 / 2 ** 30 };

/** An EBS volumeSize ("100Gi", "20G", "1Ti", "1T") in GiB. */
export function volumeSizeGiB(value: unknown): number | undefined {
  const m = typeof value === 'string' ? /^([1-9]\d*)(Gi|G|Ti|T)$/.exec(value) : null;
  return m ? Math.round(Number(m[1]) * GIB_PER[m[2]!]! * 1000) / 1000 : undefined;
}

/**
 * blockDeviceMappings → the size of the kubelet's root volume (the mapping marked `rootVolume`, else the
 * family's root device: /dev/xvda for AL2/AL2023, /dev/xvdb for Bottlerocket, /dev/sda1 for Windows);
 * without mappings, Karpenter's default for the family (20 GiB; 50 GiB on Windows; none for Custom).
 */
export function readBlockDevices(r: Reader, value: unknown, path: Path, family: string, allowRoot: boolean): { rootGiB?: number } | undefined {
  if (value === undefined) {
    const d = ROOT_DEVICE[family];
    return d ? { rootGiB: d.defaultGiB } : {};
  }
  const list = r.list(value, path);
  if (!list) return undefined;
  const sizes: { device?: string; root: boolean; sizeGiB?: number }[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const p = [...path, i];
    const m = r.object(item, p, allowRoot ? MAPPING_FIELDS : MAPPING_FIELDS.filter((f) => f !== 'rootVolume'));
    if (!m) return (ok = false);
    const device = m.deviceName === undefined ? undefined : r.string(m.deviceName, [...p, 'deviceName']);
    const root = m.rootVolume === undefined ? false : (r.bool(m.rootVolume, [...p, 'rootVolume']) ?? false);
    let sizeGiB: number | undefined;
    if (m.ebs !== undefined) {
      const ebs = r.object(m.ebs, [...p, 'ebs'], EBS_FIELDS);
      if (!ebs) return (ok = false);
      if (ebs.volumeSize === undefined && ebs.snapshotID === undefined) r.problem([...p, 'ebs'], 'expected "volumeSize" or "snapshotID", found neither');
      if (ebs.volumeSize !== undefined) {
        sizeGiB = volumeSizeGiB(ebs.volumeSize);
        if (sizeGiB === undefined) ok = r.expected([...p, 'ebs', 'volumeSize'], 'a size such as "100Gi", "20G" or "1Ti"', ebs.volumeSize) ?? false;
      }
      if (ebs.volumeType !== undefined && !r.oneOf(ebs.volumeType, [...p, 'ebs', 'volumeType'], VOLUME_TYPES)) ok = false;
      for (const k of ['iops', 'throughput', 'volumeInitializationRate']) if (ebs[k] !== undefined && r.int(ebs[k], [...p, 'ebs', k], { min: 0 }) === undefined) ok = false;
      for (const k of ['deleteOnTermination', 'encrypted']) if (ebs[k] !== undefined && r.bool(ebs[k], [...p, 'ebs', k]) === undefined) ok = false;
    }
    sizes.push({ ...(device !== undefined ? { device } : {}), root, ...(sizeGiB !== undefined ? { sizeGiB } : {}) });
  });
  const roots = sizes.filter((s) => s.root);
  if (roots.length > 1) ok = r.problem(path, `at most one mapping may set rootVolume: true, found ${roots.length}`) ?? false;
  if (!ok) return undefined;
  const chosen = roots[0] ?? sizes.find((s) => s.device === ROOT_DEVICE[family]?.device);
  return chosen?.sizeGiB !== undefined ? { rootGiB: chosen.sizeGiB } : {};
}

export function checkRoleAndProfile(r: Reader, spec: Readonly<Record<string, unknown>>, path: Path): void {
  if (spec.role !== undefined && spec.instanceProfile !== undefined) r.problem(path, 'set one of "role" and "instanceProfile", found both');
  if (spec.role !== undefined) r.string(spec.role, [...path, 'role'], { nonEmpty: true });
  if (spec.instanceProfile !== undefined) r.string(spec.instanceProfile, [...path, 'instanceProfile'], { nonEmpty: true });
  if (spec.userData !== undefined) r.string(spec.userData, [...path, 'userData']);
}

/** Every field of `spec` not in `simulated`, kept verbatim in NodeClass.recorded. */
export function recordedFields(spec: Readonly<Record<string, unknown>>, simulated: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) if (!simulated.includes(k) && v !== undefined) out[k] = v;
  return out;
}
