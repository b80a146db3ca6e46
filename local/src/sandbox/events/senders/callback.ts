/** In-process destination: a function that receives every delivery (tests, the local runner). */
import type { Delivery, Outbound, SendResult, Sink } from '../message.js';
import { errorText } from './credentials.js';

export class CallbackSink implements Sink {
  readonly name = 'callback';

  constructor(private readonly callback: (delivery: Delivery) => void | Promise<void>) {}

  /** In order, one at a time; a synchronous callback sees a batch without interleaving. */
  async send(batch: readonly Outbound[]): Promise<SendResult> {
    const failed: Outbound[] = [];
    let reason: string | undefined;
    for (const message of batch) {
      try {
        const result = this.callback(message.delivery);
        if (result instanceof Promise) await result;
      } catch (error) {
        failed.push(message);
        reason ??= errorText(error);
      }
    }
    return { failed, reason };
  }

  close(): void {}
}
