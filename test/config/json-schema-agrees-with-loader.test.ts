// The editor's schema (dist/vapi-numbers.schema.json) and the loader must agree: every config the
// loader accepts validates, and every structural fault the loader rejects (unknown key, wrong type,
// a value outside an enum or a length, a missing required key, `version` other than 1) fails the
// schema too. The faults are made from good configs one at a time, for every key and value in them.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CONFIG_SCHEMA_ID, configJsonSchema } from '../../src/config/json-schema.js';
import { loadDesiredState } from '../../src/config/load.js';
import { FUZZ_ENV, validFile } from '../helpers/config-arbitraries.js';
import { workspaceWith } from './config-helpers.js';

const schema = configJsonSchema();
// Unknown keywords are errors (strictSchema); strictTypes would want a `type` beside each conditional's `properties`.
const validate = new Ajv2020({ strictTypes: false }).compile(schema);

type Env = Record<string, string>;
interface Sample {
  label: string;
  text: string;
  env: Env;
}

/** Every `${NAME}` of a text set to a plain value, which suits every field these files use it in. */
function envFor(text: string): Env {
  const names = [...text.matchAll(/\$\{([A-Za-z_]\w*)\}/g)].map((match) => match[1] ?? '');
  return Object.fromEntries(names.map((name) => [name, `value-of-${name}`]));
}

function fixture(path: string): Sample {
  const text = readFileSync(path, 'utf8');
  return { label: path, text, env: envFor(text) };
}

const GOOD: Sample[] = [
  fixture('examples/vapi-numbers.yml'),
  fixture('test/fixtures/all-providers.yml'),
  fixture('test/fixtures/config/all-providers.yml'),
  ...fc
    .sample(validFile, { seed: 1010, numRuns: 12 })
    .map((lines, n) => ({ label: `generated config ${n}`, text: `${lines.join('\n')}\n`, env: FUZZ_ENV })),
];

type Path = (string | number)[];
type Change = { path: Path; value: unknown } | { path: Path; remove: true };

