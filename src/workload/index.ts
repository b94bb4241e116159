export * from './types.js';
export { mergeSources } from './merge.js';
export { WorkloadDriver, type DriverCluster, type DriverCounts, type DriverOptions } from './driver.js';
export {
  buildWorkload,
  validateWorkload,
  workloadSchema,
  traceSchema,
  traceTransformSchema,
  resolveTracePath,
  type BuildOptions,
  type BuiltWorkload,
  type WorkloadConfig,
  type WorkloadItem,
} from './config.js';
export {
  podTemplateSchema,
  podTemplatesSchema,
  buildPodTemplates,
  makePodSpec,
  BARE_SPEC,
  type PodTemplate,
  type PodTemplates,
  type PodTemplateInput,
  type PodOverrides,
} from './pod-template.js';
export { TemplateResolver, type TemplateMapping } from './template-resolver.js';
export { transformEvents, type TraceTransform } from './transform.js';
export { TRACE_FORMATS, traceFormats, guessFormat, openTrace, type TraceFormat } from './formats/index.js';
export { FleetsimTraceWriter, eventToRow } from './formats/fleetsim-writer.js';
export { readFleetsimTrace } from './formats/fleetsim-reader.js';
export { FLEETSIM_COLUMNS, FLEETSIM_HEADER, type TraceRow } from './formats/fleetsim-row.js';
export { HpaModel, DEFAULT_HPA_BEHAVIOR, type HpaSpec, type HpaBehavior } from './generators/hpa-model.js';
export { parseCron, nextCronTime, cronTimes } from '../model/cron.js';
export {
  inspectTrace,
  convertTrace,
  formatInspection,
  type TraceInspection,
  type InspectOptions,
  type ConvertOptions,
  type ConvertResult,
  type Percentiles,
} from './inspect.js';
