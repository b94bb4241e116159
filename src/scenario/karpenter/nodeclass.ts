import type { Kubelet, NodeClass } from '../../model/index.js';
import type { ClassDraft, Warn } from './drafts.js';
import { readKubelet } from './kubelet.js';
import {
  AMI_FAMILIES,
  aliasOfFamily,
  checkRoleAndProfile,
  readAmiSelectorTerms,
  readBlockDevices,
  readTags,
  recordedFields,
} from './nodeclass-fields.js';
import type { Obj, Path, Reader } from './reader.js';
import { readName } from './template-fields.js';

/** Fields of EC2NodeClass.spec per API version. */
const V1_FIELDS = [
  'subnetSelectorTerms',
  'securityGroupSelectorTerms',
  'capacityReservationSelectorTerms',
  'associatePublicIPAddress',
  'ipPrefixCount',
  'amiSelectorTerms',
  'amiFamily',
  'userData',
  'role',
  'instanceProfile',
  'tags',
  'kubelet',
  'blockDeviceMappings',
  'instanceStorePolicy',
  'detailedMonitoring',
  'metadataOptions',
  'enclaveOptions',
  'context',
];
const V1BETA1_FIELDS = V1_FIELDS.filter((f) => !['capacityReservationSelectorTerms', 'ipPrefixCount', 'kubelet', 'enclaveOptions'].includes(f));
/** Read into NodeClass fields (everything else is kept verbatim in `recorded`). */
const SIMULATED = ['amiFamily', 'kubelet', 'tags'];

/** The class fleetsim uses when a scenario has NodePools but no EC2NodeClass: AL2023, latest AMI, default kubelet, 20 GiB root. */
export function defaultNodeClass(name = 'default'): NodeClass {
  return { name, amiFamily: 'AL2023', amiId: aliasOfFamily('AL2023'), kubelet: {}, tags: {}, blockDeviceGiB: 20, recorded: {} };
}

/** `karpenter.k8s.aws/v1` or `/v1beta1` EC2NodeClass → the model. */
export function readEc2NodeClass(r: Reader, doc: Obj, path: Path, version: 'v1' | 'v1beta1', warn: Warn): ClassDraft | undefined {
  const name = readName(r, doc, path);
  const label = `karpenter.k8s.aws/${version} EC2NodeClass ${JSON.stringify(name ?? '?')}`;
  const specPath = [...path, 'spec'];
  const spec = r.object(doc.spec ?? {}, specPath, version === 'v1' ? V1_FIELDS : V1BETA1_FIELDS);
  if (!spec) return undefined;
  const families = version === 'v1' ? AMI_FAMILIES : [...AMI_FAMILIES, 'Ubuntu'];
  const family = spec.amiFamily === undefined ? undefined : r.oneOf(spec.amiFamily, [...specPath, 'amiFamily'], families);

  let amiId: string | undefined;
  let amiFamily: string | undefined = family;
  if (spec.amiSelectorTerms === undefined) {
    if (version === 'v1') r.problem([...specPath, 'amiSelectorTerms'], 'required field "amiSelectorTerms" is missing (expected a list such as [{alias: al2023@latest}])');
    else if (family === undefined) r.problem([...specPath, 'amiFamily'], `required field "amiFamily" is missing (expected one of ${families.join(', ')})`);
    else if (family === 'Custom') r.problem([...specPath, 'amiSelectorTerms'], 'amiFamily Custom needs amiSelectorTerms');
    else {
      amiId = aliasOfFamily(family === 'Ubuntu' ? 'AL2' : family);
      warn([...specPath, 'amiFamily'], `${label}: no amiSelectorTerms: the latest EKS-optimized ${family} AMI, which karpenter.k8s.aws/v1 writes as amiSelectorTerms [{alias: ${amiId}}]`);
    }
  } else {
    const terms = readAmiSelectorTerms(r, spec.amiSelectorTerms, [...specPath, 'amiSelectorTerms'], version === 'v1');
    amiId = terms?.amiId;
    if (terms?.aliasFamily) {
      if (family !== undefined && family !== terms.aliasFamily && family !== 'Custom') {
        r.problem([...specPath, 'amiFamily'], `with alias ${JSON.stringify(terms.amiId)}, amiFamily must be "${terms.aliasFamily}" or "Custom", found "${family}"`);
      }
      amiFamily = family ?? terms.aliasFamily;
    } else if (terms && family === undefined) {
      r.problem([...specPath, 'amiFamily'], `required field "amiFamily" is missing (expected one of ${families.join(', ')}; it may be omitted only with an alias term)`);
    }
  }
  if (amiFamily === 'Ubuntu') {
    warn([...specPath, 'amiFamily'], `${label}: amiFamily Ubuntu no longer exists in karpenter.k8s.aws/v1; simulated as Custom with the selected AMI`);
    amiFamily = 'Custom';
  }

  let kubelet: Kubelet = {};
  let kubeletRecorded: Readonly<Record<string, unknown>> = {};
  if (spec.kubelet !== undefined) {
    const k = readKubelet(r, spec.kubelet, [...specPath, 'kubelet']);
    if (k) ({ kubelet, recorded: kubeletRecorded } = k);
  }
  const tags = spec.tags === undefined ? {} : readTags(r, spec.tags, [...specPath, 'tags']);
  const block = readBlockDevices(r, spec.blockDeviceMappings, [...specPath, 'blockDeviceMappings'], amiFamily ?? 'Custom', true);
  checkRoleAndProfile(r, spec, specPath);
  checkRecordedShapes(r, spec, specPath);
  if (version === 'v1beta1') warn(path, `${label}: read as karpenter.k8s.aws/v1 (kubelet settings, if any, come from the NodePools that use this class)`);

  // Kept with a name even when other fields failed (their problems make the whole parse throw), so that
  // NodePools referring to it do not also report a missing class.
  if (name === undefined) return undefined;
  const recorded = recordedFields(spec, SIMULATED);
  if (Object.keys(kubeletRecorded).length > 0) recorded.kubelet = kubeletRecorded;
  const nodeClass: NodeClass = {
    name,
    amiFamily: amiFamily ?? 'Custom',
    amiId: amiId ?? '',
    kubelet,
    tags: tags ?? {},
    ...(block?.rootGiB !== undefined ? { blockDeviceGiB: block.rootGiB } : {}),
    recorded,
  };
  return { nodeClass, label, path };
}

/** Types of the recorded fields, so a typo in a value is still caught. */
function checkRecordedShapes(r: Reader, spec: Obj, path: Path): void {
  for (const key of ['subnetSelectorTerms', 'securityGroupSelectorTerms', 'capacityReservationSelectorTerms']) {
    if (spec[key] !== undefined) r.list(spec[key], [...path, key]);
  }
  for (const key of ['associatePublicIPAddress', 'detailedMonitoring']) if (spec[key] !== undefined) r.bool(spec[key], [...path, key]);
  if (spec.ipPrefixCount !== undefined) r.int(spec.ipPrefixCount, [...path, 'ipPrefixCount'], { min: 0 });
  if (spec.instanceStorePolicy !== undefined) r.oneOf(spec.instanceStorePolicy, [...path, 'instanceStorePolicy'], ['RAID0']);
  if (spec.metadataOptions !== undefined) {
    r.object(spec.metadataOptions, [...path, 'metadataOptions'], ['httpEndpoint', 'httpProtocolIPv6', 'httpPutResponseHopLimit', 'httpTokens']);
  }
  if (spec.context !== undefined) r.string(spec.context, [...path, 'context']);
}
