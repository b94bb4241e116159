import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny in-process SQS for tests, speaking the AWS JSON 1.0 protocol that @aws-sdk/client-sqs v3 uses
 * (`POST /`, `X-Amz-Target: AmazonSQS.<Action>`, JSON bodies, `__type` errors with the query-compatible
 * `x-amzn-query-error` header). Only what the interruption source calls: GetQueueUrl, ReceiveMessage
 * (long poll, visibility timeout, MD5OfBody) and DeleteMessage. Signatures are not checked.
 */
interface StoredMessage {
  readonly id: string;
  readonly body: string;
  receiptHandle: string | undefined;
  invisibleUntilMs: number;
  receives: number;
}

interface Waiter {
  readonly max: number;
  readonly visibilityMs: number;
  readonly respond: (messages: StoredMessage[]) => void;
}

interface Queue {
  readonly name: string;
  readonly url: string;
  readonly messages: StoredMessage[];
  readonly waiters: Set<Waiter>;
}

export interface FakeSqsCall {
  readonly action: string;
  readonly input: Record<string, unknown>;
}

export interface FakeSqs {
  readonly url: string;
  readonly calls: FakeSqsCall[];
  createQueue(name: string): string;
  /** Enqueue a message body; a long poll in progress receives it at once. */
  send(queueName: string, body: string): string;
  /** Messages not yet deleted (visible or in flight). */
  depth(queueName: string): number;
  /** Fail the next `count` calls of an action with an SQS error. */
  failNext(action: string, count: number, code?: string): void;
  close(): Promise<void>;
}

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

export async function startFakeSqs(): Promise<FakeSqs> {
  const queues = new Map<string, Queue>();
  const calls: FakeSqsCall[] = [];
  const failures = new Map<string, { count: number; code: string }>();
  let base = '';

  const byUrl = (url: unknown): Queue | undefined => [...queues.values()].find((q) => q.url === url);

  const reply = (res: ServerResponse, status: number, body: unknown, queryError?: string): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...(queryError ? { 'x-amzn-query-error': queryError } : {}),
    });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, type: string, message: string, queryCode: string): void =>
    reply(res, status, { __type: `com.amazonaws.sqs#${type}`, message }, `${queryCode};${status >= 500 ? 'Receiver' : 'Sender'}`);

  const take = (q: Queue, max: number, visibilityMs: number): StoredMessage[] => {
    const now = Date.now();
    const out: StoredMessage[] = [];
    for (const m of q.messages) {
      if (out.length >= max) break;
      if (m.invisibleUntilMs > now) continue;
      m.receiptHandle = randomUUID();
      m.invisibleUntilMs = now + visibilityMs;
      m.receives++;
      out.push(m);
    }
    return out;
  };
  const wire = (ms: StoredMessage[]) => ms.map((m) => ({ MessageId: m.id, ReceiptHandle: m.receiptHandle, MD5OfBody: md5(m.body), Body: m.body }));

  const receive = (req: IncomingMessage, res: ServerResponse, q: Queue, input: Record<string, unknown>): void => {
    const max = Math.min(10, Number(input.MaxNumberOfMessages ?? 1));
    const visibilityMs = Number(input.VisibilityTimeout ?? 30) * 1000;
    const now = take(q, max, visibilityMs);
    const waitMs = Number(input.WaitTimeSeconds ?? 0) * 1000;
    if (now.length > 0 || waitMs === 0) return reply(res, 200, now.length > 0 ? { Messages: wire(now) } : {});
    let done = false;
    const waiter: Waiter = {
      max,
      visibilityMs,
      respond: (ms) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        q.waiters.delete(waiter);
        reply(res, 200, ms.length > 0 ? { Messages: wire(ms) } : {});
      },
    };
    const timer = setTimeout(() => waiter.respond([]), waitMs);
    q.waiters.add(waiter);
    res.on('close', () => {
      done = true;
      clearTimeout(timer);
      q.waiters.delete(waiter);
    });
    void req;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : target;
    const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    calls.push({ action, input });
    const f = failures.get(action);
    if (f && f.count > 0) {
      f.count--;
      return error(res, 500, f.code, `injected ${f.code}`, f.code);
    }
    if (action === 'GetQueueUrl') {
      const q = queues.get(String(input.QueueName));
      if (!q) return error(res, 400, 'QueueDoesNotExist', 'The specified queue does not exist.', 'AWS.SimpleQueueService.NonExistentQueue');
      return reply(res, 200, { QueueUrl: q.url });
    }
    const q = byUrl(input.QueueUrl);
    if (!q) return error(res, 400, 'QueueDoesNotExist', 'The specified queue does not exist.', 'AWS.SimpleQueueService.NonExistentQueue');
    if (action === 'ReceiveMessage') return receive(req, res, q, input);
    if (action === 'DeleteMessage') {
      const i = q.messages.findIndex((m) => m.receiptHandle !== undefined && m.receiptHandle === input.ReceiptHandle);
      if (i < 0) return error(res, 400, 'ReceiptHandleIsInvalid', 'The input receipt handle is invalid.', 'ReceiptHandleIsInvalid');
      q.messages.splice(i, 1);
      return reply(res, 200, {});
    }
    return error(res, 400, 'InvalidAction', `The action ${action} is not valid for this endpoint.`, 'InvalidAction');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    calls,
    createQueue: (name) => {
      const url = `${base}/000000000000/${name}`;
      queues.set(name, { name, url, messages: [], waiters: new Set() });
      return url;
    },
    send: (queueName, body) => {
      const q = queues.get(queueName);
      if (!q) throw new Error(`no queue ${queueName}`);
      const m: StoredMessage = { id: randomUUID(), body, receiptHandle: undefined, invisibleUntilMs: 0, receives: 0 };
      q.messages.push(m);
      for (const w of [...q.waiters]) {
        const got = take(q, w.max, w.visibilityMs);
        if (got.length === 0) break;
        w.respond(got);
      }
      return m.id;
    },
    depth: (queueName) => queues.get(queueName)?.messages.length ?? 0,
    failNext: (action, count, code = 'InternalError') => void failures.set(action, { count, code }),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
