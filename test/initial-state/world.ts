import type { Node, Pod } from '../../src/model/index.js';
import { isDaemonSetPod } from '../../src/model/index.js';
import { resolveScenario } from '../../src/runtime/resolve-scenario.js';
import type { ResolvedScenario } from '../../src/runtime/resolved-scenario.js';
import { simulate, type SimulationResult, type SimulationWorld } from '../../src/runtime/simulate.js';
import type { PolicyName } from '../../src/scenario/schema.js';
import { parseScenario } from '../../src/scenario/load.js';

/** Resolve a scenario given as YAML text (file name only for messages). */
export function scenarioOf(yaml: string, file = 'initial.yaml'): ResolvedScenario {
  return resolveScenario(parseScenario(file, yaml));
}

/** Simulate; `look` runs with the world before time moves (schedule probes on its clock). */
export function run(s: ResolvedScenario, policy: PolicyName, look?: (w: SimulationWorld) => void): SimulationResult {
  return simulate(s, { policy, seed: 1, ...(look ? { onWorld: look } : {}) });
}

/** Non-DaemonSet pods by node name (sorted names), unbound ones under "". */
export function podsByNode(pods: Iterable<Pod>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of pods) {
    if (isDaemonSetPod(p)) continue;
    (out[p.status.nodeName ?? ''] ??= []).push(p.name);
  }
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

export function nodeNames(nodes: Iterable<Node>): string[] {
  return [...nodes].map((n) => n.name).sort();
}
