import { describe, expect, it } from 'vitest';
import type { NumberResult } from '../../src/apply/types.js';
import type { Command } from '../../src/plan/types.js';
import { COMMENT_LIMIT, commentMarker, renderComment } from '../../src/report/comment.js';
import type { RunOutcome } from '../../src/run.js';

const NOW = new Date('2025-03-04T05:06:07.890Z');

function outcome(results: NumberResult[], extra: Partial<RunOutcome> = {}): RunOutcome {
  const command: Command = extra.command ?? 'apply';
  return {
    command,
    dryRun: false,
    label: 'vapi-numbers.yml',
    results,
    plan: { command, changes: [] },
    failures: [],
    changed: true,
    failed: false,
    ...extra,
  };
}

const preview: NumberResult = {
  name: 'pr-123-support',
  operation: 'created',
  declared: true,
  id: 'pn_1',
  number: '+14155550100',
  provider: 'vapi',
};

describe('commentMarker', () => {
  it('is a hidden HTML comment derived from the label only', () => {
    expect(commentMarker('vapi-numbers.yml')).toBe('<!-- vapi-numbers:vapi-numbers.yml -->');
    expect(commentMarker('config/a.yml + numbers input')).toBe('<!-- vapi-numbers:config/a.yml + numbers input -->');
    expect(commentMarker('a.yml')).not.toBe(commentMarker('b.yml'));
  });

  it('is the same for every command, so a preview comment goes from created to deleted', () => {
    const marker = commentMarker('vapi-numbers.yml');
    const bodies = (['plan', 'apply', 'delete', 'cleanup'] as Command[]).map((command) =>
      renderComment(outcome([{ ...preview, operation: command === 'delete' ? 'deleted' : 'created' }], { command }), marker, {
        now: NOW,
      }),
    );
    for (const body of bodies) expect(body.startsWith(`${marker}\n`)).toBe(true);
  });

  it('cannot be closed early or broken by the label', () => {
    for (const label of ['x --> <script>', 'a--b', 'end-', 'ünï*cödé!', 'x'.repeat(500)]) {
      const marker = commentMarker(label);
      const inner = marker.slice('<!--'.length, -'-->'.length);
      expect(inner, label).not.toMatch(/--|[<>]/);
      expect(marker.length, label).toBeLessThan(260);
      expect(commentMarker(label), label).toBe(marker);
    }
    expect(commentMarker('a--b')).not.toBe(commentMarker('a-b'));
  });
});

