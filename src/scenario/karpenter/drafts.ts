import type { NodeClass, NodePool } from '../../model/index.js';
import type { KubeletRead } from './kubelet.js';
import type { Path } from './reader.js';

/** A NodePool read from one manifest, before its NodeClass reference is resolved. */
export interface PoolDraft {
  readonly pool: NodePool;
  /** Path of the reference (for "missing NodeClass" problems). */
  readonly classRefPath: Path;
  /** v1beta1 / v1alpha5: kubelet settings that Karpenter v1 keeps on the NodeClass. */
  readonly kubelet?: KubeletRead & { readonly path: Path };
  /** v1alpha5 `spec.provider`: an inline node template, turned into a NodeClass named after the pool. */
  readonly inlineClass?: NodeClass;
  /** Object label for warnings, e.g. `karpenter.sh/v1beta1 NodePool "default"`. */
  readonly label: string;
  readonly path: Path;
}

export interface ClassDraft {
  readonly nodeClass: NodeClass;
  readonly label: string;
  readonly path: Path;
}

/** Warnings collected while reading (conversions of older APIs, accepted-but-ignored fields). */
export type Warn = (path: Path, message: string) => void;
