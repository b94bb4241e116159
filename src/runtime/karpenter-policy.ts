import type { Policy, PolicyContext } from './policy.js';

// TEMPORARY while the engine lands (replaced in this session).
export function karpenterPolicy(_ctx: PolicyContext): Policy {
  throw new Error('the karpenter engine is not wired yet');
}
