import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudError, isCloudError } from '../errors.js';
import type { MockEc2 } from '../mock-ec2/mock-ec2.js';
import { HANDLERS, type HandlerContext } from './handlers.js';
import { QueryParams } from './query.js';
import { xmlError, xmlResponse, type XmlObject } from './xml.js';

export interface Ec2ApiServerOptions {
  readonly ec2: MockEc2;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly region?: string;
  /** Epoch seconds added to the mock's clock times in timestamps (0 when the clock is already epoch-based, as WallClock is). */
  readonly timeOrigin?: number;
}

export interface Ec2ApiServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Requests answered so far, by action. */
  readonly calls: Readonly<Record<string, number>>;
  close(): Promise<void>;
}

/** HTTP status EC2 uses for an error code. */
export function statusFor(code: string): number {
  if (code === 'RequestLimitExceeded') return 503;
  if (code === 'InternalError' || code === 'InsufficientInstanceCapacity' || code === 'Unavailable') return 500;
  return 400;
}

/**
 * The EC2 query API (form-encoded `Action=...&Version=2016-11-15`, XML answers in the EC2 namespace, EC2
 * error documents) over a MockEc2, for `@aws-sdk/client-ec2` and the AWS adapter: CreateFleet,
 * RunInstances, TerminateInstances, DescribeInstances, DescribeInstanceTypes, DescribeSpotPriceHistory,
 * CreateTags, DescribeAvailabilityZones. Signatures are not checked. Calls go through the mock's
 * throttling and API latency, on whatever clock the mock runs (a WallClock for real time).
 */
export function startEc2ApiServer(opts: Ec2ApiServerOptions): Promise<Ec2ApiServer> {
  let seq = 0;
  const origin = opts.timeOrigin ?? 0;
  const calls: Record<string, number> = {};
  const ctx: HandlerContext = {
    ec2: opts.ec2,
    region: opts.region ?? 'us-east-1',
    iso: (at) => new Date(Math.round((origin + at) * 1000)).toISOString(),
    nextId: (prefix) => `${prefix}-${(++seq).toString(16).padStart(17, '0')}`,
  };
  const requestId = (): string => {
    const n = (++seq).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${n}`;
  };

  const send = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const fail = (res: ServerResponse, e: CloudError): void => send(res, statusFor(e.code), xmlError(e.code, e.message, requestId()));

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    let action = 'unknown';
    try {
      const q = new QueryParams(req.method === 'GET' ? (req.url ?? '').split('?')[1] ?? '' : body);
      action = q.get('Action') ?? 'unknown';
      const handler = HANDLERS[action];
      if (!handler) return fail(res, new CloudError('InvalidParameterValue', `The action ${action} is not valid for this web service.`));
      calls[action] = (calls[action] ?? 0) + 1;
      handler(ctx, q, (r: XmlObject | CloudError) => {
        if (r instanceof CloudError) fail(res, r);
        else send(res, 200, xmlResponse(action, requestId(), r));
      });
    } catch (e) {
      if (isCloudError(e)) return fail(res, e);
      fail(res, new CloudError('InternalError', `${action}: ${(e as Error).message}`, [], { cause: e }));
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 60_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
        port,
        server,
        calls,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
