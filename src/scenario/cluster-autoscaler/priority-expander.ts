import { parse as parseYaml } from 'yaml';
import { describeFound, isObj, type Path, type Reader } from '../karpenter/reader.js';

/** The ConfigMap the priority expander reads (in the Cluster Autoscaler's namespace). */
export const PRIORITY_EXPANDER_CONFIGMAP = 'cluster-autoscaler-priority-expander';

export type Priorities = Readonly<Record<number, readonly string[]>>;

/** Why a regex is unusable by the Cluster Autoscaler (Go RE2) or by fleetsim (JavaScript), or undefined. */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
  } catch (e) {
    return `invalid regular expression ${JSON.stringify(source)}: ${(e as Error).message.replace(/^Invalid regular expression: (\/.*\/[a-z]*: )?/s, '')}`;
  }
  if (/\(\?<?[=!]/.test(source)) return `regular expression ${JSON.stringify(source)} uses a lookaround, which Go's RE2 (the Cluster Autoscaler) does not support`;
  if (/\\[1-9]|\\k</.test(source)) return `regular expression ${JSON.stringify(source)} uses a back-reference, which Go's RE2 (the Cluster Autoscaler) does not support`;
  return undefined;
}

/**
 * The priority expander's configuration, in any of three forms: the ConfigMap object
 * (`data.priorities` holds YAML text), the `priorities` YAML text itself (`10:\n  - .*spot.*`), or a
 * mapping `{10: [".*spot.*"]}`. Keys are integer priorities (higher wins); values are lists of regular
 * expressions over node-group names, matched unanchored as Go's MatchString does.
 */
export function readPriorities(r: Reader, value: unknown, path: Path): Priorities | undefined {
  if (isObj(value) && (value.kind !== undefined || value.data !== undefined || value.apiVersion !== undefined)) {
    const cm = r.object(value, path, ['apiVersion', 'kind', 'metadata', 'data']);
    if (!cm) return undefined;
    if (cm.kind !== 'ConfigMap') return r.expected([...path, 'kind'], '"ConfigMap"', cm.kind);
    const name = isObj(cm.metadata) ? cm.metadata.name : undefined;
    if (name !== PRIORITY_EXPANDER_CONFIGMAP) {
      return r.problem(isObj(cm.metadata) ? [...path, 'metadata', 'name'] : path, `the priority expander reads only the ConfigMap "${PRIORITY_EXPANDER_CONFIGMAP}", found ${describeFound(name)}`);
    }
    const data = r.object(cm.data, [...path, 'data'], ['priorities']);
    if (!data) return undefined;
    if (data.priorities === undefined) return r.problem([...path, 'data'], 'required field "priorities" is missing (expected YAML text such as "10:\\n  - .*spot.*")');
    return readPriorities(r, data.priorities, [...path, 'data', 'priorities']);
  }
  if (typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = parseYaml(value);
    } catch (e) {
      return r.problem(path, `the priorities text is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    if (!isObj(parsed)) return r.expected(path, 'YAML text of a mapping from priorities to lists of regular expressions', parsed);
    return readPriorityMap(r, parsed, path, true);
  }
  if (!isObj(value)) return r.expected(path, 'a mapping from priorities to lists of regular expressions, or the ConfigMap', value);
  return readPriorityMap(r, value, path, false);
}

function readPriorityMap(r: Reader, map: Readonly<Record<string, unknown>>, path: Path, fromText: boolean): Priorities | undefined {
  const out: Record<number, string[]> = {};
  let ok = true;
  const at = (key: string, i?: number): Path => (fromText ? path : i === undefined ? [...path, key] : [...path, key, i]);
  const inText = (key: string): string => (fromText ? `priority ${key}: ` : '');
  for (const [key, regexes] of Object.entries(map)) {
    if (!/^-?\d+$/.test(key)) {
      ok = r.problem(at(key), `${inText(key)}expected an integer priority as key, found ${JSON.stringify(key)}`) ?? false;
      continue;
    }
    const list = Array.isArray(regexes) ? regexes : undefined;
    if (!list) {
      ok = r.problem(at(key), `${inText(key)}expected a list of regular expressions, found ${describeFound(regexes)}`) ?? false;
      continue;
    }
    const good: string[] = [];
    list.forEach((re, i) => {
      if (typeof re !== 'string') ok = r.problem(at(key, i), `${inText(key)}expected a regular expression (string), found ${describeFound(re)}`) ?? false;
      else {
        const problem = regexProblem(re);
        if (problem) ok = r.problem(at(key, i), `${inText(key)}${problem}`) ?? false;
        else good.push(re);
      }
    });
    out[Number(key)] = good;
  }
  return ok ? out : undefined;
}
