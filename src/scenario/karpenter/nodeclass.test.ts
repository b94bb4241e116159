import { describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { YamlSource } from '../yaml-source.js';
import { defaultNodeClass, parseKarpenterManifests } from './index.js';

const cls = (spec: string): string => `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: c
spec:
${spec}`;
const parse = (text: string) => parseKarpenterManifests(YamlSource.parseAll('c.yaml', text));
function problems(text: string): string[] {
  try {
    parse(text);
  } catch (e) {
    if (isInputError(e)) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('karpenter.k8s.aws/v1 EC2NodeClass', () => {
  it('infers amiFamily from an alias and gives the family default root volume', () => {
    const [c] = parse(cls('  amiSelectorTerms:\n    - alias: bottlerocket@latest\n')).nodeClasses;
    expect(c).toEqual({
      name: 'c',
      amiFamily: 'Bottlerocket',
      amiId: 'bottlerocket@latest',
      kubelet: {},
      tags: {},
      blockDeviceGiB: 20,
      recorded: { amiSelectorTerms: [{ alias: 'bottlerocket@latest' }] },
    });
  });

  it('identifies AMI selection by id, name/owner, tags and SSM parameter terms', () => {
    const [c] = parse(
      cls(`  amiFamily: AL2023
  amiSelectorTerms:
    - id: ami-0123456789abcdef0
    - name: my-ami-*
      owner: self
    - tags: {team: b, env: prod}
    - ssmParameter: /my/ami
`),
    ).nodeClasses;
    expect(c!.amiId).toBe('id:ami-0123456789abcdef0 | name:my-ami-*,owner:self | tags:env=prod,team=b | ssm:/my/ami');
    expect(c!.amiFamily).toBe('AL2023');
  });

  it('takes the root volume from the rootVolume mapping, or the family root device; converts G and Ti', () => {
    const root = parse(
      cls(`  amiSelectorTerms: [{alias: al2023@latest}]
  blockDeviceMappings:
    - deviceName: /dev/xvda
      ebs: {volumeSize: 50Gi}
    - deviceName: /dev/xvdb
      rootVolume: true
      ebs: {volumeSize: 1Ti}
`),
    ).nodeClasses[0]!;
    expect(root.blockDeviceGiB).toBe(1024);
    const byDevice = parse(cls('  amiSelectorTerms: [{alias: al2@latest}]\n  blockDeviceMappings:\n    - deviceName: /dev/xvda\n      ebs: {volumeSize: 100G}\n')).nodeClasses[0]!;
    // 100 G = 10^11 bytes = 93.132 GiB
    expect(byDevice.blockDeviceGiB).toBe(93.132);
    const windows = parse(cls('  amiSelectorTerms: [{alias: windows2022@latest}]\n')).nodeClasses[0]!;
    expect(windows.blockDeviceGiB).toBe(50);
  });

  it('reads evictionHard memory.available as MiB or as a percentage', () => {
    const [c] = parse(cls('  amiSelectorTerms: [{alias: al2023@latest}]\n  kubelet:\n    evictionHard: {memory.available: 1Gi}\n')).nodeClasses;
    expect(c!.kubelet).toEqual({ evictionHardMemoryMiB: 1024 });
  });

  it('reports invalid AMI selections, kubelet keys, tags, volumes and role/profile together', () => {
    expect(
      problems(
        cls(`  amiFamily: AL2
  amiSelectorTerms:
    - alias: al2023@latest
  role: NodeRole
  instanceProfile: NodeProfile
  kubelet:
    maxPods: -1
    systemReserved: {cpu: 100m, gpu: 1}
    evictionHard: {memory.availble: 5%}
    imageGCHighThresholdPercent: 50
    imageGCLowThresholdPercent: 80
  tags:
    karpenter.sh/nodepool: x
  blockDeviceMappings:
    - deviceName: /dev/xvda
      ebs: {volumeSize: 20GB, volumeType: gp4}
`),
      ),
    ).toEqual([
      'c.yaml:6:14: spec.amiFamily: with alias "al2023@latest", amiFamily must be "AL2023" or "Custom", found "AL2"',
      'c.yaml:12:14: spec.kubelet.maxPods: expected an integer ≥ 0, found number -1',
      'c.yaml:13:38: spec.kubelet.systemReserved.gpu: unknown field "gpu" (did you mean "cpu"?)',
      'c.yaml:14:37: spec.kubelet.evictionHard.memory.availble: unknown field "memory.availble" (did you mean "memory.available"?)',
      'c.yaml:15:34: spec.kubelet.imageGCHighThresholdPercent: imageGCHighThresholdPercent (50) must be greater than imageGCLowThresholdPercent (80)',
      'c.yaml:18:28: spec.tags.karpenter.sh/nodepool: tag "karpenter.sh/nodepool" is restricted: Karpenter sets it',
      'c.yaml:21:25: spec.blockDeviceMappings[0].ebs.volumeSize: expected a size such as "100Gi", "20G" or "1Ti", found string "20GB"',
      'c.yaml:21:43: spec.blockDeviceMappings[0].ebs.volumeType: expected one of "standard", "io1", "io2", "gp2", "sc1", "st1", "gp3", found string "gp4" (did you mean "gp2"?)',
      'c.yaml:6:3: spec: set one of "role" and "instanceProfile", found both',
    ]);
  });

  it('requires amiSelectorTerms and, without an alias, amiFamily', () => {
    expect(problems(cls('  role: R\n'))).toEqual([
      'c.yaml:6:3: spec.amiSelectorTerms: required field "amiSelectorTerms" is missing (expected a list such as [{alias: al2023@latest}])',
    ]);
    expect(problems(cls('  amiSelectorTerms:\n    - id: ami-0abc\n'))).toEqual([
      'c.yaml:6:3: spec.amiFamily: required field "amiFamily" is missing (expected one of AL2, AL2023, Bottlerocket, Custom, Windows2019, Windows2022; it may be omitted only with an alias term)',
    ]);
    expect(problems(cls('  amiSelectorTerms:\n    - alias: ubuntu@latest\n'))).toEqual([
      'c.yaml:7:14: spec.amiSelectorTerms[0].alias: expected a family of al2, al2023, bottlerocket, windows2019, windows2022, found string "ubuntu@latest"',
    ]);
  });

  it('has a documented default class', () => {
    expect(defaultNodeClass('x')).toEqual({ name: 'x', amiFamily: 'AL2023', amiId: 'al2023@latest', kubelet: {}, tags: {}, blockDeviceGiB: 20, recorded: {} });
  });
});
