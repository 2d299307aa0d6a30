import { describe, expect, it } from 'vitest';
import type { NumberResult } from '../../src/apply/types.js';
import { renderReport, renderStoppedReport } from '../../src/report/markdown.js';
import { DEFAULT_OUTPUTS, outputsFor } from '../../src/report/outputs.js';
import { scrubSecrets } from '../../src/report/scrub.js';
import type { RunOutcome } from '../../src/run.js';

function outcome(results: NumberResult[], extra: Partial<RunOutcome> = {}): RunOutcome {
  return {
    command: 'apply',
    dryRun: false,
    label: 'vapi-numbers.yml',
    results,
    plan: { command: 'apply', changes: [] },
    failures: [],
    changed: results.some((r) => /created|updated|deleted|would-/.test(r.operation)),
    failed: false,
    ...extra,
  };
}

const support: NumberResult = {
  name: 'support',
  operation: 'created',
  declared: true,
  id: 'id-1',
  number: '+14155550100',
  provider: 'twilio',
  status: 'active',
  routing: 'Support Bot',
};

describe('outputs', () => {
  it('sets single-number outputs and JSON lists', () => {
    const outputs = outputsFor(outcome([support]));
    expect(outputs['phone-number-id']).toBe('id-1');
    expect(outputs['phone-number']).toBe('+14155550100');
    expect(JSON.parse(outputs['ids'] ?? '')).toEqual({ support: 'id-1' });
    expect(JSON.parse(outputs['created'] ?? '')).toEqual(['support']);
    expect(JSON.parse(outputs['numbers'] ?? '')).toEqual([
      {
        name: 'support',
        id: 'id-1',
        number: '+14155550100',
        sipUri: null,
        provider: 'twilio',
        status: 'active',
        operation: 'created',
      },
    ]);
    expect(outputs['changed']).toBe('true');
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(DEFAULT_OUTPUTS).sort());
  });

  it('leaves the single-number outputs empty with two declared numbers, and for a would-create', () => {
    const two = outputsFor(outcome([support, { ...support, name: 'sales', id: 'id-2' }]));
    expect(two['phone-number-id']).toBe('');
    const dry = outputsFor(outcome([{ name: 'new', operation: 'would-create', declared: true }], { dryRun: true }));
    expect(dry['phone-number-id']).toBe('');
    expect(dry['ids']).toBe('{}');
    expect(dry['created']).toBe('[]');
    expect(dry['changed']).toBe('true');
  });

  it('uses the sipUri when a number has none, and leaves pruned numbers out of ids', () => {
    const sip: NumberResult = { name: 'sip', operation: 'unchanged', declared: true, id: 'id-3', sipUri: 'sip:a@sip.vapi.ai' };
    const pruned: NumberResult = { name: 'old', operation: 'deleted', declared: false, id: 'id-9' };
    const outputs = outputsFor(outcome([sip, pruned]));
    expect(outputs['phone-number']).toBe('sip:a@sip.vapi.ai');
    expect(JSON.parse(outputs['ids'] ?? '')).toEqual({ sip: 'id-3' });
    expect(JSON.parse(outputs['deleted'] ?? '')).toEqual(['old']);
  });
});

describe('report', () => {
  it('shows the table, the changes with secrets masked, and failures with what to do', () => {
    const text = renderReport(
      outcome(
        [
          {
            ...support,
            operation: 'updated',
            changes: [
              {
                field: 'assistantId',
                from: 'a-1',
                to: 'a-2',
                secret: false,
                leaves: [{ path: 'assistantId', secret: false, old: 'a-1', new: 'a-2' }],
              },
              {
                field: 'twilioAuthToken',
                from: 'old-token',
                to: 'new-token',
                secret: true,
                leaves: [{ path: 'twilioAuthToken', secret: true }],
              },
            ],
          },
          { name: 'x|<b>', operation: 'failed', declared: true, problem: { message: 'boom', hint: 'do this' } },
        ],
        { failures: ['fail-on-changes: drift'] },
      ),
    );
    expect(text).toContain('| Name | Number | Provider | Routing | Operation | ID |');
    expect(text).toContain('| support | +14155550100 | twilio | Support Bot | updated | `id-1` |');
    expect(text).toContain('`assistantId`: `"a-1"` -> `"a-2"`');
    expect(text).toContain('`twilioAuthToken`: changed (secret)');
    expect(text).not.toContain('new-token');
    expect(text).not.toContain('old-token');
    expect(text).toContain('x\\|&lt;b&gt;');
    expect(text).toContain('boom What to do: do this');
    expect(text).toContain('fail-on-changes: drift');
  });

  it('marks a dry run', () => {
    expect(renderReport(outcome([], { dryRun: true, command: 'plan' }))).toContain('dry run: nothing was changed');
    expect(renderStoppedReport('apply', 'bad key')).toContain('Stopped before any change');
  });
});

describe('scrubSecrets', () => {
  it('removes raw, JSON-escaped, URL-encoded and base64 forms', () => {
    const secret = 'p@ss"wo/rd+1';
    const text = [secret, JSON.stringify(secret), encodeURIComponent(secret), Buffer.from(secret).toString('base64')].join(' ');
    const scrubbed = scrubSecrets(text, [secret]);
    expect(scrubbed).not.toContain('p@ss');
    expect(scrubbed).not.toContain(Buffer.from(secret).toString('base64'));
    expect(scrubbed).not.toContain(encodeURIComponent(secret));
  });
});
