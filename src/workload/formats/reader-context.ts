import type { BadRowPolicy } from '../io/bad-rows.js';
import type { TemplateResolver } from '../template-resolver.js';
import type { SourceStats } from '../types.js';

/** What every trace reader gets: the file, template resolution, the bad-row policy, its counters. */
export interface ReaderContext {
  readonly file: string;
  readonly resolver: TemplateResolver;
  readonly onBadRow: BadRowPolicy;
  readonly stats: SourceStats;
}
