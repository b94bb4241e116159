import { loadCatalog } from '../catalog/index.js';
import { MockEc2 } from '../cloud/mock-ec2/index.js';
import { SimCluster } from '../cluster/sim/index.js';
import type { InstanceType } from '../model/index.js';
import { RandomSource } from '../sim/random.js';
import { SimClock } from '../sim/sim-clock.js';
import type { ResolvedScenario } from './resolved-scenario.js';

/** The simulated world's parts before any policy or workload: clock, seeded randomness, catalog, mock EC2, cluster. */
export interface SimWorldParts {
  readonly clock: SimClock;
  readonly random: RandomSource;
  readonly catalog: readonly InstanceType[];
  readonly ec2: MockEc2;
  readonly cluster: SimCluster;
}

/** Builds them from the scenario (catalog, EC2 knobs, scheduler scoring, priority classes, DaemonSets, PDBs). */
export function createSimWorld(scenario: ResolvedScenario, seed: number): SimWorldParts {
  const clock = new SimClock();
  const random = new RandomSource(seed);
  const catalog = loadCatalog(scenario.catalogOptions);
  const ec2 = new MockEc2(clock, random, catalog, scenario.ec2Options);
  const cluster = new SimCluster(clock, random, { scoring: scenario.scoring });
  for (const pc of scenario.priorityClasses) cluster.addPriorityClass(pc);
  for (const ds of scenario.daemonSets) cluster.addDaemonSet(ds);
  for (const pdb of scenario.pdbs) cluster.addPdb(pdb);
  return { clock, random, catalog, ec2, cluster };
}