describe('renderComment', () => {
  const marker = commentMarker('vapi-numbers.yml');

  it('shows the command, the table with the preview number in bold with its ID, and a timed footer', () => {
    const body = renderComment(
      outcome([
        preview,
        { name: 'old', operation: 'deleted', declared: false, id: 'pn_2', number: '+14155550199', provider: 'twilio' },
      ]),
      marker,
      {
        now: NOW,
        runUrl: 'https://github.com/o/r/actions/runs/9',
      },
    );
    expect(body).toContain('### vapi-numbers apply\n');
    expect(body).toContain('| Name | Number | Provider | Operation | ID |');
    expect(body).toContain('| pr-123-support | **+14155550100** | vapi | created | `pn_1` |');
    expect(body).toContain('| old | +14155550199 | twilio | deleted | `pn_2` |');
    expect(body).toContain('Updated 2025-03-04T05:06:07Z');
    expect(body).toContain('[workflow run](https://github.com/o/r/actions/runs/9)');
    expect(body).not.toContain('dry run');
  });

  it('marks a dry run', () => {
    const body = renderComment(
      outcome([{ ...preview, operation: 'would-create', id: undefined, number: undefined }], { command: 'plan', dryRun: true }),
      marker,
      { now: NOW },
    );
    expect(body).toContain('### vapi-numbers plan (dry run: nothing was changed)');
    expect(body).toContain('| pr-123-support |  | vapi | would-create |  |');
  });

  it('lists failures with what to do', () => {
    const failed: NumberResult = {
      name: 'support',
      operation: 'failed',
      declared: true,
      problem: { message: 'Vapi refused the create (400).', hint: 'Check the area code.' },
    };
    const body = renderComment(outcome([failed], { failures: ['Verification could not list numbers.'], failed: true }), marker, {
      now: NOW,
    });
    expect(body).toContain('| support |  |  | **failed** |  |');
    expect(body).toContain('#### Failures');
    expect(body).toContain('- Verification could not list numbers.');
    expect(body).toContain('- **support** (failed): Vapi refused the create (400). What to do: Check the area code.');
  });

  it('escapes Markdown, HTML and mentions in user values', () => {
    const body = renderComment(
      outcome([{ ...preview, name: '<img src=x> *bold* | @octocat [x](y)', id: 'pn`|1', provider: '_v_' }], { label: 'a`b.yml' }),
      marker,
      { now: NOW },
    );
    expect(body).not.toContain('<img');
    expect(body).toContain('&lt;img src=x&gt; \\*bold\\* \\| @\u200boctocat \\[x\\](y)');
    expect(body).toContain("`pn'\\|1`");
    expect(body).toContain('\\_v\\_');
    expect(body).toContain("Config: `a'b.yml`.");
    expect(body).not.toMatch(/(^|[^\u200b])@octocat/);
    const sip = renderComment(outcome([{ ...preview, number: undefined, sipUri: 'sip:desk@example.sip.vapi.ai' }]), marker, {
      now: NOW,
    });
    expect(sip).toContain('**sip:desk@example.sip.vapi.ai**');
  });

  it('replaces secrets before escaping them', () => {
    const body = renderComment(
      outcome([
        { ...preview, problem: { message: 'server said s3cr_et*x is wrong', hint: 'rotate s3cr_et*x' }, operation: 'failed' },
      ]),
      marker,
      { now: NOW, secrets: ['s3cr_et*x'] },
    );
    expect(body).not.toMatch(/s3cr/);
    expect(body).toContain('server said \\*\\*\\* is wrong');
  });

  it('stays under 65,536 characters with 2,000 numbers, keeping the marker, failures first and a count of left-out rows', () => {
    const results: NumberResult[] = Array.from({ length: 2_000 }, (_, i) => ({
      name: `number-${String(i).padStart(4, '0')}-with-a-rather-long-name`,
      operation: i === 1_999 ? 'failed' : 'unchanged',
      declared: true,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      number: `+1415555${String(i).padStart(4, '0')}`,
      provider: 'twilio',
      ...(i === 1_999 ? { problem: { message: 'boom', hint: 'retry' } } : {}),
    }));
    const body = renderComment(outcome(results), marker, { now: NOW });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT / 2);
    expect(body.startsWith(marker)).toBe(true);
    expect(body).toContain('| number-1999-with-a-rather-long-name |');
    const shown = body.split('\n').filter((line) => /^\| number-/.test(line)).length;
    expect(body).toContain(`_…and ${2_000 - shown} more rows not shown`);
    expect(body).toContain('Updated 2025-03-04T05:06:07Z');
    expect(shown).toBeLessThan(2_000);
  });

  it('bounds a flood of failures too', () => {
    const results: NumberResult[] = Array.from({ length: 3_000 }, (_, i) => ({
      name: `n${i}`,
      operation: 'failed',
      declared: true,
      problem: { message: `Vapi said no: ${'x'.repeat(400)}`, hint: 'Check it.' },
    }));
    const body = renderComment(
      outcome(results, { failures: Array.from({ length: 500 }, () => 'run failure '.repeat(40)) }),
      marker,
      { now: NOW },
    );
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toMatch(/more failures: see the job summary/);
    expect(body).toMatch(/more rows not shown/);
  });

  it('renders an empty result', () => {
    expect(renderComment(outcome([]), marker, { now: NOW })).toContain('No numbers declared or matched.');
  });
});
