// fast-check arbitraries for the fast config reader's property test: valid configs written in many
// YAML styles (flow entries, comments, blank lines, CRLF, a leading `---`), with free-form values
// where the schema takes anything (a SIP destination's `sipHeaders`) or any text (its
// `description`), spelled in every way the two parsers might read differently: YAML 1.1 booleans and
// octals, timestamps, hex, exponents, infinities, quoted and block scalars, multi-line plain text.
import fc from 'fast-check';
import { validFile } from './config-arbitraries.js';

/** Plain scalars whose type depends on the YAML version or schema, and some that are just text. */
const plain = fc.constantFrom(
  ...[
    '1',
    '-3',
    '+14155550100',
    '0412',
    '0o17',
    '0O17',
    '0x1F',
    '0X1F',
    '0b101',
    '1_000',
    '1.5',
    '1.50',
    '.5',
    '-.5',
    '5.',
    '1e3',
  ],
  ...['1E-2', '+1.5e+3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'nan', 'inf', 'true', 'True', 'TRUE', 'tRUE', 'false', 'yes'],
  ...['No', 'on', 'OFF', 'y', 'n', '~', 'null', 'Null', 'NULL', 'nULL', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '12:30:00'],
  ...['190:20:30', '1:2', '=', '<', 'a b c', 'sip:x@y.example', 'http://x.example/a?b=1#c', 'a#b', 'x-1', '-x', ':x', 'a: b'],
  ...['Sales & Support', 'Press * now', 'Hi! Ok?', 'a ? b', 'x @ y', 'a | b', 'a > b', '100%', 'a - b', 'a -b', 'c++'],
  ...['é à ü', '日本語', 'a  b', 'a,b', 'a]b', 'a}b', '0.', '00', '-0', '+0', '0x', '1e', '.e1', '1.2.3', '12e03', 'Yes please'],
);
const quoted = fc.oneof(
  fc.constantFrom('"1"', "'true'", '"null"', '""', "''", "'it''s'", '"a #b"', "'a: b'", '"&x *y !z"', '"[a, {b}]"', '" lead"'),
  fc.constantFrom('"two\n  lines"', "'two\n\n  paras'", '"é #"', "'%x'", '"@x"', '"`x`"', '"?x"'),
);
const comment = fc.constantFrom('', ' # note', ' # & * ! @ ` ? %', ' #', ' # "quoted" \'x\'', ' # key: value');
const key = fc.constantFrom(
  'X-Custom',
  'x',
  'true',
  'on',
  'yes',
  'a b',
  '"quoted key"',
  "'single'",
  'k1',
  'UPPER',
  'dotted.key',
  '"a:b"',
);

type Block = (indent: string) => string[];

/** A value written after `key:` at some indentation: first line's tail, then further lines. */
function scalarLines(): fc.Arbitrary<Block> {
  return fc.oneof(
    fc.tuple(fc.oneof(plain, quoted), comment).map(([text, note]): Block => () => [` ${text}${note}`]),
    fc
      .tuple(
        fc.constantFrom('|', '|-', '|+', '>', '>-', '>+', '|2', '>1'),
        fc.array(fc.constantFrom('line', '  more', '', '# not a comment', 'x: y'), { minLength: 1, maxLength: 4 }),
      )
      .map(([header, lines]): Block => (indent) => [
        ` ${header}`,
        ...lines.map((line) => (line === '' ? '' : `${indent}  ${line}`)),
      ]),
    fc
      .array(fc.constantFrom('word', 'two words', '', 'end.'), { minLength: 2, maxLength: 4 })
      .filter((words) => words[0] !== '' && words.at(-1) !== '')
      .map((words): Block => (indent) => [
        ` ${words[0] ?? ''}`,
        ...words.slice(1).map((word) => (word === '' ? '' : `${indent}  ${word}`)),
      ]),
  );
}

/** A free-form value: scalar, block map, block list or flow collection, a few levels deep. */
const value: fc.Memo<Block> = fc.memo((depth) =>
  depth <= 1
    ? scalarLines()
    : fc.oneof(
        scalarLines(),
        fc.array(fc.tuple(key, value(depth - 1)), { minLength: 1, maxLength: 3 }).map((pairs): Block => (indent) => {
          const unique = [...new Map(pairs.map((pair) => [pair[0].replace(/["']/g, ''), pair])).values()];
          return ['', ...unique.flatMap(([name, block]) => withKey(`${indent}  `, name, block))];
        }),
        fc.array(value(depth - 1), { minLength: 1, maxLength: 3 }).map((items): Block => (indent) => [
          '',
          ...items.flatMap((block) => {
            const [first = '', ...rest] = block(`${indent}  `);
            return first === '' ? [`${indent}  -`, ...rest] : [`${indent}  -${first}`, ...rest];
          }),
        ]),
        fc
          .constantFrom('[]', '{}', '[a, 1, "x"]', '{a: 1, b: [true, ~]}', '[a, [b, [c]]]', '{ a: , b }', '[\n    a,\n    b ]')
          .map((flow): Block => () => [` ${flow}`]),
      ),
);

function withKey(indent: string, name: string, block: Block): string[] {
  const [first = '', ...rest] = block(indent);
  return [`${indent}${name}:${first}`, ...rest];
}

/** Extra fields for one entry: a SIP fallback destination with a description and free-form headers. */
const extras = fc
  .tuple(fc.array(fc.tuple(key, value(3)), { minLength: 1, maxLength: 3 }), fc.option(scalarLines(), { nil: undefined }))
  .map(([pairs, description]) => {
    const unique = [...new Map(pairs.map((pair) => [pair[0].replace(/["']/g, ''), pair])).values()];
    return [
      'fallbackDestination:',
      '  type: sip',
      '  sipUri: sip:desk@pbx.example',
      ...(description ? withKey('  ', 'description', description) : []),
      '  sipHeaders:',
      ...unique.flatMap(([name, block]) => withKey('    ', name, block)),
    ];
  });

/** Rewrites of a whole valid file that keep it valid: layout, comments, line ends. */
type Restyle = (lines: string[]) => string[];
const restyle: fc.Arbitrary<Restyle> = fc.constantFrom<Restyle>(
  (lines) => lines,
  (lines) => ['---', ...lines],
  (lines) => ['# a comment with & * ! @ ` ? % characters', '', ...lines],
  (lines) => lines.flatMap((line) => [line, '']),
  (lines) => lines.map((line) => (/^\s*- name:/.test(line) ? line.replace('- name:', '- # entry\n    name:') : line)),
  (lines) => lines.map((line) => (/^\s*- name:/.test(line) ? line.replace('- name:', '-\n    name:') : line)),
  (lines) => lines.map((line) => (/: [^"'{[|>]/.test(line) && !line.includes('#') ? `${line}   # trailing` : line)),
  (lines) => [lines.join('\r\n')],
);

/** Each number's extra lines, appended under the entry with the entry's indentation. */
function withExtras(lines: string[], extra: (string[] | undefined)[]): string[] {
  const out: string[] = [];
  let entry = -1;
  const flush = (): void => {
    const more = entry >= 0 ? extra[entry % extra.length] : undefined;
    if (more) out.push(...more.map((line) => `    ${line}`));
  };
  for (const line of lines) {
    if (/^ {2}- name:/.test(line)) {
      flush();
      entry++;
    } else if (!line.startsWith('    ') && entry >= 0) {
      flush();
      entry = -1;
    }
    out.push(line);
  }
  flush();
  return out;
}

/** A valid config file in some YAML style, as text. */
export const styledFile: fc.Arbitrary<string> = fc
  .tuple(validFile, fc.array(fc.option(extras, { nil: undefined }), { minLength: 1, maxLength: 4 }), restyle)
  .map(([lines, extra, style]) => style(withExtras(lines, extra)).join('\n'));

/** A single-line entry written as a flow map, e.g. `- {name: a, provider: vapi}`. */
export const flowEntries: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), fc.constantFrom('vonage', 'telnyx', 'byo-phone-number')), {
    minLength: 1,
    maxLength: 4,
  })
  .map((entries) =>
    [
      'version: 1',
      'numbers:',
      ...entries.map(
        ([name, provider], i) =>
          `  - {name: f${i}-${name}, provider: ${provider}, number: "+1415555010${i}", credentialId: cred-${i}}`,
      ),
    ].join('\n'),
  );
