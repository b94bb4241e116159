import type { CatalogOptions } from '../catalog/index.js';
import type { MockEc2Options } from '../cloud/mock-ec2/index.js';
import type { ScoringStrategy } from '../cluster/sim/index.js';
import type {
  ClusterAutoscalerOptions,
  DaemonSet,
  NodeClass,
  NodeGroupSpec,
  NodePool,
  PodDisruptionBudget,
  PriorityClass,
  Taint,
} from '../model/index.js';
import type { RandomSource } from '../sim/random.js';
import type { PolicyName } from '../scenario/schema.js';
import type { WorkloadSource, WorkloadStats } from '../workload/types.js';
import type { InitialState } from './initial-state.js';

export interface StaticNodeSpec {
  readonly instanceType: string;
  readonly zone?: string;
  readonly capacityType?: 'on-demand' | 'spot';
  readonly count: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
}

export interface KarpenterChange {
  readonly atSeconds: number;
  readonly nodePools: readonly NodePool[];
  readonly nodeClasses: readonly NodeClass[];
}

export interface KarpenterSetup {
  readonly nodePools: readonly NodePool[];
  readonly nodeClasses: readonly NodeClass[];
  /** Scripted configuration changes (the whole configuration after each), in time order. */
  readonly changes: readonly KarpenterChange[];
  readonly batchIdleSeconds?: number;
  readonly batchMaxSeconds?: number;
  readonly spotToSpotConsolidation?: boolean;
  /** Karpenter's MIN_VALUES_POLICY: Strict (default) fails a NodeClaim whose minValues cannot be met; BestEffort relaxes them. */
  readonly minValuesPolicy?: 'Strict' | 'BestEffort';
  readonly consolidation?: boolean;
}

export interface ClusterAutoscalerSetup {
  readonly options: ClusterAutoscalerOptions;
  readonly nodeGroups: readonly NodeGroupSpec[];
  /** True when the node groups were derived from the Karpenter NodePools. */
  readonly derived: boolean;
}

/** A workload built for one run: its sources (fresh iterators) and the PDBs its templates bring. */
export interface RunWorkload {
  readonly source: WorkloadSource;
  readonly pdbs: readonly PodDisruptionBudget[];
  /** Read/used/skipped/filtered totals, complete once the source has been consumed. */
  stats(): WorkloadStats;
}

/** A scenario with every file it names read and every section turned into model objects. */
export interface ResolvedScenario {
  readonly file: string;
  readonly name: string;
  readonly baseDir: string;
  readonly horizonSeconds: number;
  readonly seed: number;
  readonly region: string;
  readonly zones: readonly string[];
  readonly defaultPolicy: PolicyName;
  readonly comparePolicies: readonly PolicyName[];
  readonly catalogOptions: CatalogOptions;
  readonly ec2Options: MockEc2Options;
  readonly staticNodes: readonly StaticNodeSpec[];
  /** The cluster the run starts from (nodes, pods, controllers at time 0), when the scenario has one. */
  readonly initialState?: InitialState;
  readonly karpenter?: KarpenterSetup;
  readonly clusterAutoscaler?: ClusterAutoscalerSetup;
  readonly scoring: ScoringStrategy;
  readonly daemonSets: readonly DaemonSet[];
  readonly pdbs: readonly PodDisruptionBudget[];
  readonly priorityClasses: readonly PriorityClass[];
  readonly reportStepSeconds: number;
  /** Builds the workload afresh for a run (sources are single-use iterators). */
  buildWorkload(random: RandomSource): RunWorkload;
  readonly warnings: readonly string[];
}
