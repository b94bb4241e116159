import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { YamlSource } from '../yaml-source.js';
import { listInputFiles } from '../input-files.js';
import { readDocuments, type SourceDrafts } from './documents.js';
import { Reader, type Locate, type Path } from './reader.js';
import { resolveDrafts, type KarpenterConfig, type ResolveOptions } from './resolve.js';

export type { KarpenterConfig, ResolveOptions };

export interface KarpenterObjectsOptions extends ResolveOptions {
  /** Shown before every path in problems, e.g. `["karpenter", "manifests"]` for a scenario's inline list. */
  readonly pathPrefix?: Path;
}

function finish(sources: readonly SourceDrafts[], opts: ResolveOptions): KarpenterConfig {
  const config = resolveDrafts(sources, opts);
  const problems = sources.flatMap((s) => s.r.problems);
  if (problems.length > 0) throw new InputError(problems);
  return config;
}

function streamDrafts(source: YamlSource): SourceDrafts {
  const values = source.docs.map((_, i) => source.value(i));
  const locate: Locate = (p) => source.locate(p.slice(1), p[0] as number);
  return readDocuments(new Reader(source.file, locate, (p) => p.slice(1)), values);
}

/**
 * A multi-document YAML stream of Karpenter objects (karpenter.sh/v1 NodePool, karpenter.k8s.aws/v1
 * EC2NodeClass; v1beta1 NodePool/EC2NodeClass, v1alpha5 Provisioner and v1alpha1 AWSNodeTemplate are
 * converted with warnings; other objects are skipped with a warning) → the model.
 * Throws an InputError listing every problem with file:line:column and the field path.
 */
export function parseKarpenterManifests(source: YamlSource, opts: ResolveOptions = {}): KarpenterConfig {
  return finish([streamDrafts(source)], opts);
}

/**
 * Objects already parsed (a scenario's inline `karpenter.manifests: [...]`). `locate` gets paths relative to
 * `values` (`[index, "spec", ...]`), e.g. `(p) => scenario.locate(["karpenter", "manifests", ...p])`.
 */
export function parseKarpenterObjects(values: readonly unknown[], file: string, locate: Locate, opts: KarpenterObjectsOptions = {}): KarpenterConfig {
  const prefix = opts.pathPrefix ?? [];
  return finish([readDocuments(new Reader(file, locate, (p) => [...prefix, ...p]), values)], opts);
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml'];

/**
 * A manifest file, or a directory whose `*.yaml` / `*.yml` files (not recursive) are read in name order;
 * references resolve across all of them.
 */
export function loadKarpenterManifestsFromPath(path: string, opts: ResolveOptions = {}): KarpenterConfig {
  const files = listInputFiles(path, MANIFEST_EXTENSIONS, 'no *.yaml or *.yml files in this directory');
  const sources: SourceDrafts[] = [];
  const syntax: InputError[] = [];
  for (const file of files) {
    try {
      sources.push(streamDrafts(YamlSource.parseAll(file, readText(file))));
    } catch (e) {
      if (e instanceof InputError) syntax.push(e);
      else throw e;
    }
  }
  if (syntax.length > 0) throw new InputError(syntax.flatMap((e) => e.problems));
  return finish(sources, opts);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([{ file, message: `cannot read: ${(e as Error).message}` }], { cause: e });
  }
}
