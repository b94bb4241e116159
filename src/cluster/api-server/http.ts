import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeStatus } from '../kube/convert/index.js';

/** HTTP status reasons as Kubernetes names them in a Status object. */
const REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** A request failure answered with a Kubernetes Status object. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: number,
    message: string,
    readonly reason: string = REASONS[code] ?? 'Unknown',
    readonly details?: KubeStatus['details'],
  ) {
    super(message);
  }

  toStatus(): KubeStatus {
    return status(this.code, this.message, this.reason, this.details);
  }
}

export function status(code: number, message: string, reason?: string, details?: KubeStatus['details']): KubeStatus {
  const out: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: code < 300 ? 'Success' : 'Failure', code };
  if (message) out.message = message;
  if (reason ?? REASONS[code]) out.reason = reason ?? REASONS[code];
  if (details) out.details = details;
  return out;
}

export function notFound(kind: string, name: string, group = ''): ApiError {
  const resource = group ? `${kind}.${group}` : kind;
  return new ApiError(404, `${resource} "${name}" not found`, 'NotFound', { name, group, kind });
}

/** A body that is already JSON text. */
export class RawJson {
  constructor(readonly text: string) {}
}

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body instanceof RawJson ? body.text : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, e: ApiError): void {
  const headers: Record<string, string> = {};
  if (e.details?.retryAfterSeconds !== undefined) headers['Retry-After'] = String(e.details.retryAfterSeconds);
  sendJson(res, e.code, e.toStatus(), headers);
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** The request body parsed as JSON (undefined when empty). YAML bodies are refused with 415. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  const type = String(req.headers['content-type'] ?? 'application/json');
  if (type.includes('yaml')) throw new ApiError(415, `content type ${type} is not supported; send JSON`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, `request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** A JSON object body, or 400. */
export async function readObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readJson(req);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** Does the client ask for server-side printing (kubectl get: `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`)? */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '');
  return accept.split(',').some((part) => /;\s*as=Table/.test(part) && /g=meta\.k8s\.io/.test(part) && /v=v1(?!beta)/.test(part));
}
