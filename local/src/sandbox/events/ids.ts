import { Rng } from '../random.js';

const HEX = '0123456789abcdef';
const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Identifiers for events, drawn from their own generator seeded by the sandbox seed, so a run
 * with the same seed and the same events produces the same ids (and fault injection, which
 * uses the sandbox's shared generator, is not disturbed by how many ids are drawn).
 */
export class EventIds {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng((seed ^ 0x1d5e7) >>> 0);
  }

  /** UUID-shaped (8-4-4-4-12 hex), like EventBridge event ids. */
  uuid(): string {
    const hex = this.draw(HEX, 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** 16 upper-case alphanumerics, like `x-amz-request-id` (`N4N7GDK58NMKJ12R`). */
  requestId(): string {
    return this.draw(UPPER_ALNUM, 16);
  }

  /** 76 base64 characters, like `x-amz-id-2`. */
  hostId(): string {
    return this.draw(BASE64, 76);
  }

  private draw(alphabet: string, length: number): string {
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(Math.floor(this.rng.next() * alphabet.length));
    return String.fromCharCode(...codes);
  }
}
