import { KubeConfig } from '../../cluster/kube/client.js';

/**
 * A KubeConfig from a file, or the default chain ($KUBECONFIG, ~/.kube/config, the in-cluster service
 * account). client-node refuses plain-HTTP servers unless the cluster entry skips TLS verification;
 * fleetsim serve's API server is plain HTTP on localhost, so an `http://` cluster is marked that way
 * (there is no TLS to verify).
 */
export function loadKubeConfig(file?: string): KubeConfig {
  const kc = new KubeConfig();
  if (file) kc.loadFromFile(file);
  else kc.loadFromDefault();
  if (!kc.clusters.some((c) => c.server.startsWith('http:') && !c.skipTLSVerify)) return kc;
  const fixed = new KubeConfig();
  fixed.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.server.startsWith('http:') ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  return fixed;
}
