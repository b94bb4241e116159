// Load the Node 20 compatibility shim before client-node (ES modules evaluate imports in order).
import './node-compat.js';

export * from '@kubernetes/client-node';
