import { describe, expect, it } from 'vitest';
import { formatProblem, isInputError } from '../../src/scenario/errors.js';
import { scenarioOf } from './world.js';

function problemsOf(yaml: string): string[] {
  try {
    scenarioOf(yaml, 'bad.yaml');
  } catch (e) {
    if (isInputError(e)) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

// Line numbers below count from "name: bad" = line 1.
const BAD = `name: bad
horizon: 1h
policy: static
zones: [us-east-1a, us-east-1b]
cluster:
  podTemplates:
    web: { requests: { cpu: 100m, memory: 128Mi } }
initialState:
  nodes:
    - { name: n1, instanceType: m5.larg, zone: us-east-1a }
    - { name: n2, instanceType: m5.large, zone: us-east-1z }
    - { name: n1, instanceType: m5.large, zone: us-east-1a }
    - { name: n3, instanceType: m5.large, zone: us-east-1b, nodePool: default, nodeGroup: ng }
  controllers:
    - { kind: Deployment, name: web, template: wbe }
  pods:
    - { name: p1, node: n9, template: web }
    - { name: p1, node: n3, template: web }
    - { name: p2, node: n3, template: web, owner: { kind: Deployment, name: wep } }
`;

describe('initialState validation: file:line:column: path: message', () => {
  it('reports every problem at once, each at its field', () => {
    expect(problemsOf(BAD)).toEqual([
      'bad.yaml:10:33: initialState.nodes[0].instanceType: unknown instance type "m5.larg" (did you mean "m5.large"?)',
      'bad.yaml:11:49: initialState.nodes[1].zone: zone "us-east-1z" is not one of the scenario\'s zones (us-east-1a, us-east-1b)',
      'bad.yaml:12:15: initialState.nodes[2].name: duplicate node name "n1" (also initialState.nodes[0])',
      'bad.yaml:13:91: initialState.nodes[3].nodeGroup: give at most one of nodePool and nodeGroup, found both (nodePool "default", nodeGroup "ng")',
      'bad.yaml:15:48: initialState.controllers[0].template: unknown pod template "wbe" (did you mean "web"?)',
      'bad.yaml:17:25: initialState.pods[0].node: unknown node "n9" (not in initialState.nodes; did you mean "n1"?)',
      'bad.yaml:18:15: initialState.pods[1].name: duplicate pod "default/p1" (also initialState.pods[0])',
      'bad.yaml:19:51: initialState.pods[2].owner: unknown owner Deployment "wep" in namespace "default" (not in initialState.controllers; did you mean "web"?)',
    ]);
  });

  it('a pod that does not fit its node names the pod, the node, the resource, requested and free', () => {
    // m5.large: 2 vCPU, allocatable 2000m - 70m (EKS: 6 % of the first core + 1 % of the second) = 1930m.
    // DaemonSet 100m + p1 1000m leave 830m for p2's 1000m.
    const yaml = `name: fit
horizon: 1h
policy: static
zones: [us-east-1a]
cluster:
  daemonSets: [{ name: agent, requests: { cpu: 100m } }]
  podTemplates:
    one: { requests: { cpu: "1" } }
initialState:
  nodes: [{ name: n1, instanceType: m5.large, zone: us-east-1a }]
  pods:
    - { name: p1, node: n1, template: one }
    - { name: p2, node: n1, template: one }
`;
    expect(problemsOf(yaml)).toEqual([
      'bad.yaml:13:25: initialState.pods[1].node: pod "default/p2" does not fit node "n1" (m5.large): cpu requested 1000m, free 830m (allocatable 1930m, less DaemonSet pods and the pods listed before it)',
    ]);
    expect(problemsOf(yaml.replace('cpu: "1" }', 'cpu: 900m }'))).toEqual([]);
  });

  it('workload may be absent with an initialState (and static.nodes for the static policy), not without', () => {
    const ok = `name: ok
horizon: 1h
policy: static
zones: [us-east-1a]
initialState:
  nodes: [{ name: n1, instanceType: m5.large, zone: us-east-1a }]
`;
    expect(problemsOf(ok)).toEqual([]);
    expect(problemsOf(`${ok}workload: []\n`)).toEqual([]);
    const none = `name: none
horizon: 1h
static: { nodes: [{ instanceType: m5.large }] }
policy: static
`;
    expect(problemsOf(none)).toEqual([
      'bad.yaml:1:1: workload: required: a list of generators and traces (it may be empty or absent only when the scenario has an initialState)',
    ]);
  });
});
