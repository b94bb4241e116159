/** `fleetsim import`: a kubectl export of a cluster → a scenario starting from that cluster. */
export { importCluster, exportTime, type ImportOptions, type ImportResult } from './build.js';
export { ImportReport, type ReportItem, type ReportSection } from './report.js';
export { scenarioYaml, writeScenario } from './write.js';
export { podRequests, containerRequests, formatCpu, formatBytes, formatRequests, type ResourceNanos } from './requests.js';
