import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCluster } from '../../src/import/index.js';
import { formatProblem, InputError } from '../../src/scenario/errors.js';
import { runCli } from '../e2e/cli-capture.js';

const BAD = 'test/fixtures/import/bad';

function problemsOf(from: string): string[] {
  try {
    importCluster({ from });
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error(`${from} imported without errors`);
}

/**
 * `file:line:column` of the n-th occurrence of `text` in a file (read off the file itself); for a
 * `"key":` text, of the value after it.
 */
function at(file: string, text: string, n = 1): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const col = lines[i]!.indexOf(text);
    if (col >= 0 && ++seen === n) return `${file}:${i + 1}:${text.endsWith(':') ? col + text.length + 2 : col + 1}`;
  }
  throw new Error(`${text} not in ${file}`);
}

describe('malformed and partial exports give precise errors', () => {
  it('JSON cut short: the file, the line and column where it ends', () => {
    const file = `${BAD}/truncated.json`;
    const lines = readFileSync(file, 'utf8').split('\n').length;
    expect(problemsOf(file)).toEqual([expect.stringMatching(new RegExp(`^${file}:${lines}:1: not valid JSON: `))]);
  });

  it('a YAML document that is not a Kubernetes object', () => {
    expect(problemsOf(`${BAD}/not-kubernetes.yaml`)).toEqual([
      `${BAD}/not-kubernetes.yaml:2:1: required field "kind" is missing (expected kubectl output: a List or objects with apiVersion and kind)`,
    ]);
  });

  it('a List item that is not an object, by JSON pointer', () => {
    const file = `${BAD}/scalar-items.json`;
    expect(problemsOf(file)).toEqual([`${at(file, '"ip-192-168')}: /items/0: expected a Kubernetes object or a List, found "ip-192-168-10-11.ec2.internal"`]);
  });

  it('every problem of a file at once: missing name, bad replicas, missing containers, bad PDB value, bad quantity', () => {
    const file = `${BAD}/bad-quantity.json`;
    expect(problemsOf(file)).toEqual([
      `${at(file, '"metadata":', 6)}: /items/4/metadata: Pod: required field "metadata.name" is missing`,
      `${at(file, '"replicas":')}: /items/2/spec/replicas: Deployment shop/api: expected an integer >= 0, found -2`,
      `${at(file, '{}')}: /items/2/spec/template/spec: Deployment shop/api: required field "containers" is missing`,
      `${at(file, '"half"')}: /items/3/spec/minAvailable: PodDisruptionBudget shop/web: expected a non-negative integer or a percentage such as "50%", found "half"`,
      `${at(file, '"1.2.3"')}: /items/1/spec/containers/0/resources/requests/cpu: Pod shop/web-64c8d9f7b6-2mx9q: invalid quantity "1.2.3": expected a Kubernetes quantity such as "500m", "1.5", "2Gi", "1G" or "1e3"`,
    ]);
  });

  it('a partial export: pods without nodes, a ReplicaSet owner without ReplicaSets', () => {
    const dir = 'test/fixtures/import/partial-pods-only';
    expect(problemsOf(dir)).toEqual([
      `${dir}: no Node objects in the export; include nodes: kubectl get nodes,pods,deployments,... -A -o json`,
      `${at(`${dir}/pods.json`, '"ownerReferences":')}: /items/0/metadata/ownerReferences: Pod shop/web-64c8d9f7b6-2mx9q: owned by a ReplicaSet, but the export has no ReplicaSet objects; include replicasets in kubectl get`,
    ]);
  });

  it('a NodePool the scenario parser rejects is located in the exported file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-import-bad-nodepool-'));
    copyFileSync('test/fixtures/import/eks-small/cluster.json', join(dir, 'cluster.json'));
    writeFileSync(join(dir, 'karpenter.yaml'), readFileSync('test/fixtures/import/eks-small/karpenter.yaml', 'utf8').replace('operator: Gt', 'operator: Greater'));
    const file = join(dir, 'karpenter.yaml');
    expect(problemsOf(dir)).toEqual([
      `${at(file, 'Greater')}: /items/0/spec/template/spec/requirements/2/operator: NodePool general: expected one of "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", found string "Greater"`,
    ]);
  });

  it('paths that hold no export', () => {
    expect(problemsOf('test/fixtures/import/no-such-dir')).toEqual(['test/fixtures/import/no-such-dir: file or directory not found']);
    expect(problemsOf('test/fixtures/bad-input')[0]).toMatch(/no \*\.json, \*\.yaml or \*\.yml files|required field "kind"|expected a Kubernetes object/);
  });

  it('fleetsim import exits 2 and prints every problem as file:line:column: path: message', async () => {
    const r = await runCli(['import', '--from', `${BAD}/bad-quantity.json`, '--out', '/tmp/fleetsim-never-written.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${at(`${BAD}/bad-quantity.json`, '"1.2.3"')}: /items/1/spec/containers/0/resources/requests/cpu: Pod shop/web-64c8d9f7b6-2mx9q: invalid quantity "1.2.3"`);
    expect(r.stderr).toContain('5 problems found.');
    expect(r.stdout).toBe('');
  });

  it('a bad --horizon is a usage error (exit 2)', async () => {
    const r = await runCli(['import', '--from', 'test/fixtures/import/eks-small', '--out', '/tmp/x.yaml', '--horizon', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--horizon expects a duration');
  });
});
