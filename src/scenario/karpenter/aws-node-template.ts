import type { NodeClass } from '../../model/index.js';
import type { Warn } from './drafts.js';
import { AMI_FAMILIES, aliasOfFamily, checkRoleAndProfile, readBlockDevices, readTags, recordedFields } from './nodeclass-fields.js';
import type { Obj, Path, Reader } from './reader.js';

/** `karpenter.k8s.aws/v1alpha1` AWSNodeTemplate spec, and the v1alpha5 Provisioner's inline `provider`. */
const TEMPLATE_FIELDS = [
  'subnetSelector',
  'securityGroupSelector',
  'instanceProfile',
  'amiFamily',
  'amiSelector',
  'userData',
  'tags',
  'blockDeviceMappings',
  'metadataOptions',
  'detailedMonitoring',
  'launchTemplate',
  'context',
];
const PROVIDER_FIELDS = [...TEMPLATE_FIELDS.filter((f) => f !== 'amiSelector' && f !== 'userData' && f !== 'detailedMonitoring'), 'apiVersion', 'kind'];
const SIMULATED = ['amiFamily', 'amiSelector', 'tags'];
/** The v1alpha5 era defaulted to Amazon Linux 2. */
const LEGACY_DEFAULT_FAMILY = 'AL2';

/** An old `amiSelector` map ("aws::ids", "aws::name", "aws::owners", tags) → the v1 identity string. */
function amiIdOfSelector(selector: Readonly<Record<string, string>>): string {
  const ids = selector['aws::ids'] ?? selector['aws-ids'];
  if (ids !== undefined) return ids.split(',').map((id) => `id:${id.trim()}`).join(' | ');
  const parts: string[] = [];
  if (selector['aws::name'] !== undefined) parts.push(`name:${selector['aws::name']}`);
  if (selector['aws::owners'] !== undefined) parts.push(`owner:${selector['aws::owners']}`);
  const tags = Object.keys(selector).filter((k) => !k.startsWith('aws::') && k !== 'aws-ids').sort();
  if (tags.length > 0) parts.push(`tags:${tags.map((k) => `${k}=${selector[k]}`).join(',')}`);
  return parts.join(',');
}

/**
 * An AWSNodeTemplate (or a Provisioner's inline `provider`, `inline`) → a v1 NodeClass named `name`;
 * `label` names the source object in the warnings (one per change).
 */
export function readLegacyNodeTemplate(
  r: Reader,
  spec: Obj,
  specPath: Path,
  name: string,
  label: string,
  warn: Warn,
  inline: boolean,
): NodeClass {
  r.unknownFields(spec, specPath, inline ? PROVIDER_FIELDS : TEMPLATE_FIELDS);
  const family = spec.amiFamily === undefined ? LEGACY_DEFAULT_FAMILY : r.oneOf(spec.amiFamily, [...specPath, 'amiFamily'], [...AMI_FAMILIES, 'Ubuntu']);
  let amiId: string | undefined;
  if (spec.amiSelector !== undefined) {
    const selector = r.stringMap(spec.amiSelector, [...specPath, 'amiSelector']);
    if (selector && Object.keys(selector).length === 0) r.problem([...specPath, 'amiSelector'], 'amiSelector must not be empty');
    else if (selector) {
      amiId = amiIdOfSelector(selector);
      warn([...specPath, 'amiSelector'], `${label}: amiSelector is amiSelectorTerms in v1 (selection ${JSON.stringify(amiId)})`);
    }
  } else if (family === 'Custom') {
    r.problem([...specPath, 'amiSelector'], 'amiFamily Custom needs amiSelector');
  } else if (family !== undefined) {
    amiId = aliasOfFamily(family === 'Ubuntu' ? 'AL2' : family);
    warn([...specPath, spec.amiFamily === undefined ? 'amiSelector' : 'amiFamily'], `${label}: no amiSelector: the latest EKS-optimized ${family} AMI${spec.amiFamily === undefined ? ' (amiFamily defaulted to AL2)' : ''}, amiSelectorTerms [{alias: ${amiId}}] in v1`);
  }
  for (const [old, now] of [
    ['subnetSelector', 'subnetSelectorTerms'],
    ['securityGroupSelector', 'securityGroupSelectorTerms'],
  ] as const) {
    if (spec[old] !== undefined && r.stringMap(spec[old], [...specPath, old])) warn([...specPath, old], `${label}: ${old} is ${now} in v1 (recorded, no effect in simulation)`);
  }
  if (spec.launchTemplate !== undefined) {
    warn([...specPath, 'launchTemplate'], `${label}: launchTemplate is not supported by Karpenter v1; recorded, its AMI and user data are unknown to fleetsim`);
  }
  const tags = spec.tags === undefined ? {} : readTags(r, spec.tags, [...specPath, 'tags']);
  const amiFamily = family === 'Ubuntu' ? 'Custom' : family;
  const block = readBlockDevices(r, spec.blockDeviceMappings, [...specPath, 'blockDeviceMappings'], amiFamily ?? 'Custom', false);
  checkRoleAndProfile(r, spec, specPath);
  // Kept even when fields failed (see readEc2NodeClass).
  return {
    name,
    amiFamily: amiFamily ?? 'Custom',
    amiId: amiId ?? '',
    kubelet: {},
    tags: tags ?? {},
    ...(block?.rootGiB !== undefined ? { blockDeviceGiB: block.rootGiB } : {}),
    recorded: recordedFields(spec, [...SIMULATED, 'apiVersion', 'kind']),
  };
}
