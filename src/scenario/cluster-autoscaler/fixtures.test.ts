import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { YamlSource } from '../yaml-source.js';
import { parseClusterAutoscalerOptions, parseNodeGroups } from './index.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/manifests/cluster-autoscaler/', import.meta.url));

describe('a real Cluster Autoscaler Deployment, its priority ConfigMap and node groups', () => {
  it('reads the container args and the ConfigMap as they are deployed', () => {
    const source = YamlSource.parseAll('deployment.yaml', readFileSync(`${dir}deployment.yaml`, 'utf8'));
    const deployment = source.value(0) as { spec: { template: { spec: { containers: { command: string[]; args: string[] }[] } } } };
    const container = deployment.spec.template.spec.containers[0]!;
    const argsPath = ['spec', 'template', 'spec', 'containers', 0, 'args'];
    const { options, warnings } = parseClusterAutoscalerOptions(
      { version: 'v1.33.0', flags: [...container.command, ...container.args], priorities: source.value(1) },
      { file: 'deployment.yaml', locate: (p) => (p[0] === 'flags' ? source.locate([...argsPath, (p[1] as number) - 1]) : {}) },
    );
    expect(options.expanders).toEqual(['priority', 'least-waste']);
    expect(options.skipNodesWithLocalStorage).toBe(false);
    expect(options.balanceSimilarNodeGroups).toBe(true);
    expect(options.scaleDownUnneededSeconds).toBe(300);
    expect(options.scaleDownDelayAfterAddSeconds).toBe(120);
    expect(options.frequentLoopsEnabled).toBe(false); // 1.33 default
    expect(options.priorities).toEqual({ 10: ['.*-on-demand'], 50: ['.*-spot'] });
    expect(warnings).toEqual([
      "deployment.yaml:16: --v is a Cluster Autoscaler flag without effect in fleetsim's simulation; ignored",
      "deployment.yaml:17: --stderrthreshold is a Cluster Autoscaler flag without effect in fleetsim's simulation; ignored",
      "deployment.yaml:18: --cloud-provider is a Cluster Autoscaler flag without effect in fleetsim's simulation; ignored",
      "deployment.yaml:21: --node-group-auto-discovery is a Cluster Autoscaler flag without effect in fleetsim's simulation; ignored",
    ]);
  });

  it('reads the sample node groups', () => {
    const source = YamlSource.parse('node-groups.yaml', readFileSync(`${dir}node-groups.yaml`, 'utf8'));
    const { nodeGroups } = parseNodeGroups(source.value(), { file: 'node-groups.yaml', locate: (p) => source.locate(p) });
    expect(nodeGroups.map((g) => [g.name, g.capacityType, g.instanceTypes, g.minSize, g.maxSize, g.desiredCapacity])).toEqual([
      ['web-spot', 'spot', ['m5.xlarge', 'm5a.xlarge'], 0, 30, 0],
      ['web-on-demand', 'on-demand', ['m5.xlarge'], 1, 10, 2],
    ]);
    expect(nodeGroups[0]!.labels).toEqual({ workload: 'web' });
    expect(nodeGroups[0]!.taints).toEqual([{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }]);
    expect(nodeGroups[1]!.labels).toEqual({ workload: 'web', 'eks.amazonaws.com/nodegroup': 'web-on-demand', 'eks.amazonaws.com/capacityType': 'ON_DEMAND' });
  });
});
