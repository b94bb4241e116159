import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { isInputError } from '../errors.js';
import { YamlSource } from '../yaml-source.js';
import { loadKarpenterManifestsFromPath, parseKarpenterManifests, parseKarpenterObjects } from './index.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/manifests/', import.meta.url));
const parse = (text: string, opts = {}) => parseKarpenterManifests(YamlSource.parseAll('m.yaml', text), opts);
function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (isInputError(e)) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected an InputError');
}

const POOL = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: p
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
`;

describe('loading Karpenter manifests', () => {
  it('reads the *.yaml and *.yml files of a directory in name order and resolves references across them', () => {
    const config = loadKarpenterManifestsFromPath(`${fixtures}dir`);
    expect(config.nodePools.map((p) => [p.name, p.nodeClassName, p.weight])).toEqual([
      ['general', 'default', 0],
      ['gpu', 'gpu', 10],
    ]);
    expect(config.nodeClasses.map((c) => [c.name, c.amiFamily, c.amiId])).toEqual([
      ['default', 'AL2023', 'al2023@latest'],
      ['gpu', 'Bottlerocket', 'bottlerocket@latest'],
    ]);
    expect(config.warnings).toEqual([]);
  });

  it('reads a single file and names a missing path', () => {
    expect(loadKarpenterManifestsFromPath(`${fixtures}good/v1-default.yaml`).nodePools).toHaveLength(1);
    expect(problemsOf(() => loadKarpenterManifestsFromPath(`${fixtures}nope`))).toEqual([`${fixtures}nope: file or directory not found`]);
  });

  it('reports a NodePool whose EC2NodeClass does not exist, with a did-you-mean hint', () => {
    expect(problemsOf(() => loadKarpenterManifestsFromPath(`${fixtures}bad/missing-class.yaml`))).toEqual([
      `${fixtures}bad/missing-class.yaml:8:21: spec.template.spec.nodeClassRef: EC2NodeClass "defualt" not found (did you mean "default"?)`,
    ]);
  });

  it('gives NodePools a default class when no node class is given at all, with a warning', () => {
    const config = parse(POOL);
    expect(config.nodeClasses).toEqual([{ name: 'default', amiFamily: 'AL2023', amiId: 'al2023@latest', kubelet: {}, tags: {}, blockDeviceGiB: 20, recorded: {} }]);
    expect(config.warnings).toEqual([
      `m.yaml:8: karpenter.sh/v1 NodePool "p": no EC2NodeClass given; using fleetsim's default class "default" (AL2023, alias al2023@latest, default kubelet, 20 GiB root volume)`,
    ]);
    expect(problemsOf(() => parse(POOL, { defaultNodeClass: false }))).toEqual(['m.yaml:8:21: spec.template.spec.nodeClassRef: EC2NodeClass "default" not found']);
  });

  it('reads inline objects with the scenario path as prefix', () => {
    const scenario = YamlSource.parse(
      's.yaml',
      `karpenter:
  manifests:
    - apiVersion: karpenter.sh/v1
      kind: NodePool
      metadata: {name: p}
      spec:
        template:
          spec:
            nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
        weight: 500
`,
    );
    const values = (scenario.value() as { karpenter: { manifests: unknown[] } }).karpenter.manifests;
    const run = () => parseKarpenterObjects(values, 's.yaml', (p) => scenario.locate(['karpenter', 'manifests', ...p]), { pathPrefix: ['karpenter', 'manifests'] });
    expect(problemsOf(run)).toEqual(['s.yaml:10:17: karpenter.manifests[0].spec.weight: expected an integer from 1 to 100, found number 500']);
    const ok = parseYaml('- {apiVersion: karpenter.sh/v1, kind: NodePool, metadata: {name: q}, spec: {template: {spec: {nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: d}}}}}') as unknown[];
    expect(parseKarpenterObjects(ok, 'inline', () => ({})).nodePools[0]!.nodeClassName).toBe('d');
  });

  it('rejects duplicates, unknown kinds and wrong versions; skips other objects; expands lists', () => {
    const text = `${POOL}---
${POOL}---
apiVersion: karpenter.sh/v1
kind: NodePol
metadata: {name: x}
---
apiVersion: karpenter.sh/v1
kind: EC2NodeClass
metadata: {name: y}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
---
apiVersion: v1
kind: List
items:
  - apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata: {name: default}
    spec: {amiSelectorTerms: [{alias: al2023@latest}]}
`;
    let warnings: string[] = [];
    expect(
      problemsOf(() => {
        warnings = parse(text).warnings;
      }),
    ).toEqual([
      'm.yaml:20:7: kind: expected one of "NodePool", "Provisioner", "EC2NodeClass", "AWSNodeTemplate", found string "NodePol" (did you mean "NodePool"?)',
      'm.yaml:23:13: apiVersion: EC2NodeClass is served as "karpenter.k8s.aws/v1" or "karpenter.k8s.aws/v1beta1", found string "karpenter.sh/v1"',
      'm.yaml:10:1: duplicate NodePool "p" (karpenter.sh/v1 NodePool "p"; also defined at m.yaml:1)',
    ]);
    expect(warnings).toEqual([]);
    const skipped = parse(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n${POOL}`);
    expect(skipped.warnings[0]).toBe('m.yaml:1: apps/v1 Deployment "web": not a Karpenter object; ignored');
  });

  it('reports YAML syntax errors of every file of a directory', () => {
    expect(problemsOf(() => parseKarpenterManifests(YamlSource.parseAll('x.yaml', 'a: [unclosed\n')))[0]).toMatch(/^x\.yaml:\d+:\d+: YAML syntax:/);
  });
});
