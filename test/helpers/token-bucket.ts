// A token-bucket rate limiter for the fake Vapi, as a fault picker: what an API with an
// unpublished limit might do. Every request takes a token; none left means 429 with Retry-After.
import type { FaultPicker, IncomingRequest } from '../fake-vapi/index.js';

export interface TokenBucket {
  picker: FaultPicker;
  /** How many requests were refused. */
  readonly refused: number;
}

export function tokenBucket(options: { perSecond: number; burst: number; now?: () => number }): TokenBucket {
  const now = options.now ?? (() => performance.now());
  let tokens = options.burst;
  let last = now();
  let refused = 0;
  const picker: FaultPicker = (request: IncomingRequest) => {
    const at = now();
    tokens = Math.min(options.burst, tokens + ((at - last) / 1000) * options.perSecond);
    last = at;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    refused++;
    // Whole seconds, rounded up, as servers send it.
    const waitSeconds = Math.max(1, Math.ceil((1 - tokens) / options.perSecond));
    return { method: request.method as 'GET', kind: 'rate-limit', retryAfter: String(waitSeconds) };
  };
  return {
    picker,
    get refused() {
      return refused;
    },
  };
}
