import { describe, expect, it } from 'vitest';
import type { NodeGroupSpec } from '../../model/index.js';
import { isInputError } from '../errors.js';
import { YamlSource } from '../yaml-source.js';
import { parseNodeGroups, type NodeGroupOptions } from './index.js';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const KNOWN = ['m5.large', 'm5.xlarge', 'm5a.xlarge', 'c5.xlarge', 't3.medium', 'g5.xlarge'];

/** Node groups from YAML (as under `clusterAutoscaler.nodeGroups`), with positions. */
function fromYaml(text: string, opts: NodeGroupOptions = { zones: ZONES, knownInstanceTypes: KNOWN }) {
  const source = YamlSource.parse('ng.yaml', text);
  return parseNodeGroups(source.value(), { file: 'ng.yaml', locate: (p) => source.locate(p) }, opts);
}
function problems(text: string, opts?: NodeGroupOptions): string[] {
  try {
    fromYaml(text, opts);
  } catch (e) {
    if (isInputError(e)) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('Auto Scaling groups', () => {
  it('reads sizes, the instance type, zones, and labels and taints from node-template tags', () => {
    const { nodeGroups, warnings } = fromYaml(`- name: workers-a
  minSize: 1
  maxSize: 10
  desiredCapacity: 2
  instanceType: m5.xlarge
  availabilityZones: [us-east-1a]
  labels: {role: worker}
  tags:
    k8s.io/cluster-autoscaler/enabled: "true"
    k8s.io/cluster-autoscaler/my-cluster: owned
    k8s.io/cluster-autoscaler/node-template/label/team: web
    k8s.io/cluster-autoscaler/node-template/taint/dedicated: "web:NoSchedule"
    k8s.io/cluster-autoscaler/node-template/taint/spot: ":PreferNoSchedule"
    k8s.io/cluster-autoscaler/node-template/autoscaling-options/scaledownutilizationthreshold: "0.7"
    k8s.io/cluster-autoscaler/node-template/autoscaling-options/scaledownunneededtime: 5m
    Name: workers
`);
    const expected: NodeGroupSpec = {
      name: 'workers-a',
      minSize: 1,
      maxSize: 10,
      desiredCapacity: 2,
      instanceTypes: ['m5.xlarge'],
      zones: ['us-east-1a'],
      capacityType: 'on-demand',
      labels: { role: 'worker', team: 'web' },
      taints: [
        { key: 'dedicated', value: 'web', effect: 'NoSchedule' },
        { key: 'spot', effect: 'PreferNoSchedule' },
      ],
      scaleDownUtilizationThreshold: 0.7,
      scaleDownUnneededSeconds: 300,
    };
    expect(nodeGroups).toEqual([expected]);
    expect(warnings).toEqual([]);
  });

  it('reads a mixed-instances policy: overrides in order, all spot at 0% on-demand; defaults zones and desired size', () => {
    const { nodeGroups } = fromYaml(`- name: spot
  maxSize: 20
  mixedInstancesPolicy:
    launchTemplate:
      overrides:
        - instanceType: m5.xlarge
        - instanceType: m5a.xlarge
    instancesDistribution:
      onDemandPercentageAboveBaseCapacity: 0
      spotAllocationStrategy: price-capacity-optimized
  tags:
    - {key: k8s.io/cluster-autoscaler/node-template/label/lifecycle, value: spot, propagateAtLaunch: true}
`);
    expect(nodeGroups[0]).toEqual({
      name: 'spot',
      minSize: 0,
      maxSize: 20,
      desiredCapacity: 0,
      instanceTypes: ['m5.xlarge', 'm5a.xlarge'],
      zones: ZONES,
      capacityType: 'spot',
      labels: { lifecycle: 'spot' },
      taints: [],
    });
  });

  it('reports sizes, types, zones, tags and split capacity with positions and hints', () => {
    expect(
      problems(`- name: a
  minSize: 5
  maxSize: 2
  instanceType: m5.larg
  availabilityZones: [us-east-1x]
  tags:
    k8s.io/cluster-autoscaler/node-template/taint/dedicated: "web:NoScheduel"
    k8s.io/cluster-autoscaler/node-templates/label/x: y
    k8s.io/cluster-autoscaler/node-template/autoscaling-options/scaledownunneeded: 5m
- name: b
  maxSize: 2
  mixedInstancesPolicy:
    overrides: [{instanceType: m5.large}]
    instancesDistribution: {onDemandPercentageAboveBaseCapacity: 50}
- name: a
  maxSize: 1
  instanceType: m5.large
`),
    ).toEqual([
      'ng.yaml:3:12: [0].maxSize: maxSize (2) must be at least minSize (5)',
      'ng.yaml:4:17: [0].instanceType: unknown instance type "m5.larg" (did you mean "m5.large"?)',
      'ng.yaml:5:23: [0].availabilityZones[0]: zone "us-east-1x" is not one of the scenario\'s zones (us-east-1a, us-east-1b, us-east-1c) (did you mean "us-east-1a"?)',
      'ng.yaml:7:62: [0].tags.k8s.io/cluster-autoscaler/node-template/taint/dedicated: expected "value:Effect" with Effect one of NoSchedule, PreferNoSchedule, NoExecute, found string "web:NoScheduel" (did you mean "web:NoSchedule"?)',
      'ng.yaml:8:55: [0].tags.k8s.io/cluster-autoscaler/node-templates/label/x: unknown Cluster Autoscaler tag "k8s.io/cluster-autoscaler/node-templates/label/x" (did you mean "k8s.io/cluster-autoscaler/node-template/label/x"?)',
      'ng.yaml:9:84: [0].tags.k8s.io/cluster-autoscaler/node-template/autoscaling-options/scaledownunneeded: unknown autoscaling option "scaledownunneeded" (did you mean "scaledownunneededtime"?)',
      'ng.yaml:14:66: [1].mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity: fleetsim models a node group as all spot (0, with onDemandBaseCapacity 0) or all on-demand (100), found 50; split it into a spot group and an on-demand group',
      'ng.yaml:15:9: [2].name: duplicate node group "a" (also at ng.yaml:1)',
    ]);
  });

  it('needs a zone when the scenario gives none', () => {
    expect(problems('- {name: a, maxSize: 1, instanceType: m5.large}\n', {})).toEqual([
      'ng.yaml:1:3: [0]: required field "availabilityZones" is missing (expected a list of zones such as ["us-east-1a"])',
    ]);
  });
});

describe('EKS managed node groups', () => {
  it('reads scalingConfig, instanceTypes, capacityType and EKS taint effects, and adds the EKS labels', () => {
    const { nodeGroups, warnings } = fromYaml(`- nodegroupName: gpu-spot
  scalingConfig: {minSize: 0, maxSize: 4, desiredSize: 1}
  instanceTypes: [g5.xlarge]
  capacityType: SPOT
  labels: {accelerator: nvidia}
  taints:
    - {key: nvidia.com/gpu, value: "true", effect: NO_SCHEDULE}
  availabilityZones: [us-east-1b, us-east-1c]
  amiType: AL2023_x86_64_NVIDIA
  diskSize: 100
`);
    expect(nodeGroups).toEqual([
      {
        name: 'gpu-spot',
        minSize: 0,
        maxSize: 4,
        desiredCapacity: 1,
        instanceTypes: ['g5.xlarge'],
        zones: ['us-east-1b', 'us-east-1c'],
        capacityType: 'spot',
        labels: { accelerator: 'nvidia', 'eks.amazonaws.com/nodegroup': 'gpu-spot', 'eks.amazonaws.com/capacityType': 'SPOT' },
        taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('defaults to t3.medium on demand, and rejects bad capacity types and effects', () => {
    const { nodeGroups, warnings } = fromYaml('- {name: sys, scalingConfig: {maxSize: 3}}\n');
    expect(nodeGroups[0]).toMatchObject({ instanceTypes: ['t3.medium'], capacityType: 'on-demand', minSize: 0, desiredCapacity: 0, zones: ZONES });
    expect(warnings).toEqual(['ng.yaml:1: managed node group "sys": no instanceTypes; EKS defaults to t3.medium']);
    expect(problems('- name: x\n  scalingConfig: {maxSize: 3}\n  instanceTypes: [m5.large]\n  capacityType: spot\n  taints: [{key: a, effect: NoSchedule}]\n')).toEqual([
      'ng.yaml:4:17: [0].capacityType: expected one of "ON_DEMAND", "SPOT", found string "spot" (did you mean "SPOT"?)',
      'ng.yaml:5:29: [0].taints[0].effect: expected one of "NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE", found string "NoSchedule" (did you mean "NO_SCHEDULE"?)',
    ]);
  });
});
