// The same changed leaves in the job summary, the PR comment, the CLI table and --json (SPEC
// section 7): a timeout change beside a secret header is that one line, a hook filter edit names its
// path and shows two different values, and no report holds the header's value.
import { describe, expect, it } from 'vitest';
import { resultFromPlan } from '../../src/apply/results.js';
import { palette } from '../../src/cli/colour.js';
import { renderJson, renderTable } from '../../src/cli/report.js';
import type { DesiredNumber } from '../../src/config/types.js';
import { planChanges } from '../../src/plan/plan.js';
import { commentMarker, renderComment } from '../../src/report/comment.js';
import { renderReport } from '../../src/report/markdown.js';
import type { RunOutcome } from '../../src/run.js';
import type { RemoteNumber } from '../../src/vapi/types.js';

const HEADER = 'hdr-secret-0123456789abcdef';
const LONG = `Please hold while we connect you to the person on call tonight; ${'it will not be long. '.repeat(4)}`;
const hooks = (oneOf: string[]) => [
  { on: 'call.ringing', do: [{ type: 'say', exact: LONG }] },
  {
    on: 'call.ending',
    do: { type: 'transfer', destination: { type: 'number', number: '+14155550199' } },
    filters: [{ type: 'oneOf', key: 'call.endedReason', oneOf }],
  },
];
const server = (timeoutSeconds: number) => ({
  url: 'https://example.com/vapi',
  timeoutSeconds,
  headers: { 'x-api-key': HEADER },
});

function declared(name: string, fields: Record<string, unknown>): DesiredNumber {
  return { name, provider: 'vapi', fields, source: { file: 'vapi-numbers.yml', line: 3, column: 5 } };
}

function live(id: string, name: string, fields: Record<string, unknown>): RemoteNumber {
  return { id, name, provider: 'vapi', number: '+14155550100', ...fields };
}

function planOutcome(): RunOutcome {
  const plan = planChanges(
    [
      declared('desk', { server: server(25) }),
      declared('hooked', { hooks: hooks(['assistant-request-failed', 'assistant-request-returned-error']) }),
    ],
    [live('pn-1', 'desk', { server: server(15) }), live('pn-2', 'hooked', { hooks: hooks(['assistant-request-failed']) })],
    { command: 'plan', prune: false, pruneMatch: [], protect: [], maxDeletions: 10 },
  );
  const results = plan.changes.map(resultFromPlan);
  return { command: 'plan', dryRun: true, label: 'vapi-numbers.yml', results, plan, failures: [], changed: true, failed: false };
}

const TIMEOUT = 'server.timeoutSeconds';
const FILTER = 'hooks[1].filters[0].oneOf';

describe('every report shows the same changed leaves', () => {
  const outcome = planOutcome();
  const reports = {
    summary: renderReport(outcome),
    comment: renderComment(outcome, commentMarker(outcome.label), { now: new Date(0) }),
    table: renderTable(outcome, { secrets: [], colours: palette(false) }),
    json: renderJson(outcome, []),
  };

  it.each(Object.entries(reports))('%s: one line per changed leaf, no secret, no masked object', (_, text) => {
    expect(text).toContain(TIMEOUT);
    expect(text).toContain(FILTER);
    expect(text).not.toContain(HEADER);
    expect(text).not.toMatch(/server\W*: \W*\*\*\*/);
    expect(text).not.toContain('hooks[0]');
  });

  it('markdown (summary and comment) and the table give both values of each leaf', () => {
    const filter = '["assistant-request-failed"]` -> `["assistant-request-failed", "assistant-request-returned-error"]';
    for (const text of [reports.summary, reports.comment]) {
      expect(text).toContain(`- \`${TIMEOUT}\`: \`15\` -> \`25\``);
      expect(text).toContain(`- \`${FILTER}\`: \`${filter}\``);
    }
    expect(reports.table).toContain(`    ${TIMEOUT}: 15 -> 25\n`);
    expect(reports.table).toContain(`    ${FILTER}: ${filter.replace(/`/g, '')}\n`);
  });

  it('--json has {path, old, new} per leaf with whole values', () => {
    const document = JSON.parse(reports.json) as { numbers: { name: string; changes?: unknown }[] };
    expect(document.numbers.map((entry) => [entry.name, entry.changes])).toEqual([
      ['desk', [{ path: TIMEOUT, old: 15, new: 25 }]],
      [
        'hooked',
        [
          {
            path: FILTER,
            old: ['assistant-request-failed'],
            new: ['assistant-request-failed', 'assistant-request-returned-error'],
          },
        ],
      ],
    ]);
  });

  it('a changed header reads "changed (secret)" beside its sibling, and --json has the fixed mark', () => {
    const plan = planChanges(
      [declared('desk', { server: { url: 'https://example.com/new', headers: { 'x-api-key': 'rotated-0123456789' } } })],
      [live('pn-1', 'desk', { server: server(15) })],
      { command: 'plan', prune: false, pruneMatch: [], protect: [], maxDeletions: 10 },
    );
    const rotated: RunOutcome = { ...planOutcome(), plan, results: plan.changes.map(resultFromPlan) };
    const summary = renderReport(rotated);
    expect(summary).toContain('- `server.headers.x-api-key`: changed (secret)');
    expect(summary).toContain('- `server.url`: `"https://example.com/vapi"` -> `"https://example.com/new"`');
    const json = renderJson(rotated, []);
    expect(JSON.parse(json).numbers[0].changes).toContainEqual({ path: 'server.headers.x-api-key', old: '***', new: '***' });
    for (const text of [summary, json, renderTable(rotated, { secrets: [], colours: palette(false) })]) {
      expect(text).not.toContain('rotated-0123456789');
      expect(text).not.toContain(HEADER);
    }
  });
});

describe('the comment keeps its size limit with many changed leaves', () => {
  it('counts the lines it leaves out instead of cutting the table or the marker', () => {
    const many = Array.from({ length: 300 }, (_, index) => `reason-${index}-${'x'.repeat(40)}`);
    const plan = planChanges(
      [declared('hooked', { hooks: many.map((reason) => ({ on: 'call.ending', do: { type: 'say', exact: reason } })) })],
      [
        live('pn-2', 'hooked', {
          hooks: many.map((reason) => ({ on: 'call.ending', do: { type: 'say', exact: `${reason}!` } })),
        }),
      ],
      { command: 'plan', prune: false, pruneMatch: [], protect: [], maxDeletions: 10 },
    );
    const outcome: RunOutcome = { ...planOutcome(), plan, results: plan.changes.map(resultFromPlan) };
    const marker = commentMarker(outcome.label);
    const body = renderComment(outcome, marker, { now: new Date(0), limit: 8_000 });
    expect(body.length).toBeLessThanOrEqual(8_000);
    expect(body.startsWith(marker)).toBe(true);
    expect(body).toContain('| hooked |');
    expect(body).toContain('`hooks[0].do.exact`');
    expect(body).toMatch(/…and \d+ more lines: see the job summary\./);
  });
});
