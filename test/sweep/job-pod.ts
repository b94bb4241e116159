/** The parts of an emitted Job the tests read, and how Kubernetes would start one of its pods. */
export interface JobContainer {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  readonly volumeMounts?: readonly { name: string; mountPath: string }[];
}

export interface JobManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec: {
    readonly completionMode: string;
    readonly completions: number;
    readonly parallelism: number;
    readonly backoffLimitPerIndex?: number;
    readonly template: {
      readonly metadata?: { readonly labels?: Record<string, string> };
      readonly spec: {
        readonly restartPolicy: string;
        readonly containers: readonly JobContainer[];
        readonly volumes?: readonly { name: string; persistentVolumeClaim?: { claimName: string } }[];
      };
    };
  };
}

const INDEX_ANNOTATION = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

/**
 * Kubernetes' expansion of command and args: `$(VAR)` becomes the value of the container's env var VAR
 * when defined (left as written otherwise), and `$$` a literal `$`.
 */
export function expandK8s(text: string, env: ReadonlyMap<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return env.has(name!) ? env.get(name!)! : m;
  });
}

/** The command line of the pod with completion index `index`, as its container would see it. */
export function podCommand(container: JobContainer, index: number): string[] {
  const env = new Map<string, string>();
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env.set(e.name, e.value);
    else if (e.valueFrom?.fieldRef?.fieldPath === INDEX_ANNOTATION) env.set(e.name, String(index));
  }
  return [...container.command, ...(container.args ?? [])].map((a) => expandK8s(a, env));
}
