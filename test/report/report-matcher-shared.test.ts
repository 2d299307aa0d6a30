// One matcher of every secret form per run (issue 11): the summary, outputs, PR comment and CLI
// report of a run share it, it finds exactly what a scan of every form at every position finds,
// and sharing it changes no document.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NumberResult } from '../../src/apply/types.js';
import { palette } from '../../src/cli/colour.js';
import { renderJson, renderTable } from '../../src/cli/report.js';
import type { Plan } from '../../src/plan/types.js';
import { commentMarker, renderComment } from '../../src/report/comment.js';
import { renderReport } from '../../src/report/markdown.js';
import { outputsFor } from '../../src/report/outputs.js';
import { createScrubber, SecretMatcher, scrubSecrets, secretForms } from '../../src/report/scrub.js';
import type { RunOutcome } from '../../src/run.js';
import { ENCODINGS, findFragments } from '../helpers/canaries.js';
import { assertReplayable } from '../helpers/replay.js';

/** Every character some form of some secret covers, each covered run as one `***`. No index. */
function scanEveryForm(text: string, secrets: readonly string[]): string {
  const covered = new Array<boolean>(text.length).fill(false);
  const forms = secrets.flatMap((secret) => [...secretForms(secret)]);
  for (let i = 0; i < text.length; i++) {
    for (const form of forms) if (text.startsWith(form, i)) covered.fill(true, i, i + form.length);
  }
  return text.replace(/[\s\S]/g, (char, i: number) => (covered[i] ? '\0' : char)).replace(/\0+/g, '***');
}

describe('a matcher of fixed secrets', () => {
  const secret = fc.oneof(
    fc.string({ minLength: 1, maxLength: 10 }),
    fc.stringMatching(/^[0-9a-f]{32}$/),
    fc.constantFrom('abcd', 'bcde', 'tok|en*x', 'p@ss w0rd&<x>'),
  );

  it('hides what a scan of every form at every position hides, as the growing-set scrubber does', async () => {
    await assertReplayable(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 5 }).chain((secrets) => {
          const forms = secrets.flatMap((value) => [...secretForms(value)]);
          const piece = forms.length > 0 ? fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...forms)) : fc.string();
          return fc.tuple(fc.constant(secrets), fc.array(piece, { maxLength: 8 }));
        }),
        ([secrets, pieces]) => {
          const text = pieces.join('');
          const expected = scanEveryForm(text, secrets);
          expect(new SecretMatcher(secrets).scrub(text)).toBe(expected);
          expect(createScrubber(secrets)(text)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is used as it is by scrubSecrets, and iterates as the secrets it was made of', () => {
    const matcher = new SecretMatcher(['tok-live-0001', 'tok-live-0001', 'hdr-0002']);
    expect([...matcher]).toEqual(['tok-live-0001', 'hdr-0002']);
    expect(scrubSecrets('a tok-live-0001 b', matcher)).toBe('a *** b');
    expect(new SecretMatcher(['abc']).scrub('abc abcd')).toBe('abc abcd');
  });
});

const TOKEN = 'tok|live*0123456789abcdef';
const HEADER = 'Bearer hdr_[0123]`x`';
const API_KEY = 'vapi-key-9876543210';

function outcomeWithSecrets(): RunOutcome {
  const plan: Plan = {
    command: 'apply',
    changes: [
      {
        action: 'update',
        name: 'desk',
        id: 'pn-1',
        desired: {
          name: 'desk',
          provider: 'twilio',
          fields: { twilioAuthToken: TOKEN },
          source: { file: 'f.yml', line: 3, column: 5 },
        },
        remote: { id: 'pn-1', twilioAuthToken: 'old-token-4444', server: { headers: { authorization: HEADER } } },
        changes: [],
        body: { twilioAuthToken: TOKEN },
      },
    ],
  };
  const echo = (value: string): string =>
    Object.values(ENCODINGS)
      .map((encode) => encode(value))
      .join(' ; ');
  const results: NumberResult[] = [
    {
      name: 'desk',
      operation: 'failed',
      declared: true,
      id: 'pn-1',
      number: '+14155550100',
      provider: 'twilio',
      routing: `Bot ${TOKEN}`,
      changes: [
        {
          field: 'name',
          from: 'a',
          to: 'b',
          secret: false,
          leaves: [{ path: 'name', secret: false, old: `was ${HEADER}`, new: `now ${API_KEY}` }],
        },
      ],
      problem: { message: `Vapi said: ${echo(TOKEN)} ${echo(HEADER)} ${echo('old-token-4444')}`, hint: `not ${API_KEY}` },
    },
  ];
  return {
    command: 'apply',
    dryRun: false,
    label: `cfg ${API_KEY}`,
    results,
    plan,
    failures: [echo(API_KEY)],
    changed: false,
    failed: true,
  };
}

/** Every document the action and the CLI write for a run, all from `secrets`. */
function documents(outcome: RunOutcome, secrets: Iterable<string>): string[] {
  const scrub = (text: string): string => scrubSecrets(text, secrets);
  return [
    ...Object.values(outputsFor(outcome)).map(scrub),
    scrub(renderReport(outcome, secrets)),
    renderComment(outcome, commentMarker('cfg'), { now: new Date(0), secrets }),
    renderTable(outcome, { secrets, colours: palette(false) }),
    renderJson(outcome, secrets),
  ];
}

describe("a run's report matcher", () => {
  it('is made from one reading of the secrets and serves every document of the run', () => {
    const outcome = outcomeWithSecrets();
    let readings = 0;
    const source: Iterable<string> = {
      *[Symbol.iterator]() {
        readings++;
        yield API_KEY;
      },
    };
    const matcher = SecretMatcher.forReport(outcome.plan, source);
    expect(SecretMatcher.forReport(outcome.plan, matcher)).toBe(matcher);
    documents(outcome, matcher);
    expect(readings).toBe(1);
  });

  it('gives the same documents as the set it was made from, none holding any part of a secret', () => {
    const outcome = outcomeWithSecrets();
    const secrets = new Set([API_KEY]);
    const shared = documents(outcome, SecretMatcher.forReport(outcome.plan, secrets));
    expect(shared).toEqual(documents(outcome, secrets));
    const text = shared.join('\n');
    const all = { token: TOKEN, header: HEADER, old: 'old-token-4444', key: API_KEY };
    // Pieces of 8: shorter ones occur in ordinary words.
    expect(findFragments(text, all, 8)).toEqual([]);
    const encoded = Object.values(all).flatMap((value) => Object.values(ENCODINGS).map((encode) => encode(value)));
    expect(encoded.filter((form) => text.includes(form))).toEqual([]);
  });

  it("made for another plan, still hides this plan's secrets", () => {
    const outcome = outcomeWithSecrets();
    const other = SecretMatcher.forReport({ command: 'apply', changes: [] }, [API_KEY]);
    const summary = renderReport(outcome, other);
    expect(findFragments(summary, { token: TOKEN, header: HEADER, key: API_KEY }, 8)).toEqual([]);
    expect(summary).toBe(renderReport(outcome, [API_KEY]));
  });
});
