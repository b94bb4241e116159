import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DaemonSet, Pod, PodDisruptionBudget, PodSpec } from '../../model/index.js';
import type { ClusterWorkloads } from '../cluster.js';
import { ClusterSync } from './cluster-sync.js';
import type { ServerContext } from './context.js';
import { DeploymentRegistry, type ServedCluster } from './deployments.js';
import { ApiFaults } from './faults.js';
import { ApiError, sendError, sendJson } from './http.js';
import { handlerFor, resolve } from './router.js';
import { ResourceStore } from './store.js';

export interface ApiServerOptions {
  /** Unix seconds of the cluster's time zero: a simulation's wall-clock start, 0 for a live (Unix-time) cluster. */
  readonly epochSeconds: number;
  /** The cluster's current time in its own base (e.g. SimClock.now()). */
  readonly now: () => number;
  /** Changes kept for watch resumption; older resourceVersions get 410 Gone. Default 10 000. */
  readonly historyLimit?: number;
  /** Interval of BOOKMARK events on watches that allow them. Default 10 s. */
  readonly bookmarkIntervalSeconds?: number;
  /** Longest watch before the server ends it (clients reconnect). Default 1800 s. */
  readonly maxWatchSeconds?: number;
  /** How often PDBs, DaemonSets, Deployments and Namespaces are re-read for watchers. Default 1 s. */
  readonly refreshIntervalSeconds?: number;
  /** One line per answered request (method, path, status; never headers or bodies). */
  readonly log?: (line: string) => void;
}

/**
 * A Kubernetes API server (JSON over HTTP) in front of any `Cluster & ClusterWorkloads`: discovery,
 * list/get/watch with resourceVersions, bookmarks and 410 Gone, pod create/delete and eviction, node
 * patches and delete, Deployments with the scale subresource, DaemonSets, PDBs, Leases and fleetsim's
 * NodeClaims. It runs on whatever drives the cluster's clock; requests act on the cluster at once.
 * Any bearer token is accepted (it is a local test and viewing server, not a security boundary).
 */
export class ApiServer {
  readonly store: ResourceStore;
  readonly faults = new ApiFaults();
  readonly deployments: DeploymentRegistry;
  /** ClusterWorkloads that also records Deployments, so the server can list and scale them. */
  readonly workloads: ClusterWorkloads;
  private readonly sync: ClusterSync;
  private readonly context: ServerContext;
  private server: Server | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private address = '';

  constructor(
    readonly cluster: ServedCluster,
    private readonly options: ApiServerOptions,
  ) {
    this.store = new ResourceStore(options.historyLimit ?? 10_000);
    this.deployments = new DeploymentRegistry(cluster, options.now);
    const base = { epochSeconds: options.epochSeconds };
    this.sync = new ClusterSync(cluster, this.store, this.deployments, base, options.now);
    this.context = {
      cluster,
      store: this.store,
      sync: this.sync,
      deployments: this.deployments,
      faults: this.faults,
      base,
      bookmarkIntervalSeconds: options.bookmarkIntervalSeconds ?? 10,
      maxWatchSeconds: options.maxWatchSeconds ?? 1800,
      now: () => options.now(),
      nowUnix: () => options.now() + options.epochSeconds,
      refresh: () => this.sync.refresh(),
    };
    this.workloads = recordingWorkloads(this);
  }

  /** The base URL once listening, e.g. http://127.0.0.1:43121. */
  get url(): string {
    if (!this.server) throw new Error('the API server is not listening');
    return `http://${this.address}`;
  }

  /** Start serving (port 0: any free port). Resolves with the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server) return this.url;
    this.sync.start();
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => ok());
    });
    const a = server.address() as AddressInfo;
    this.address = `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
    this.server = server;
    this.refreshTimer = setInterval(() => this.refresh(), (this.options.refreshIntervalSeconds ?? 1) * 1000);
    this.refreshTimer.unref();
    return this.url;
  }

  /** Re-read the objects that have no change events (PDBs, DaemonSets, Deployments, Namespaces). */
  refresh(): void {
    this.sync.refresh();
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.faults.dropWatches();
    this.sync.stop();
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://fleetsim.invalid');
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const finish = (code: number): void => {
      this.faults.record({ method, path: url.pathname, watch, status: code });
      this.options.log?.(`${method} ${url.pathname}${watch ? ' (watch)' : ''} ${code}`);
    };
    try {
      if (url.pathname === '/healthz' || url.pathname === '/readyz' || url.pathname === '/livez') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        return finish(200);
      }
      const injected = this.faults.takeFailure(method, url.pathname);
      if (injected !== undefined) throw new ApiError(injected, `fault injected: ${injected}`);
      if (url.searchParams.has('dryRun')) throw new ApiError(400, 'dry-run requests are not supported by fleetsim');
      const resolved = resolve(url.pathname, this.address);
      if (resolved.kind === 'document') {
        sendJson(res, 200, resolved.body);
        return finish(200);
      }
      const handler = handlerFor(method, resolved.route);
      this.sync.refresh();
      const reply = await handler(this.context, { req, res, url, route: resolved.route });
      if (reply === undefined) return finish(200);
      if (method !== 'GET') this.sync.refresh();
      sendJson(res, reply.code, reply.body);
      finish(reply.code);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, e instanceof Error ? e.message : String(e));
      if (!res.headersSent) sendError(res, err);
      else res.destroy();
      finish(err.code);
    }
  }
}

function recordingWorkloads(server: ApiServer): ClusterWorkloads {
  const cluster = server.cluster;
  return {
    createPod: (spec: PodSpec, name?: string): Pod => cluster.createPod(spec, name),
    scaleDeployment: (namespace: string, name: string, replicas: number, template: PodSpec): void => {
      server.deployments.apply(namespace, name, replicas, template);
    },
    createJob: (namespace: string, name: string, template: PodSpec, completions: number, parallelism: number): void =>
      cluster.createJob(namespace, name, template, completions, parallelism),
    addPdb: (pdb: PodDisruptionBudget): void => cluster.addPdb(pdb),
    addDaemonSet: (ds: DaemonSet): void => cluster.addDaemonSet(ds),
  };
}
