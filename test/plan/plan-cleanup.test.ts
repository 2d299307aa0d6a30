import { describe, expect, it } from 'vitest';
import { cleanupPullRequests, planCleanup, type PullRequestState } from '../../src/plan/cleanup.js';
import { DAY, options, remote } from './cleanup-fixtures.js';

const states = (entries: [number, PullRequestState][]) => new Map(entries);

describe('planCleanup', () => {
  const inventory = [
    remote('a', 'pr-1-support'),
    remote('b', 'pr-2-support'),
    remote('c', 'pr-3-support'),
    remote('d', 'pr-4-support'),
    remote('e', 'prod-support', 90),
    remote('f', undefined, 90),
  ];

  it('deletes numbers of closed and missing pull requests, keeps open ones and non-matching names', () => {
    const plan = planCleanup(
      inventory,
      options({
        pullRequests: states([
          [1, { state: 'open' }],
          [2, { state: 'closed' }],
          [3, { state: 'missing' }],
          [4, { state: 'open' }],
        ]),
      }),
    );
    expect(plan.changes.map((c) => [c.name, c.action])).toEqual([
      ['pr-2-support', 'delete'],
      ['pr-3-support', 'delete'],
    ]);
    expect(plan.changes.every((c) => c.action === 'delete' && c.reason === 'pr-closed')).toBe(true);
  });

  it('keeps and reports a number whose pull request state could not be read', () => {
    const plan = planCleanup(
      [remote('a', 'pr-1-x')],
      options({ pullRequests: states([[1, { state: 'error', message: '500' }]]) }),
    );
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ action: 'fail', name: 'pr-1-x', ids: ['a'] });
  });

  it('deletes by age alone, strictly older than the threshold, and never without a readable date', () => {
    const aged = [
      remote('old', 'tmp-old', 8),
      remote('edge', 'tmp-edge', 7),
      remote('new', 'tmp-new', 6),
      { id: 'x', name: 'tmp-nodate' },
    ];
    const plan = planCleanup(aged, options({ match: 'tmp-*', prClosed: false, olderThanMs: 7 * DAY }));
    expect(plan.changes.map((c) => c.name)).toEqual(['tmp-old']);
    expect(plan.changes[0]).toMatchObject({ reason: 'expired' });
  });

  it('deletes when either criterion holds', () => {
    const plan = planCleanup(
      [remote('a', 'pr-1-x', 30), remote('b', 'pr-2-x', 1)],
      options({ olderThanMs: 7 * DAY, pullRequests: states([[2, { state: 'closed' }]]) }),
    );
    expect(plan.changes.map((c) => (c.action === 'delete' ? `${c.name}:${c.reason}` : c.action))).toEqual([
      'pr-1-x:expired',
      'pr-2-x:pr-closed',
    ]);
  });

  it('never deletes protected or declared names', () => {
    const plan = planCleanup(
      [remote('a', 'pr-1-keep'), remote('b', 'pr-1-config'), remote('c', 'pr-1-gone')],
      options({ protect: ['*-keep'], declared: ['pr-1-config'], pullRequests: states([[1, { state: 'closed' }]]) }),
    );
    expect(plan.changes.map((c) => c.name)).toEqual(['pr-1-gone']);
  });

  it('refuses, showing the plan, when more than max-deletions would go', () => {
    const many = Array.from({ length: 5 }, (_, i) => remote(`id-${i}`, `pr-${i}-x`));
    const plan = planCleanup(
      many,
      options({ maxDeletions: 4, pullRequests: states(many.map((_, i) => [i, { state: 'closed' }])) }),
    );
    expect(plan.changes).toHaveLength(5);
    expect(plan.refusal).toContain('more than max-deletions (4)');
  });
});

describe('cleanupPullRequests', () => {
  it('asks once per distinct pull request, and not for expired numbers', () => {
    const inventory = [remote('a', 'pr-7-a'), remote('b', 'pr-7-b'), remote('c', 'pr-9-a', 30), remote('d', 'other-1')];
    expect(cleanupPullRequests(inventory, options({ olderThanMs: 7 * DAY }))).toEqual([7]);
    expect(cleanupPullRequests(inventory, options({ prClosed: false }))).toEqual([]);
  });
});
