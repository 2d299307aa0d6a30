// The words for a name that holds this run's new number and another one. The API has no
// idempotency key, so the usual cause is a listing that did not show the other number yet; the
// user has to pick one to delete, and must be told which ID is which.
import type { RemoteNumber } from '../vapi/types.js';
import type { EntryProblem, NumberResult } from './types.js';

interface Held {
  id: string;
  createdAt?: string;
  ours: boolean;
}

/**
 * The problem for `result` (created by this run) listed beside `others` of the same name. The
 * oldest number is the one to keep by default; every newer one is named for deletion.
 */
export function duplicateProblem(result: NumberResult, others: RemoteNumber[], prefix = ''): EntryProblem {
  const ours: Held = { id: result.id as string, createdAt: result.createdAt, ours: true };
  const all: Held[] = [ours, ...others.map((other) => ({ id: other.id, createdAt: other.createdAt, ours: false }))];
  // Ours counts as the newest when a date is missing: this run bought it moments ago.
  const time = (held: Held): number => {
    const parsed = held.createdAt === undefined ? NaN : Date.parse(held.createdAt);
    return Number.isNaN(parsed) ? (held.ours ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY) : parsed;
  };
  all.sort((a, b) => time(a) - time(b) || (a.ours ? 1 : 0) - (b.ours ? 1 : 0));
  const [keep, ...extra] = all as [Held, ...Held[]];
  const name = `'${result.name}'`;
  const ids = all.map((held) => held.id).sort();
  const describe = (held: Held): string =>
    `${held.id} (${held === keep ? 'older' : 'newer'}${held.ours ? ', bought by this run' : ''}${held.createdAt ? `, created ${held.createdAt}` : ''})`;
  const listed = all.map(describe).join(' and ');
  const extraIds = extra.map((held) => `${held.id}${held.ours ? " (this run's)" : ''}`).join(', ');
  const newer = extra.length === 1 ? 'the newer number' : 'the newer numbers';
  const oldest = extra.length === 1 ? 'the older one' : 'the oldest';

  if (!keep.ours) {
    const older = all.filter((held) => !held.ours && time(held) <= time(ours)).map((held) => held.id);
    return {
      message:
        `${prefix}This run bought a second number for ${name} because the listing it made before creating did not ` +
        `show the first one yet (Vapi's list can lag behind a create, such as one made by an earlier run that was ` +
        `cancelled or ended with an unknown outcome). ${name} now has ${all.length} numbers: ${listed}.`,
      hint:
        `Delete ${newer}, ${extraIds}, in the Vapi dashboard and keep ${oldest}, ${keep.id}; or, to keep ` +
        `this run's number instead, delete ${older.join(', ')}. Then wait about a minute and run again. Numbers are ` +
        'never deleted automatically.',
      ids,
    };
  }
  return {
    message:
      `${prefix}${name} now has ${all.length} numbers: ${listed}. ` +
      `${extra.length === 1 ? 'The newer one was' : 'The newer ones were'} made after this run's create, ` +
      'by another run or in the dashboard.',
    hint:
      `Delete ${newer}, ${extraIds}, in the Vapi dashboard and keep ${keep.id}, bought by this run; or, to ` +
      `keep the other one, delete ${keep.id} instead. Then run again. Numbers are never deleted automatically.`,
    ids,
  };
}
