import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { CloudEvent } from '../../cloud-provider.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from '../backoff.js';
import type { AwsLogEntry, InterruptionSource } from '../options.js';
import { toCloudError } from '../sdk-errors.js';
import { parseInterruptionMessage } from './messages.js';

export interface SqsInterruptionSourceOptions {
  /** Built with `createSqsClient` (standard credential chain). */
  readonly sqs: SQSClient;
  /** The queue's URL; or give `queueName` and the URL is looked up (GetQueueUrl) at start. */
  readonly queueUrl?: string;
  readonly queueName?: string;
  /** Long-poll wait. Default 20 s (SQS's maximum). */
  readonly waitTimeSeconds?: number;
  /** Messages per receive. Default 10 (SQS's maximum). */
  readonly maxMessages?: number;
  /** How long a received message stays hidden from other receivers. Default 20 s. */
  readonly visibilityTimeoutSeconds?: number;
  /** Backoff between failed receives. */
  readonly backoff?: Partial<BackoffPolicy>;
  readonly log?: (entry: AwsLogEntry) => void;
}

export interface SqsSourceStats {
  receives: number;
  messages: number;
  events: number;
  deleted: number;
  /** Messages kept on the queue because a listener failed (they come back after the visibility timeout). */
  kept: number;
  receiveErrors: number;
}

/**
 * Karpenter-style interruption queue reader: long-polls SQS (20 s, up to 10 messages), turns each
 * EventBridge message into CloudEvents (`parseInterruptionMessage`), hands them to the listeners, and
 * deletes the message once every listener took it — messages without an action are deleted too. A
 * listener that throws leaves its message on the queue for another try. Failed receives back off
 * exponentially with jitter. `stop()` aborts the long poll in flight.
 */
export class SqsInterruptionSource implements InterruptionSource {
  private readonly listeners = new Set<(event: CloudEvent) => void>();
  private readonly backoff: BackoffPolicy;
  private url: string | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<AbortController>();
  readonly stats: SqsSourceStats = { receives: 0, messages: 0, events: 0, deleted: 0, kept: 0, receiveErrors: 0 };

  constructor(private readonly o: SqsInterruptionSourceOptions) {
    if (!o.queueUrl && !o.queueName) throw new Error('SqsInterruptionSource needs a queueUrl or a queueName');
    this.backoff = { ...DEFAULT_BACKOFF, ...o.backoff };
    this.url = o.queueUrl;
  }

  get queueUrl(): string | undefined {
    return this.url;
  }

  onEvent(listener: (event: CloudEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolve the queue URL (rejects when the queue does not exist) and start polling. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.resolveUrl();
    this.running = true;
    this.loop = this.run();
  }

  /** Stop polling: the long poll in flight is aborted; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.running = false;
    for (const c of this.inFlight) c.abort();
    await this.loop;
    this.loop = undefined;
  }

  /** One receive and the handling of what it brought; the number of messages received. */
  async pollOnce(): Promise<number> {
    const url = await this.resolveUrl();
    const abort = new AbortController();
    this.inFlight.add(abort);
    const input = new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: this.o.maxMessages ?? 10,
      WaitTimeSeconds: this.o.waitTimeSeconds ?? 20,
      VisibilityTimeout: this.o.visibilityTimeoutSeconds ?? 20,
    });
    const out = await this.o.sqs.send(input, { abortSignal: abort.signal }).finally(() => this.inFlight.delete(abort));
    this.stats.receives++;
    const messages = out.Messages ?? [];
    this.stats.messages += messages.length;
    await Promise.all(messages.map((m) => this.handle(url, m)));
    return messages.length;
  }

  private async resolveUrl(): Promise<string> {
    if (this.url) return this.url;
    try {
      const out = await this.o.sqs.send(new GetQueueUrlCommand({ QueueName: this.o.queueName! }));
      if (!out.QueueUrl) throw new Error(`GetQueueUrl gave no URL for ${this.o.queueName}`);
      this.url = out.QueueUrl;
      return this.url;
    } catch (e) {
      throw toCloudError(e, `GetQueueUrl ${this.o.queueName}`);
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.pollOnce();
        failures = 0;
      } catch (e) {
        if (!this.running) break;
        this.stats.receiveErrors++;
        const delayMs = backoffDelayMs(this.backoff, Math.min(failures, 16), this.backoff.random());
        failures++;
        const err = toCloudError(e, 'ReceiveMessage');
        this.o.log?.({ level: 'error', action: 'ReceiveMessage', message: `${err.message}; retrying in ${Math.round(delayMs)} ms` });
        await this.backoff.sleep(delayMs);
      }
    }
  }

  private async handle(url: string, m: Message): Promise<void> {
    const parsed = parseInterruptionMessage(m.Body ?? '');
    if (parsed.kind === 'unknown') this.o.log?.({ level: 'warn', action: 'interruption', message: `message ${m.MessageId ?? '?'} ignored: ${parsed.note ?? 'unknown kind'}` });
    for (const event of parsed.events) {
      for (const l of [...this.listeners]) {
        try {
          l(event);
        } catch (e) {
          this.stats.kept++;
          this.o.log?.({ level: 'error', action: 'interruption', message: `listener failed on ${event.kind} for ${event.instanceId}: ${e instanceof Error ? e.message : String(e)}; message kept` });
          return;
        }
      }
      this.stats.events++;
    }
    if (!m.ReceiptHandle) return;
    try {
      await this.o.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
      this.stats.deleted++;
    } catch (e) {
      this.o.log?.({ level: 'error', action: 'DeleteMessage', message: toCloudError(e, 'DeleteMessage').message });
    }
  }
}
