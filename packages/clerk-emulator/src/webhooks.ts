import { Webhook } from 'standardwebhooks';
import { clerkId } from './ids.js';
import type { InstanceEvent } from './instance.js';

export type WebhookTarget = { url: string; secret: string };

export type WebhookDelivery = {
  svixId: string;
  type: string;
  attempts: number;
  state: 'pending' | 'delivered' | 'failed';
  lastStatus: number | null;
};

export type WebhookSenderOptions = {
  instanceId: string;
  /** Attempts per event, including the first (default 4). */
  maxAttempts?: number;
  /** Delay before the first retry, doubled on each further one (default 200 ms). */
  retryDelayMs?: number;
  /** Per-attempt timeout (default 5 s). */
  timeoutMs?: number;
};

/**
 * Sends Clerk events as Svix does: one `svix-id` per event kept across retries, a fresh
 * timestamp and `v1,` signature per attempt, a bounded number of attempts.
 */
export class WebhookSender {
  private target: WebhookTarget | undefined;
  private queue: Promise<void> = Promise.resolve();
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly options: WebhookSenderOptions) {}

  configure(target: WebhookTarget | undefined) {
    if (target) new Webhook(target.secret); // a malformed secret fails here, not on first send
    this.target = target;
  }

  send(event: InstanceEvent) {
    const target = this.target;
    if (!target) return;
    const delivery: WebhookDelivery = {
      svixId: clerkId('msg'),
      type: event.type,
      attempts: 0,
      state: 'pending',
      lastStatus: null,
    };
    this.deliveries.push(delivery);
    const body = JSON.stringify({
      ...event,
      object: 'event',
      event_attributes: { http_request: { client_ip: '127.0.0.1', user_agent: 'clerk-emulator' } },
      timestamp: Date.now(),
      instance_id: this.options.instanceId,
    });
    // One at a time, in the order the changes happened, so local runs are deterministic.
    this.queue = this.queue.then(() => this.deliver(target, delivery, body));
  }

  /** Resolves once every delivery queued so far has succeeded or given up. */
  async drain(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  private async deliver(target: WebhookTarget, delivery: WebhookDelivery, body: string) {
    const maxAttempts = this.options.maxAttempts ?? 4;
    const signer = new Webhook(target.secret);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await sleep((this.options.retryDelayMs ?? 200) * 2 ** (attempt - 2));
      delivery.attempts = attempt;
      const sentAt = new Date();
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'svix-id': delivery.svixId,
            'svix-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
            'svix-signature': signer.sign(delivery.svixId, sentAt, body),
          },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        });
        delivery.lastStatus = response.status;
        await response.arrayBuffer();
        if (response.ok) {
          delivery.state = 'delivered';
          return;
        }
      } catch {
        delivery.lastStatus = null;
      }
    }
    delivery.state = 'failed';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
