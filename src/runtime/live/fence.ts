import type { CloudProvider } from '../../cloud/cloud-provider.js';
import type { Cluster } from '../../cluster/cluster.js';

/**
 * A kill switch between the engine and its ports, for crash tests: once `cut()`, every write is dropped
 * and no cloud answer is delivered any more — what the world sees of a process killed with SIGKILL
 * (requests already sent still complete on the server; nothing after that happens).
 */
export class Fence {
  private open = true;

  get isOpen(): boolean {
    return this.open;
  }

  cut(): void {
    this.open = false;
  }

  cluster(c: Cluster): Cluster {
    const guard = <A extends unknown[]>(f: (...a: A) => void) => (...a: A): void => {
      if (this.open) f(...a);
    };
    return {
      pods: () => c.pods(),
      pod: (uid) => c.pod(uid),
      podsOnNode: (n) => c.podsOnNode(n),
      pendingPods: () => c.pendingPods(),
      nodes: () => c.nodes(),
      node: (n) => c.node(n),
      nodeClaims: () => c.nodeClaims(),
      nodeClaim: (n) => c.nodeClaim(n),
      pdbs: () => c.pdbs(),
      daemonSets: () => c.daemonSets(),
      priorityClasses: () => c.priorityClasses(),
      watch: (l) =>
        c.watch((e) => {
          if (this.open) l(e);
        }),
      evictionBlockedBy: (uid) => c.evictionBlockedBy(uid),
      evictPod: (uid) => (this.open ? c.evictPod(uid) : { ok: false, reason: 'not-found' }),
      deletePod: guard((uid: string) => c.deletePod(uid)),
      createNodeClaim: guard((claim) => c.createNodeClaim(claim)),
      updateNodeClaimStatus: guard((name, patch) => c.updateNodeClaimStatus(name, patch)),
      deleteNodeClaim: guard((name: string) => c.deleteNodeClaim(name)),
      nominatePod: guard((uid: string, node: string | undefined) => c.nominatePod(uid, node)),
      setNodeLabels: guard((n, labels) => c.setNodeLabels(n, labels)),
      addNodeTaint: guard((n, t) => c.addNodeTaint(n, t)),
      removeNodeTaint: guard((n: string, key: string) => c.removeNodeTaint(n, key)),
      cordonNode: guard((n: string, on: boolean) => c.cordonNode(n, on)),
      deleteNode: guard((n: string) => c.deleteNode(n)),
    } satisfies Cluster;
  }

  cloud(p: CloudProvider): CloudProvider {
    const deliver = <T>(done: (v: T) => void) => (v: T): void => {
      if (this.open) done(v);
    };
    return {
      name: p.name,
      instanceTypes: (nc) => p.instanceTypes(nc),
      launch: (r, done) => {
        if (this.open) p.launch(r, deliver(done));
      },
      terminate: (id, done) => {
        if (this.open) p.terminate(id, deliver(done));
      },
      get: (id, done) => {
        if (this.open) p.get(id, deliver(done));
      },
      list: (tags, done) => {
        if (this.open) p.list(tags, deliver(done));
      },
      onEvent: (l) =>
        p.onEvent((e) => {
          if (this.open) l(e);
        }),
    };
  }
}
