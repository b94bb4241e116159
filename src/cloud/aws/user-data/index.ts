export { defaultClusterDns, encodeUserData, type EksCluster, type NodeBootstrap } from './common.js';
export { MIME_BOUNDARY, NODEADM_CONTENT_TYPE, nodeConfig, nodeadmUserData, type MimePart } from './nodeadm.js';
export { bottlerocketUserData, tomlString } from './bottlerocket.js';
