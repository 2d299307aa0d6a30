// Did-you-mean for unknown keys. Only close matches are offered: a far-fetched suggestion sends the
// reader looking for a connection that is not there.

/** Optimal-string-alignment distance: Levenshtein plus swapping two neighbouring letters. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The known keys nearest to `word`, if close enough to be a likely typo: at most a third of the
 * word's letters differ (at least one edit allowed), comparing case-insensitively so that
 * `AssistantID` still finds `assistantId`. Ties are all returned, in the order given.
 */
export function nearestKeys(word: string, known: readonly string[]): string[] {
  const lower = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let best: string[] = [];
  let bestDistance = allowed + 1;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance > allowed) continue;
    if (distance < bestDistance) {
      best = [candidate];
      bestDistance = distance;
    } else if (distance === bestDistance) best.push(candidate);
  }
  return best;
}

/** `did you mean \`assistantId\`?` (or two, when equally close), or nothing when none is close. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const nearest = nearestKeys(word, known).slice(0, 2);
  return nearest.length === 0 ? undefined : `did you mean ${nearest.map((key) => `\`${key}\``).join(' or ')}?`;
}
