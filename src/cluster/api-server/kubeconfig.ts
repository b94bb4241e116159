import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** Context, cluster and user name. Default "fleetsim". */
  readonly name?: string;
  /** A bearer token to send (the fleetsim server accepts any). Default "fleetsim". */
  readonly token?: string;
  readonly namespace?: string;
}

/** A kubeconfig file (YAML) pointing kubectl at a fleetsim API server. */
export function kubeconfigYaml(serverUrl: string, o: KubeconfigOptions = {}): string {
  const name = o.name ?? 'fleetsim';
  const cluster: Record<string, unknown> = { server: serverUrl };
  if (serverUrl.startsWith('https:')) cluster['insecure-skip-tls-verify'] = true;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: { token: o.token ?? 'fleetsim' } }],
    contexts: [{ name, context: { cluster: name, user: name, ...(o.namespace ? { namespace: o.namespace } : {}) } }],
    'current-context': name,
    preferences: {},
  });
}
