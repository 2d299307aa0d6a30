// Plain data for the cleanup planner's tests: a fixed clock, listed numbers by age, and the options
// of a `cleanup --match 'pr-{pr}-*' --pr-closed` run that each test varies.
import type { CleanupOptions } from '../../src/plan/cleanup.js';
import type { RemoteNumber } from '../../src/vapi/types.js';

export const NOW = Date.parse('2026-11-27T12:00:00Z');
export const DAY = 86_400_000;
export const at = (daysAgo: number): string => new Date(NOW - daysAgo * DAY).toISOString();

export const remote = (id: string, name: string | undefined, daysAgo = 0): RemoteNumber => ({
  id,
  name,
  createdAt: at(daysAgo),
  provider: 'vapi',
});

export function options(extra: Partial<CleanupOptions> = {}): CleanupOptions {
  return {
    match: 'pr-{pr}-*',
    prClosed: true,
    now: NOW,
    pullRequests: new Map(),
    protect: [],
    declared: [],
    maxDeletions: 10,
    ...extra,
  };
}
