// fast-check arbitraries for config fuzzing: valid configs built from a small model and written
// as YAML lines, then mutated line by line (delete, duplicate, swap, re-indent, insert punctuation,
// replace scalars, anchors and aliases, tabs, unicode, deep nesting, very long lines).
import fc from 'fast-check';

/** The environment the configs read; every value but the account SID is a secret. */
export const FUZZ_ENV: Record<string, string> = {
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000099',
  TWILIO_AUTH_TOKEN: 'fuzz-token-SECRET-0001',
  TWILIO_API_KEY: 'fuzz-apikey-SECRET-0002',
  TWILIO_API_SECRET: 'fuzz-apisecret-SECRET-0003',
  SIP_PASSWORD: 'fuzz-sip-password-SECRET-0004',
  SERVER_TOKEN: 'fuzz-header-SECRET-0005',
  EMPTY: '',
};
export const FUZZ_SECRETS = Object.entries(FUZZ_ENV)
  .filter(([name, value]) => name !== 'TWILIO_ACCOUNT_SID' && value !== '')
  .map(([, value]) => value);
/** Literal secrets the inline `numbers` input may carry (it is allowed to). */
export const INLINE_SECRETS = ['inline-literal-SECRET-0006', 'inline-sip-literal-SECRET-0007'];

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const e164 = fc.integer({ min: 2_000_000_000, max: 9_999_999_999 }).map((n) => `"+1${n}"`);
const hook = fc.constantFrom(
  ['hooks:', '  - on: call.ringing', '    do:', '      - type: say', '        exact: Please hold.'],
  [
    'hooks:',
    '  - on: call.ending',
    '    do:',
    '      type: transfer',
    '      destination:',
    '        type: number',
    '        number: "+14155550199"',
  ],
);
const server = fc.constantFrom(
  ['server:', '  url: https://example.com/hook', '  headers:', '    Authorization: Bearer ${SERVER_TOKEN}'],
  ['server:', '  url: https://example.com/hook', '  timeoutSeconds: 20'],
);

/** One entry's lines (without the leading `- `), for one provider. */
const entryBody = (inline: boolean): fc.Arbitrary<string[]> =>
  fc
    .tuple(
      name,
      fc.constantFrom('vapi', 'sip', 'twilio', 'twilio-key', 'vonage', 'telnyx', 'byo-phone-number'),
      e164,
      fc.option(hook, { nil: undefined }),
      fc.option(server, { nil: undefined }),
      fc.option(fc.constantFrom('assistant: Support Bot', 'squad: Sales', 'assistantId: asst-1', 'workflowId: wf-1'), {
        nil: undefined,
      }),
    )
    .map(([entryName, kind, number, hooks, srv, routing]) => {
      const lines = [`name: ${entryName}`];
      const token = inline ? JSON.stringify(INLINE_SECRETS[0]) : '${TWILIO_AUTH_TOKEN}';
      const password = inline ? JSON.stringify(INLINE_SECRETS[1]) : '${SIP_PASSWORD}';
      if (kind === 'vapi') lines.push('provider: vapi', 'numberDesiredAreaCode: "415"');
      if (kind === 'sip') {
        lines.push('provider: vapi', `sipUri: sip:${entryName}@sip.vapi.ai`, 'authentication:');
        lines.push('  username: fuzz-sip-username-000001', `  password: ${password}`);
      }
      if (kind === 'twilio')
        lines.push(
          'provider: twilio',
          `number: ${number}`,
          'twilioAccountSid: ${TWILIO_ACCOUNT_SID}',
          `twilioAuthToken: ${token}`,
        );
      if (kind === 'twilio-key') {
        lines.push('provider: twilio', `number: ${number}`, 'twilioAccountSid: ${TWILIO_ACCOUNT_SID}');
        lines.push('twilioApiKey: ${TWILIO_API_KEY}', 'twilioApiSecret: ${TWILIO_API_SECRET}');
      }
      if (kind === 'vonage' || kind === 'telnyx' || kind === 'byo-phone-number') {
        lines.push(`provider: ${kind}`, `number: ${number}`, 'credentialId: cred-1');
      }
      if (routing) lines.push(routing);
      if (hooks) lines.push(...hooks);
      if (srv) lines.push(...srv);
      return lines;
    });

/** The entries as a YAML list; names get their index in front, so they are unique. */
function listLines(entries: string[][], indent: string): string[] {
  return entries.flatMap((entry, n) =>
    entry.map((line, i) => `${indent}${i === 0 ? `- ${line.replace('name: ', `name: n${n}-`)}` : `  ${line}`}`),
  );
}

/** A valid config file, as lines. */
export const validFile: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.array(entryBody(false), { maxLength: 6 }),
    fc.boolean(),
    fc.option(fc.constantFrom(['defaults:', '  assistant: Support Bot'], ['defaults:', '  provider: twilio']), {
      nil: undefined,
    }),
  )
  .map(([entries, prune, defaults]) => [
    'version: 1',
    ...(defaults ?? []),
    entries.length === 0 ? 'numbers: []' : 'numbers:',
    ...listLines(entries, '  '),
    ...(prune ? ['prune:', '  match: ["fuzz-*"]', '  protect: [fuzz-main]'] : []),
  ]);

