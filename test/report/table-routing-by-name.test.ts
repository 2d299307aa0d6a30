// The table a person reads (SPEC section 7): Routing by name in every row whose assistant or squad
// the org can name, deleted and cleaned-up rows included, IDs when the listing fails (and the delete
// still happens); the declared Number on an imported create in `plan`; a cleanup that deleted
// nothing says what it matched and why each stays; a refused plan says so once.
import { afterEach, describe, expect, it } from 'vitest';
import { palette } from '../../src/cli/colour.js';
import { renderTable } from '../../src/cli/report.js';
import { renderComment, commentMarker } from '../../src/report/comment.js';
import { renderReport } from '../../src/report/markdown.js';
import { startWorld, type World } from '../helpers/engine.js';

let world: World;
afterEach(async () => world.close());

const DAY = 86_400_000;
const table = (outcome: Parameters<typeof renderTable>[0]) => renderTable(outcome, { secrets: [], colours: palette(false) });

describe('Routing by name', () => {
  it('deleted rows show the assistant and squad names, not their IDs', async () => {
    world = await startWorld();
    const desk = world.fake.seedAssistant('Front Desk');
    const sales = world.fake.seedSquad('Sales Squad');
    world.fake.seedNumber({ provider: 'vapi', name: 'a-desk', sipUri: 'sip:a@sip.vapi.ai', assistantId: desk.id });
    world.fake.seedNumber({ provider: 'vapi', name: 'b-sales', sipUri: 'sip:b@sip.vapi.ai', squadId: sales.id });
    world.writeConfig('version: 1\nnumbers:\n  - name: a-desk\n    provider: vapi\n  - name: b-sales\n    provider: vapi\n');
    const outcome = await world.engine({ command: 'delete', configPath: 'vapi-numbers.yml' });
    expect(outcome.results.map((r) => [r.name, r.operation, r.routing])).toEqual([
      ['a-desk', 'deleted', 'Front Desk'],
      ['b-sales', 'deleted', 'Sales Squad'],
    ]);
    expect(renderReport(outcome)).toContain('| Front Desk | deleted |');
    expect(table(outcome)).not.toContain(desk.id);
  });

  it('a failed assistant listing leaves the ID and does not stop the delete', async () => {
    world = await startWorld();
    const desk = world.fake.seedAssistant('Front Desk');
    world.fake.seedNumber({ provider: 'vapi', name: 'a-desk', sipUri: 'sip:a@sip.vapi.ai', assistantId: desk.id });
    world.fake.injectFault({ method: 'GET', path: '/assistant', kind: 'status-before', status: 500, times: 100 });
    world.writeConfig('version: 1\nnumbers:\n  - name: a-desk\n    provider: vapi\n');
    const outcome = await world.engine({ command: 'delete' });
    expect(outcome.failed).toBe(false);
    expect(outcome.results.map((r) => [r.operation, r.routing])).toEqual([['deleted', desk.id]]);
    expect(world.fake.numbers()).toEqual([]);
    expect(outcome.log.join('\n')).toMatch(/Routing column shows assistant IDs: listing the assistants failed/);
  });

  it('cleanup rows show names too', async () => {
    world = await startWorld();
    const desk = world.fake.seedAssistant('Front Desk');
    const old = new Date(Date.now() - 30 * DAY).toISOString();
    world.fake.seedNumber({
      provider: 'vapi',
      name: 'pr-1-a',
      sipUri: 'sip:p@sip.vapi.ai',
      assistantId: desk.id,
      createdAt: old,
    });
    const outcome = await world.engine({ command: 'cleanup', configPath: undefined, match: 'pr-{pr}-*', olderThanMs: 7 * DAY });
    expect(outcome.results.map((r) => [r.operation, r.routing])).toEqual([['deleted', 'Front Desk']]);
  });
});

describe('Number on an imported create', () => {
  it('plan shows the number the config declares', async () => {
    world = await startWorld();
    world.writeConfig(
      'version: 1\nnumbers:\n  - name: new-vonage\n    provider: vonage\n    number: "+442071838750"\n    credentialId: cred-1\n',
    );
    const outcome = await world.engine({ command: 'plan' });
    expect(outcome.results.map((r) => [r.operation, r.number])).toEqual([['would-create', '+442071838750']]);
    expect(table(outcome)).toMatch(/^new-vonage\s+\+442071838750\s+vonage\s+would-create/m);
  });
});

describe('a cleanup that deletes nothing', () => {
  it('says what it matched and why each number stays, in every report', async () => {
    world = await startWorld();
    const recent = new Date(Date.now() - 2 * DAY).toISOString();
    for (const name of ['pr-1-a', 'pr-2-b', 'pr-3-keep']) {
      world.fake.seedNumber({ provider: 'vapi', name, sipUri: `sip:${name}@sip.vapi.ai`, createdAt: recent });
    }
    world.fake.seedNumber({ provider: 'vapi', name: 'main', sipUri: 'sip:main@sip.vapi.ai', createdAt: recent });
    const outcome = await world.engine({
      command: 'cleanup',
      configPath: undefined,
      match: 'pr-{pr}-*',
      olderThanMs: 7 * DAY,
      protect: ['*-keep'],
    });
    expect(outcome.results).toEqual([]);
    const headline = "Nothing to delete: 3 numbers matched 'pr-{pr}-*' and none qualified:";
    const comment = renderComment(outcome, commentMarker(outcome.label), { now: new Date(0) });
    // Markdown escapes the glob's `*`; what a reader sees is the same text.
    const texts = [table(outcome), renderReport(outcome), comment.replace(/\\\*/g, '*')];
    for (const text of texts) {
      expect(text).toContain(headline);
      expect(text).toMatch(/pr-1-a \(.+\): created 2 d ago, not older than 7 d/);
      expect(text).toMatch(/pr-3-keep \(.+\): protected by '\*-keep'/);
      expect(text).not.toContain('main');
      expect(text).not.toContain('No numbers declared or matched');
    }
  });

  it('says when nothing matched at all', async () => {
    world = await startWorld();
    const outcome = await world.engine({ command: 'cleanup', configPath: undefined, match: 'pr-{pr}-*', olderThanMs: DAY });
    expect(table(outcome)).toContain("No number matched 'pr-{pr}-*'.");
  });
});

describe('a refused plan', () => {
  it('is said once: in the report, not also as a log error', async () => {
    world = await startWorld();
    for (const name of ['a', 'b']) world.fake.seedNumber({ provider: 'vapi', name, sipUri: `sip:${name}@sip.vapi.ai` });
    world.writeConfig('version: 1\nnumbers:\n  - name: a\n    provider: vapi\n  - name: b\n    provider: vapi\n');
    const outcome = await world.engine({ command: 'delete', maxDeletions: 1 });
    expect(outcome.failures).toEqual([expect.stringMatching(/^This run would delete 2 numbers, more than max-deletions \(1\)/)]);
    const said = (text: string) => text.split('more than max-deletions').length - 1;
    expect(said(outcome.log.join('\n'))).toBe(0);
    expect(said(table(outcome))).toBe(1);
    expect(said(renderReport(outcome))).toBe(1);
  });
});