/** Every path in a document, each with its value. */
function walk(value: unknown, path: Path = []): [Path, unknown][] {
  const found: [Path, unknown][] = [[path, value]];
  if (Array.isArray(value)) value.forEach((item, i) => found.push(...walk(item, [...path, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) found.push(...walk(item, [...path, key]));
  }
  return found;
}

/** One structural fault (or a harmless change) per value: the loader decides which. */
function changesOf(document: unknown): Change[] {
  const changes: Change[] = [];
  for (const [path, value] of walk(document)) {
    const replace = (...values: unknown[]): void => values.forEach((replacement) => changes.push({ path, value: replacement }));
    if (path.length > 0) changes.push({ path, remove: true });
    if (Array.isArray(value)) replace('a-list-was-expected', {}, [42]);
    else if (value !== null && typeof value === 'object') replace('a-map-was-expected', [], { ...value, bogusKey: 'x' });
    else if (typeof value === 'string')
      replace(42, true, null, ['x'], '', 'x', 'x'.repeat(41), 'x'.repeat(4097), 'not-one-of-the-values');
    else if (typeof value === 'number') replace(String(value), -1, 1e6, 2.5, null);
    else if (typeof value === 'boolean') replace(String(value), 0, null);
  }
  return changes;
}

/** The same document with every string but secrets' turned into a `${VAR}` set to the same text. */
function placeholdersOf(sample: Sample, document: unknown): Sample[] {
  return walk(document).flatMap(([path, value]) => {
    if (typeof value !== 'string' || value.includes('$') || path.length === 0) return [];
    const name = `VALUE_${path.join('_').replace(/\W/g, '_')}`;
    const text = stringify(applied(document, { path, value: `\${${name}}` }));
    return [{ label: `${sample.label} with ${path.join('.')} as \${${name}}`, text, env: { ...sample.env, [name]: value } }];
  });
}

function applied(document: unknown, change: Change): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  if (change.path.length === 0) return 'value' in change ? change.value : copy;
  let parent: Record<string | number, unknown> = copy;
  for (const step of change.path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = change.path[change.path.length - 1] as string | number;
  if ('value' in change) parent[last] = change.value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

async function loaderAccepts(workspace: string, sample: Sample): Promise<boolean> {
  await writeFile(join(workspace, 'vapi-numbers.yml'), sample.text);
  return loadDesiredState({ workspace, configPath: 'vapi-numbers.yml', env: sample.env }).then(
    () => true,
    () => false,
  );
}

function schemaAccepts(sample: Sample): boolean {
  return validate(parse(sample.text)) === true;
}

describe('the JSON Schema for editors', () => {
  it('accepts every good config and its variants with a placeholder in any string', async () => {
    const workspace = await workspaceWith();
    const samples = GOOD.flatMap((sample) => [sample, ...placeholdersOf(sample, parse(sample.text))]);
    const refused: string[] = [];
    for (const sample of samples) {
      expect(await loaderAccepts(workspace, sample), sample.label).toBe(true);
      if (!schemaAccepts(sample)) refused.push(`${sample.label}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    expect(refused).toEqual([]);
    console.info(`schema vs loader: ${samples.length.toLocaleString('en')} good configs both accept`);
  });

  it('gives the loader’s verdict on one-fault variants of every key and value', async () => {
    const workspace = await workspaceWith();
    const verdicts = { accepted: 0, rejected: 0 };
    const disagreements: string[] = [];
    // The three hand-written files and three generated ones: some 5,000 loads.
    for (const good of GOOD.slice(0, 6)) {
      const document: unknown = parse(good.text);
      const extra: Change[] = [
        { path: ['version'], value: 2 },
        { path: ['version'], value: '1' },
        { path: ['bogusTopKey'], value: 1 },
      ];
      for (const change of [...changesOf(document), ...extra]) {
        const sample = {
          label: `${good.label}: ${describeChange(change)}`,
          text: stringify(applied(document, change)),
          env: good.env,
        };
        const loader = await loaderAccepts(workspace, sample);
        verdicts[loader ? 'accepted' : 'rejected']++;
        if (loader !== schemaAccepts(sample)) disagreements.push(`${sample.label}: loader ${loader ? 'accepts' : 'rejects'}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(verdicts.rejected).toBeGreaterThan(1000);
    console.info(
      `schema vs loader: ${verdicts.rejected.toLocaleString('en')} structural faults both reject, ` +
        `${verdicts.accepted.toLocaleString('en')} harmless changes both accept`,
    );
  }, 120_000);

  it('is the file the build wrote to dist/', () => {
    const written: unknown = JSON.parse(readFileSync('dist/vapi-numbers.schema.json', 'utf8'));
    expect(written, 'dist/vapi-numbers.schema.json is stale: run npm run build').toEqual(schema);
  });

  it('describes every key, and the example and README point editors at it', () => {
    const defs = schema['$defs'] as Record<string, { description?: string }>;
    const descriptionOf = (value: { description?: string; $ref?: string }): string | undefined =>
      value.description ?? (value.$ref === undefined ? undefined : defs[value.$ref.replace('#/$defs/', '')]?.description);
    // Keys in conditions (`if`, `then`, the twilio credentials rule) only constrain; each is described where it is declared.
    const conditions = ['if', 'then', 'else', 'not', 'twilio-credentials'];
    const undescribed = walk(schema).flatMap(([path, value]) => {
      const inCondition = path.some((step) => conditions.includes(String(step)));
      const declared = path[path.length - 2] === 'properties' && !inCondition;
      return declared && descriptionOf(value as { description?: string }) === undefined ? [path.join('.')] : [];
    });
    expect(undescribed).toEqual([]);
    const modeline = `# yaml-language-server: $schema=${CONFIG_SCHEMA_ID}`;
    expect(readFileSync('examples/vapi-numbers.yml', 'utf8').split('\n')[0]).toBe(modeline);
    expect(readFileSync('README.md', 'utf8')).toContain(`\`\`\`yaml\n${modeline}\nversion: 1`);
  });
});

function describeChange(change: Change): string {
  const where = change.path.join('.') || 'the document';
  return 'value' in change ? `${where} = ${JSON.stringify(change.value)?.slice(0, 30)}` : `${where} removed`;
}