/** A valid `numbers` input (literal secrets allowed), as lines. */
export const validInline: fc.Arbitrary<string[]> = fc
  .array(entryBody(true), { minLength: 1, maxLength: 6 })
  .map((entries) => listLines(entries, ''));

const punctuation = fc.constantFrom(
  ...':-?[]{},&*!|>\'"%@`#$\\'.split(''),
  '${',
  '$${',
  '${}',
  '${ A B }',
  ': ',
  ' #',
  '- ',
  '\t',
);
const unicode = fc.constantFrom(
  'é',
  'ß',
  '日本',
  '\u200b',
  '\u202e',
  '\ufeff',
  '😀',
  '\u0085',
  '\u2028',
  '\u00a0',
  '\r',
  '\x7f',
  '\x00',
  '\ud800',
);
const scalar = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('null', '~', '', 'true', 'no', '0x1F', '0o17', '.inf', '1e400', '+14155550100', '0412', '2001-12-14'),
  fc.nat({ max: 5000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom(...Object.keys(FUZZ_ENV)).map((v) => `"\${${v}}"`),
  fc.constantFrom('${UNSET_VAR}', '${EMPTY}', 'Bearer ${SERVER_TOKEN}', '"\\u00e9"', "'it''s'", '[a, b]', '{a: 1}', '|', '>-'),
);

type Mutation = (lines: string[]) => string[];

function at<T>(items: T[], index: number): number {
  return items.length === 0 ? 0 : index % items.length;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map(
    (i): Mutation =>
      (lines) =>
        lines.filter((_, j) => j !== at(lines, i)),
  ),
  fc.nat().map(
    (i): Mutation =>
      (lines) =>
        lines.flatMap((line, j) => (j === at(lines, i) ? [line, line] : [line])),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (lines) => {
    const copy = [...lines];
    const [x, y] = [at(copy, a), at(copy, b)];
    [copy[x], copy[y]] = [copy[y] ?? '', copy[x] ?? ''];
    return copy;
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -6, max: 6 }), fc.boolean()).map(
    ([i, shift, tab]): Mutation =>
      (lines) =>
        lines.map((line, j) => {
          if (j !== at(lines, i)) return line;
          if (tab) return `\t${line}`;
          return shift >= 0 ? `${' '.repeat(shift)}${line}` : line.replace(new RegExp(`^ {0,${-shift}}`), '');
        }),
  ),
  fc
    .tuple(
      fc.nat(),
      fc.nat(),
      fc.array(fc.oneof(punctuation, unicode, fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 }),
    )
    .map(
      ([i, pos, bits]): Mutation =>
        (lines) =>
          lines.map((line, j) =>
            j === at(lines, i)
              ? `${line.slice(0, pos % (line.length + 1))}${bits.join('')}${line.slice(pos % (line.length + 1))}`
              : line,
          ),
    ),
  fc.tuple(fc.nat(), scalar).map(
    ([i, value]): Mutation =>
      (lines) =>
        lines.map((line, j) =>
          j === at(lines, i) && line.includes(': ') ? `${line.slice(0, line.indexOf(': ') + 2)}${value}` : line,
        ),
  ),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('&a ', '*a', '&a [1]', '<<: *a', '!!str ', '!custom ', '!!binary ')).map(
    ([i, k, bit]): Mutation =>
      (lines) =>
        lines.map((line, j) => {
          if (j === at(lines, i)) return line.includes(': ') ? line.replace(': ', `: ${bit}`) : `${line} ${bit}`;
          return j === at(lines, k) && bit === '*a' ? line.replace(': ', ': &a ') : line;
        }),
  ),
  fc
    .tuple(fc.nat(), fc.integer({ min: 50, max: 3000 }), fc.constantFrom('[', '{', '- ', 'a:\n '))
    .map(([i, depth, open]): Mutation => (lines) => {
      const closer = open === '[' ? ']' : open === '{' ? '}' : '';
      const nested =
        open === 'a:\n '
          ? Array.from({ length: depth }, (_, d) => `${' '.repeat(d)}a:`).join('\n')
          : `${open.repeat(depth)}${closer.repeat(depth)}`;
      const copy = [...lines];
      copy.splice(at(copy, i), 0, nested);
      return copy;
    }),
  fc.tuple(fc.nat(), fc.integer({ min: 1_000, max: 200_000 })).map(
    ([i, length]): Mutation =>
      (lines) =>
        lines.map((line, j) => (j === at(lines, i) ? `${line}${'y'.repeat(length)}` : line)),
  ),
  fc.constant<Mutation>((lines) => [lines.join('\r\n')]),
);

/** Duplicated long lines compound; past this a document is cut off, itself a fair mutation. */
const MAX_CHARS = 1_000_000;

/** A valid document, then one to five mutations. */
export function mutated(valid: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([lines, mutations]) =>
    mutations
      .reduce((current, mutate) => mutate(current), lines)
      .join('\n')
      .slice(0, MAX_CHARS),
  );
}

/** Text with no relation to a config: any characters, or a soup of YAML punctuation. */
export const arbitraryText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(fc.oneof(punctuation, unicode, fc.constantFrom('\n', ' ', 'a', 'name', 'version: 1', 'numbers:')), { maxLength: 120 })
    .map((bits) => bits.join('')),
);
