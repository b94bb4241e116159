export { ApiServer, type ApiServerOptions } from './server.js';
export { ApiFaults, type RequestRecord } from './faults.js';
export { ResourceStore, type StoreEvent, type StoredObject, type WatchEventType } from './store.js';
export { DeploymentRegistry, type DeploymentRecord, type ServedCluster } from './deployments.js';
export { kubeconfigYaml, type KubeconfigOptions } from './kubeconfig.js';
export { RESOURCES, type ResourceInfo } from './resources.js';
export { humanDuration } from './table.js';
