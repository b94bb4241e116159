import { describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { YamlSource } from '../yaml-source.js';
import { defaultClusterAutoscalerOptions, parseClusterAutoscalerOptions, parsePriorities, type CaOptionsInput, type CaSource } from './index.js';

const SRC = { file: 'ca.yaml' };
const parse = (input: CaOptionsInput) => parseClusterAutoscalerOptions(input, SRC);
function problems(input: CaOptionsInput, src: CaSource = SRC): string[] {
  try {
    parseClusterAutoscalerOptions(input, src);
  } catch (e) {
    if (isInputError(e)) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('Cluster Autoscaler defaults by release', () => {
  it('uses random before 1.33 and least-waste from 1.33', () => {
    expect(defaultClusterAutoscalerOptions('1.32').expanders).toEqual(['random']);
    expect(defaultClusterAutoscalerOptions('1.33').expanders).toEqual(['least-waste']);
  });

  it('turns frequent loops on in 1.35', () => {
    expect(defaultClusterAutoscalerOptions('1.34').frequentLoopsEnabled).toBe(false);
    expect(defaultClusterAutoscalerOptions('1.35').frequentLoopsEnabled).toBe(true);
  });

  it('lowers the target on a timed-out scale-up from 1.36', () => {
    expect(defaultClusterAutoscalerOptions('1.35').decreaseTargetOnTimeout).toBe(false);
    expect(defaultClusterAutoscalerOptions('1.36').decreaseTargetOnTimeout).toBe(true);
  });

  it('has the documented defaults of every simulated flag', () => {
    expect(defaultClusterAutoscalerOptions('1.33')).toEqual({
      version: '1.33',
      expanders: ['least-waste'],
      frequentLoopsEnabled: false,
      scanIntervalSeconds: 10,
      scaleDownEnabled: true,
      scaleDownUtilizationThreshold: 0.5,
      scaleDownGpuUtilizationThreshold: 0.5,
      scaleDownUnneededSeconds: 600,
      scaleDownUnreadySeconds: 1200,
      scaleDownDelayAfterAddSeconds: 600,
      scaleDownDelayAfterDeleteSeconds: 0,
      scaleDownDelayAfterFailureSeconds: 180,
      maxNodeProvisionSeconds: 900,
      maxNodesTotal: 0,
      maxScaleDownParallelism: 10,
      maxDrainParallelism: 1,
      maxNodesPerScaleUp: 1000,
      balanceSimilarNodeGroups: false,
      newPodScaleUpDelaySeconds: 0,
      skipNodesWithSystemPods: true,
      skipNodesWithLocalStorage: true,
      skipNodesWithCustomControllerPods: true,
      initialNodeGroupBackoffSeconds: 300,
      maxNodeGroupBackoffSeconds: 1800,
      nodeGroupBackoffResetSeconds: 10_800,
      maxGracefulTerminationSeconds: 600,
      nodeDeleteDelayAfterTaintSeconds: 5,
      expendablePodsPriorityCutoff: -10,
      ignoreDaemonSetsUtilization: false,
      maxNodeStartupSeconds: 900,
      decreaseTargetOnTimeout: false,
      loopDurationBaseSeconds: 4,
      loopDurationPerNodeSeconds: 0.012,
    });
  });

  it('accepts versions as "v1.33.2", YAML numbers (1.3 is 1.30) and rejects unsupported releases', () => {
    expect(parse({ version: 'v1.33.2' }).options.version).toBe('1.33');
    expect(parse({ version: 1.3 }).options.version).toBe('1.30');
    expect(problems({ version: '1.29' })).toEqual(['ca.yaml: version: expected a Cluster Autoscaler release from 1.30 to 1.36 (e.g. "1.33"), found string "1.29"']);
  });
});

describe('Cluster Autoscaler flags', () => {
  it('reads a flags mapping and the Deployment args list alike', () => {
    const fromMap = parse({ version: '1.32', flags: { 'scan-interval': '30s', expander: 'priority,least-waste', 'balance-similar-node-groups': true, 'max-nodes-total': 200 } }).options;
    const fromArgs = parse({
      version: '1.32',
      flags: ['./cluster-autoscaler', '--scan-interval=30s', '--expander=priority,least-waste', '--balance-similar-node-groups', '--max-nodes-total', '200'],
    }).options;
    expect(fromArgs).toEqual(fromMap);
    expect(fromMap.scanIntervalSeconds).toBe(30);
    expect(fromMap.expanders).toEqual(['priority', 'least-waste']);
    expect(fromMap.balanceSimilarNodeGroups).toBe(true);
    expect(fromMap.maxNodesTotal).toBe(200);
  });

  it('parses Go durations, floats and booleans as the flag package does', () => {
    const { options } = parse({
      flags: ['--scale-down-unneeded-time=1h30m', '--scale-down-utilization-threshold=0.65', '--scale-down-enabled=false', '--new-pod-scale-up-delay=500ms', '--skip-nodes-with-local-storage=F'],
    });
    expect(options.scaleDownUnneededSeconds).toBe(5400);
    expect(options.scaleDownUtilizationThreshold).toBe(0.65);
    expect(options.scaleDownEnabled).toBe(false);
    expect(options.newPodScaleUpDelaySeconds).toBe(0.5);
    expect(options.skipNodesWithLocalStorage).toBe(false);
  });

  it('names the nearest real flag for a misspelt one', () => {
    expect(problems({ flags: ['--scale-down-unneded-time=5m'] })).toEqual(['ca.yaml: flags[0]: unknown Cluster Autoscaler flag --scale-down-unneded-time (did you mean --scale-down-unneeded-time?)']);
    expect(problems({ flags: { 'scan-intervall': '5s' } })).toEqual(['ca.yaml: flags.scan-intervall: unknown Cluster Autoscaler flag --scan-intervall (did you mean --scan-interval?)']);
  });

  it('reports bad values with what was expected, all at once, at the line of the flag', () => {
    const source = YamlSource.parse(
      's.yaml',
      `clusterAutoscaler:
  flags:
    - --scan-interval=10 seconds
    - --scale-down-utilization-threshold=1.5
    - --max-drain-parallelism=0
    - --expander=cheapest
    - --frequent-loops-enabled=maybe
`,
    );
    const flags = (source.value() as { clusterAutoscaler: { flags: unknown } }).clusterAutoscaler.flags;
    expect(problems({ flags }, { file: 's.yaml', locate: (p) => source.locate(['clusterAutoscaler', ...p]), pathPrefix: ['clusterAutoscaler'] })).toEqual([
      's.yaml:3:7: clusterAutoscaler.flags[0]: --scan-interval: expected a duration such as "10s", "10m" or "1h30m", found string "10 seconds"',
      's.yaml:4:7: clusterAutoscaler.flags[1]: --scale-down-utilization-threshold: expected a number from 0 to 1, found string "1.5"',
      's.yaml:5:7: clusterAutoscaler.flags[2]: --max-drain-parallelism: expected an integer ≥ 1, found string "0"',
      's.yaml:6:7: clusterAutoscaler.flags[3]: --expander: unknown expander "cheapest" (expected one of random, most-pods, least-waste, least-nodes, priority, price)',
      's.yaml:7:7: clusterAutoscaler.flags[4]: --frequent-loops-enabled: expected true or false, found string "maybe"',
    ]);
  });

  it('asks for a unit on bare numbers given as durations', () => {
    expect(problems({ flags: { 'scan-interval': 10 } })).toEqual(['ca.yaml: flags.scan-interval: --scan-interval: expected a duration such as "10s", "10m" or "1h30m", found number 10 (add a unit, e.g. "10s")']);
  });

  it('knows which release has which flag', () => {
    expect(problems({ version: '1.34', flags: ['--max-node-startup-time=20m'] })).toEqual(['ca.yaml: flags[0]: --max-node-startup-time does not exist in Cluster Autoscaler 1.34 (added in 1.35)']);
    expect(parse({ version: '1.35', flags: ['--max-node-startup-time=20m'] }).options.maxNodeStartupSeconds).toBe(1200);
    expect(problems({ version: '1.33', flags: ['--max-empty-bulk-delete=10'] })).toEqual(['ca.yaml: flags[0]: --max-empty-bulk-delete was removed in Cluster Autoscaler 1.33 (use --max-scale-down-parallelism)']);
    expect(parse({ version: '1.32', flags: ['--max-empty-bulk-delete=10'] }).warnings).toEqual(["ca.yaml: --max-empty-bulk-delete is a Cluster Autoscaler flag without effect in fleetsim's simulation; ignored"]);
  });

  it('accepts real flags without simulation effect with a warning, and warns on repeated flags', () => {
    const { warnings } = parse({ flags: ['--cloud-provider=aws', '--v=4', '--scan-interval=10s', '--scan-interval=20s', '--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled'] });
    expect(warnings).toEqual([
      "ca.yaml: --cloud-provider is a Cluster Autoscaler flag without effect in fleetsim's simulation; ignored",
      "ca.yaml: --v is a Cluster Autoscaler flag without effect in fleetsim's simulation; ignored",
      'ca.yaml: --scan-interval is set more than once; the last value wins',
      "ca.yaml: --node-group-auto-discovery is a Cluster Autoscaler flag without effect in fleetsim's simulation; ignored",
    ]);
  });

  it('refuses the grpc expander and warns about price and least-nodes', () => {
    expect(problems({ flags: { expander: 'grpc' } })).toEqual(['ca.yaml: flags.expander: --expander: "grpc" calls an external server, which fleetsim cannot simulate']);
    expect(parse({ flags: { expander: 'price' } }).warnings[0]).toMatch(/exits at start with "price"/);
  });

  it('overrides fleetsim knobs through `simulation`', () => {
    const { options } = parse({ version: '1.36', simulation: { loopDurationBaseSeconds: 2, loopDurationPerNodeSeconds: 0.02, decreaseTargetOnTimeout: false } });
    expect([options.loopDurationBaseSeconds, options.loopDurationPerNodeSeconds, options.decreaseTargetOnTimeout]).toEqual([2, 0.02, false]);
  });
});

describe('priority expander', () => {
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cluster-autoscaler-priority-expander', namespace: 'kube-system' },
    data: { priorities: '10:\n  - .*on-demand.*\n50:\n  - .*spot.*\n  - ^gpu-.*\n' },
  };

  it('reads the ConfigMap, its priorities text, or a mapping', () => {
    const expected = { 10: ['.*on-demand.*'], 50: ['.*spot.*', '^gpu-.*'] };
    expect(parsePriorities(configMap, SRC)).toEqual(expected);
    expect(parsePriorities(configMap.data.priorities, SRC)).toEqual(expected);
    expect(parsePriorities({ '10': ['.*on-demand.*'], '50': ['.*spot.*', '^gpu-.*'] }, SRC)).toEqual(expected);
    const { options, warnings } = parse({ flags: { expander: 'priority' }, priorities: configMap });
    expect(options.priorities).toEqual(expected);
    expect(warnings).toEqual([]);
  });

  it('validates names, keys and regexes (including what Go RE2 rejects)', () => {
    const bad = (v: unknown): string[] => {
      try {
        parsePriorities(v, SRC);
      } catch (e) {
        if (isInputError(e)) return e.message.split('\n');
        throw e;
      }
      return [];
    };
    expect(bad({ ...configMap, metadata: { name: 'priorities' } })).toEqual([
      'ca.yaml: metadata.name: the priority expander reads only the ConfigMap "cluster-autoscaler-priority-expander", found string "priorities"',
    ]);
    expect(bad('high:\n  - .*\n10: .*spot.*\n20:\n  - ".*[spot"\n  - "^(?!gpu).*"\n')).toEqual([
      'ca.yaml: priority 10: expected a list of regular expressions, found string ".*spot.*"',
      'ca.yaml: priority 20: invalid regular expression ".*[spot": Unterminated character class',
      'ca.yaml: priority 20: regular expression "^(?!gpu).*" uses a lookaround, which Go\'s RE2 (the Cluster Autoscaler) does not support',
      'ca.yaml: priority high: expected an integer priority as key, found "high"',
    ]);
  });

  it('warns when the expander chain and the priorities do not go together', () => {
    expect(parse({ version: '1.33', priorities: { '1': ['.*'] } }).warnings).toEqual(['ca.yaml: priorities are ignored: --expander (least-waste) does not include "priority"']);
    expect(parse({ flags: { expander: 'priority' } }).warnings).toEqual([
      'ca.yaml: --expander includes "priority" but no priorities are given: the priority expander passes every option through',
    ]);
  });
});
