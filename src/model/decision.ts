/**
 * One line of decisions.jsonl: every launch, disruption and scale decision, and every rejected candidate,
 * with the reason. `kind` names the decision; the remaining fields depend on it.
 */
export interface Decision {
  readonly at: number;
  /** Who decided: 'karpenter/provisioner', 'karpenter/disruption', 'cluster-autoscaler/scale-up', ... */
  readonly actor: string;
  readonly kind: string;
  readonly reason?: string;
  readonly [field: string]: unknown;
}

/** Where engines and baselines send their decisions. */
export interface DecisionSink {
  record(decision: Decision): void;
}

export const discardDecisions: DecisionSink = { record: () => undefined };
