import type { V1Container, V1PodSpec } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpu, formatRequests, podRequests, type ResourceNanos } from '../../src/import/requests.js';

const c = (name: string, requests?: Record<string, string>, limits?: Record<string, string>, restartPolicy?: string): V1Container => ({
  name,
  ...(requests || limits ? { resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } } : {}),
  ...(restartPolicy ? { restartPolicy } : {}),
});

function requestsOf(spec: V1PodSpec, limits?: Parameters<typeof podRequests>[2]): { r: Record<string, string>; missing: readonly string[]; problems: string[] } {
  const problems: string[] = [];
  const out = podRequests(spec, ['spec'], limits, (p, m) => problems.push(`${p.join('.')}: ${m}`));
  return { r: formatRequests(out.requests), missing: out.missing, problems };
}

describe('pod effective requests (Kubernetes PodRequests)', () => {
  it('sums the containers', () => {
    expect(requestsOf({ containers: [c('a', { cpu: '250m', memory: '256Mi' }), c('b', { cpu: '0.5', memory: '1Gi' })] }).r).toEqual({ cpu: '750m', memory: '1280Mi' });
  });

  it('takes the largest init container when it exceeds the sum', () => {
    // containers 300m/320Mi; init 2/128Mi → cpu max(300m, 2) = 2, memory max(320Mi, 128Mi) = 320Mi
    expect(requestsOf({ containers: [c('a', { cpu: '300m', memory: '320Mi' })], initContainers: [c('init', { cpu: '2', memory: '128Mi' })] }).r).toEqual({ cpu: '2', memory: '320Mi' });
  });

  it('adds sidecars (restartPolicy Always init containers) to the sum and to the init containers after them', () => {
    // containers 250m/256Mi, sidecar 50m/64Mi then a 1-cpu/128Mi migration:
    // sum = 300m/320Mi; the migration runs beside the sidecar: 1050m/192Mi → cpu 1050m, memory 320Mi
    const spec: V1PodSpec = { containers: [c('api', { cpu: '250m', memory: '256Mi' })], initContainers: [c('envoy', { cpu: '50m', memory: '64Mi' }, undefined, 'Always'), c('migrate', { cpu: '1', memory: '128Mi' })] };
    expect(requestsOf(spec).r).toEqual({ cpu: '1050m', memory: '320Mi' });
    // An init container before the sidecar does not run beside it: max(300m, 1) = 1 cpu.
    const before: V1PodSpec = { containers: [c('api', { cpu: '250m', memory: '256Mi' })], initContainers: [c('migrate', { cpu: '1', memory: '128Mi' }), c('envoy', { cpu: '50m', memory: '64Mi' }, undefined, 'Always')] };
    expect(requestsOf(before).r).toEqual({ cpu: '1', memory: '320Mi' });
  });

  it('adds spec.overhead (RuntimeClass)', () => {
    expect(requestsOf({ containers: [c('a', { cpu: '100m', memory: '100Mi' })], overhead: { cpu: '250m', memory: '120Mi' } }).r).toEqual({ cpu: '350m', memory: '220Mi' });
  });

  it('a limit without a request is the request (API defaulting)', () => {
    expect(requestsOf({ containers: [c('a', { memory: '64Mi' }, { cpu: '1', memory: '128Mi' })] }).r).toEqual({ cpu: '1', memory: '64Mi' });
  });

  it('LimitRange defaults: defaultRequest first, else the default limit; explicit requests and limits win', () => {
    const lr = { defaultRequest: { cpu: '100m' }, default: { cpu: '500m', memory: '512Mi' }, source: 'legacy/defaults' };
    // no resources → cpu from defaultRequest, memory from default (the API server copies default into defaultRequest)
    expect(requestsOf({ containers: [c('a')] }, lr).r).toEqual({ cpu: '100m', memory: '512Mi' });
    // a container limit is its request before the LimitRange applies
    expect(requestsOf({ containers: [c('a', undefined, { cpu: '2' })] }, lr).r).toEqual({ cpu: '2', memory: '512Mi' });
  });

  it('reports containers with no cpu or memory request', () => {
    const { missing } = requestsOf({ containers: [c('shell'), c('sidecar', { cpu: '10m' })] });
    expect(missing).toEqual(['shell (cpu, memory)', 'sidecar (memory)']);
  });

  it('sums exactly in Quantity arithmetic before rounding (3 × 0.1 cpu = 300m; 1G + 1Gi bytes)', () => {
    expect(requestsOf({ containers: [c('a', { cpu: '0.1' }), c('b', { cpu: '0.1' }), c('c', { cpu: '100m' })] }).r).toEqual({ cpu: '300m' });
    expect(requestsOf({ containers: [c('a', { memory: '1G' }), c('b', { memory: '1Gi' })] }).r).toEqual({ memory: String(1e9 + 2 ** 30) });
    // 1n + 1n cpu = 2n → rounds up to 1m once, not 2m
    expect(requestsOf({ containers: [c('a', { cpu: '1n' }), c('b', { cpu: '1n' })] }).r).toEqual({ cpu: '1m' });
  });

  it('keeps extended resources and ephemeral storage', () => {
    expect(requestsOf({ containers: [c('t', { cpu: '3', memory: '12Gi', 'nvidia.com/gpu': '1', 'ephemeral-storage': '10G' })] }).r).toEqual({ cpu: '3', 'ephemeral-storage': '10G', memory: '12Gi', 'nvidia.com/gpu': '1' });
  });

  it('a malformed quantity is a problem at its path', () => {
    const { problems } = requestsOf({ containers: [c('a', { cpu: '1.2.3' })] });
    expect(problems).toEqual(['spec.containers.0.resources.requests.cpu: invalid quantity "1.2.3": expected a Kubernetes quantity such as "500m", "1.5", "2Gi", "1G" or "1e3"']);
    expect(requestsOf({ containers: [c('a', { memory: '-1Gi' })] }).problems[0]).toContain('cannot be negative');
  });
});

describe('quantity formatting for the scenario', () => {
  const n = (x: bigint): bigint => x * 1_000_000_000n;
  it('cpu in millicores, whole cores plain', () => {
    expect(formatCpu(n(2n))).toBe('2');
    expect(formatCpu(1_500_000_000n)).toBe('1500m');
    expect(formatCpu(1n)).toBe('1m');
  });
  it('bytes in the largest exact binary unit, else decimal, else bytes', () => {
    expect(formatBytes(n(2n ** 31n))).toBe('2Gi');
    expect(formatBytes(n(384n * 2n ** 20n))).toBe('384Mi');
    expect(formatBytes(n(102400n))).toBe('100Ki');
    expect(formatBytes(n(1_000_000_000n))).toBe('1G');
    expect(formatBytes(n(1_500_000n))).toBe('1500k');
    expect(formatBytes(n(1001n))).toBe('1001');
    const r: ResourceNanos = new Map([['pods', n(1n)]]);
    expect(formatRequests(r)).toEqual({});
  });
});
