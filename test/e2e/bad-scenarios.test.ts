import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-capture.js';

const dir = 'test/fixtures/bad-scenarios';

/** Each bad scenario and the exact error lines `fleetsim validate` must print (file:line:column: path: message). */
const CASES: readonly [string, readonly string[]][] = [
  ['unknown-field.yaml', [`${dir}/unknown-field.yaml:7:7: static.nodes[0].cuont: unknown field "cuont" (did you mean "count"?)`]],
  ['bad-duration.yaml', [`${dir}/bad-duration.yaml:2:10: horizon: expected a duration such as "30s", "10m", "6h" or "7d", found "six hours"`]],
  ['unknown-instance-type.yaml', [`${dir}/unknown-instance-type.yaml:6:23: static.nodes[0].instanceType: unknown instance type "m5.larg" (did you mean "m5.large"?)`]],
  ['missing-policy-section.yaml', [`${dir}/missing-policy-section.yaml:3:9: policy: policy "karpenter" needs a "karpenter.manifests" section`]],
  [
    'wrong-types.yaml',
    [
      `${dir}/wrong-types.yaml:3:7: seed: expected number, found string "one"`,
      `${dir}/wrong-types.yaml:4:8: zones: expected array, found string "us-east-1a"`,
    ],
  ],
  ['empty.yaml', [`${dir}/empty.yaml: empty file, expected a scenario (YAML mapping with name, horizon, workload, ...)`]],
  ['bad-quantity.yaml', [`${dir}/bad-quantity.yaml:8:39: cluster.daemonSets[0].requests.cpu:`]],
];

describe('bad scenario files', () => {
  for (const [file, expected] of CASES) {
    it(`${file}: validate exits 2 with the precise error and no stack trace`, async () => {
      const { code, stderr } = await runCli(['validate', join(dir, file)]);
      expect(code).toBe(2);
      for (const line of expected) expect(stderr).toContain(`error: ${line}`);
      expect(stderr).not.toMatch(/^\s+at /m);
    });
  }

  it('yaml-syntax.yaml: a YAML syntax error names its line and column', async () => {
    const { code, stderr } = await runCli(['validate', join(dir, 'yaml-syntax.yaml')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`error: ${dir}/yaml-syntax\\.yaml:\\d+:\\d+: YAML syntax:`));
  });

  it('run on a bad scenario exits 2 and writes no report', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-bad-')), 'out');
    const { code } = await runCli(['run', join(dir, 'unknown-field.yaml'), '--out', out]);
    expect(code).toBe(2);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });

  it('a missing file is bad input, not a crash', async () => {
    const { code, stderr } = await runCli(['validate', 'no/such/scenario.yaml']);
    expect(code).toBe(2);
    expect(stderr).toContain('error: no/such/scenario.yaml: file not found');
  });

  it('an unknown flag is a usage error (exit 2)', async () => {
    const { code } = await runCli(['run', 'scenarios/static.yaml', '--sed', '3']);
    expect(code).toBe(2);
  });
});

describe('bad flags', () => {
  it('a flag value out of range is bad input (exit 2) with the reason', async () => {
    const { code, stderr } = await runCli(['compare', 'scenarios/static.yaml', '--seeds', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('--seeds expects an integer >= 1, got "0"');
  });
});
