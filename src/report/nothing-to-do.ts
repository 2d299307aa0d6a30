// What a run with no row says instead of a table. A cleanup that matched numbers but deleted none
// says which it matched and why each stays: "nothing matched" would send the reader after the glob.
import type { Plan } from '../plan/types.js';

/** Kept numbers listed by name; beyond this many, only a count (the log has the plan). */
const MAX_KEPT_SHOWN = 20;

/** Plain text: each renderer escapes it for its medium. */
export function nothingToDo(plan: Plan): { headline: string; kept: string[] } {
  const { cleanup } = plan;
  if (!cleanup) return { headline: 'No numbers declared or matched.', kept: [] };
  const count = cleanup.kept.length;
  if (count === 0) return { headline: `No number matched '${cleanup.match}'.`, kept: [] };
  const headline = `Nothing to delete: ${count} number${count === 1 ? '' : 's'} matched '${cleanup.match}' and none qualified:`;
  const kept = cleanup.kept.slice(0, MAX_KEPT_SHOWN).map((number) => `${number.name} (${number.id}): ${number.reason}`);
  if (count > MAX_KEPT_SHOWN) kept.push(`...and ${count - MAX_KEPT_SHOWN} more`);
  return { headline, kept };
}
