import { parse } from 'csv-parse/sync';
import { stringify } from 'yaml';
import type { RunData } from '../../src/metrics/index.js';
import { billedSeconds } from '../../src/model/billing.js';
import { nodesCsv } from '../../src/report/csv.js';
import { buildSummary, type Summary } from '../../src/report/summary.js';
import { resolveScenario } from '../../src/runtime/resolve-scenario.js';
import { simulate } from '../../src/runtime/simulate.js';
import { parseScenario } from '../../src/scenario/load.js';
import type { PolicyName } from '../../src/scenario/schema.js';
import type { Doc } from './scenario-arbitrary.js';

export interface DocRun {
  readonly summary: Summary;
  readonly data: RunData;
}

/**
 * The document as a YAML file's text goes through the project's own load → resolve → simulate path (the
 * InvariantChecker runs inside and throws on a violation).
 */
export function runDoc(doc: Doc, policy: PolicyName, seed: number): DocRun {
  const loaded = parseScenario('property.yaml', stringify(doc, { aliasDuplicateObjects: false }));
  const resolved = resolveScenario(loaded);
  const result = simulate(resolved, { policy, seed });
  return { summary: buildSummary(result.data), data: result.data };
}

/** Problems with the run's outputs, checked against direct formulas (empty when all is well). */
export function totalsProblems(run: DocRun): string[] {
  const { summary: s, data } = run;
  const problems: string[] = [];
  const expect = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  const p = s.pods;
  expect(p.created === p.scheduled + p.neverScheduled, `pods: created ${p.created} != scheduled ${p.scheduled} + neverScheduled ${p.neverScheduled}`);
  expect(p.completed <= p.scheduled, `pods: completed ${p.completed} > scheduled ${p.scheduled}`);
  expect(p.pendingAtEnd <= p.neverScheduled, `pods: pendingAtEnd ${p.pendingAtEnd} > neverScheduled ${p.neverScheduled}`);
  expect(p.completed + p.evicted + p.pendingAtEnd <= p.created, `pods: completed + evicted + pendingAtEnd > created ${p.created}`);
  for (const v of Object.values(p)) expect(Number.isInteger(v) && v >= 0, `pods: non-count ${v}`);

  const horizon = s.horizonSeconds;
  const rows = parse([...nodesCsv(data)].join(''), { columns: true }) as Record<string, string>[];
  expect(rows.length === s.nodes.launched, `nodes.csv has ${rows.length} rows but ${s.nodes.launched} launched`);
  expect(rows.filter((r) => r.terminated !== '').length === s.nodes.terminated, `nodes.csv terminated rows != summary ${s.nodes.terminated}`);
  let csvCost = 0;
  let formulaCost = 0;
  for (const r of rows) {
    const launched = Number(r.launched);
    const end = r.terminated === '' ? horizon : Number(r.terminated);
    const billed = billedSeconds(launched, end);
    const direct = Math.max(60, Math.ceil(Math.max(0, end - launched) - 1e-6));
    expect(billed === direct && Number(r.billed_seconds) === direct, `${r.id}: billedSeconds ${r.billed_seconds}, expected ${direct}`);
    expect(end <= horizon + 1e-9 && launched >= 0 && end >= launched, `${r.id}: times ${launched} → ${end} outside [0, ${horizon}]`);
    const cost = (Number(r.price_per_hour) * direct) / 3600;
    expect(Math.abs(Number(r.cost) - cost) <= 1e-6, `${r.id}: costUsd ${r.cost}, expected ${cost}`);
    csvCost += Number(r.cost);
    formulaCost += cost;
  }
  const tol = 1e-6 * (rows.length + 1);
  expect(Math.abs(csvCost - s.cost.totalUsd) <= tol, `cost: Σ nodes.csv ${csvCost} != summary total ${s.cost.totalUsd}`);
  expect(Math.abs(formulaCost - s.cost.totalUsd) <= tol, `cost: Σ price × billed time ${formulaCost} != summary total ${s.cost.totalUsd}`);
  expect(Math.abs(s.cost.onDemandUsd + s.cost.spotUsd - s.cost.totalUsd) <= 2e-6, `cost: on-demand + spot != total`);
  return problems;
}
