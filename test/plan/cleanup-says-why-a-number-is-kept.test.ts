// A cleanup that cannot tell a pull request's state keeps its numbers and says why, in words a
// reader can act on; it asks GitHub about each pull request once, in a stable order; and a number
// without a name is never a candidate, even for `match: "*"` (it would match as "undefined").
import { describe, expect, it } from 'vitest';
import { cleanupPullRequests, planCleanup } from '../../src/plan/cleanup.js';
import type { RemoteNumber } from '../../src/vapi/types.js';
import { NOW, options, remote } from './cleanup-fixtures.js';

describe('cleanup keeps what it cannot decide, and says why', () => {
  it('a pull request GitHub would not describe: kept, with GitHub’s answer and what to do', () => {
    const plan = planCleanup(
      [remote('a', 'pr-12-support')],
      options({ pullRequests: new Map([[12, { state: 'error', message: 'GitHub answered 502' }]]) }),
    );
    expect(plan.changes).toEqual([
      {
        action: 'fail',
        name: 'pr-12-support',
        remote: remote('a', 'pr-12-support'),
        ids: ['a'],
        message: 'Kept: the state of pull request #12 could not be read: GitHub answered 502.',
        hint: 'Nothing is deleted for a pull request whose state is unknown. Fix the cause and run again.',
      },
    ]);
  });

  it('a pull request that was never asked about: kept, and the plan says it was not read', () => {
    const plan = planCleanup([remote('a', 'pr-13-support')], options());
    expect(plan.changes).toMatchObject([
      {
        action: 'fail',
        name: 'pr-13-support',
        message: 'The state of pull request #13 was not read.',
        hint: 'Run the cleanup again.',
      },
    ]);
  });

  it('asks about each pull request once, in ascending order', () => {
    const inventory = [remote('a', 'pr-30-a'), remote('b', 'pr-4-b'), remote('c', 'pr-30-c'), remote('d', 'pr-100-d')];
    expect(cleanupPullRequests(inventory, options())).toEqual([4, 30, 100]);
  });
});

describe('numbers without a name', () => {
  it('are never deleted by a cleanup, even one matching every name', () => {
    const old = new Date(NOW - 30 * 86_400_000).toISOString();
    const inventory: RemoteNumber[] = [
      { id: 'unnamed', provider: 'vapi', createdAt: old },
      { id: 'empty', name: '', provider: 'vapi', createdAt: old },
      { id: 'named', name: 'tmp-line', provider: 'vapi', createdAt: old },
      { id: 'kept', name: 'keep-line', provider: 'vapi', createdAt: old },
    ];
    for (const match of ['*', '*ne*', '?????????']) {
      const plan = planCleanup(inventory, options({ match, prClosed: false, olderThanMs: 86_400_000, protect: ['keep-*'] }));
      expect(
        plan.changes.map((c) => (c.action === 'delete' ? c.id : c.action)),
        match,
      ).toEqual(match === '?????????' ? [] : ['named']);
    }
  });
});
