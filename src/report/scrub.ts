/**
 * Replaces every known secret in a text with `***`, also in the forms it takes when a value is
 * JSON-escaped, URL-encoded or base64-encoded. The runner masks the log itself once setSecret is
 * called, but not the job summary, the outputs or a PR comment: those are scrubbed here.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let scrubbed = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; the runner's own masker skips them too.
    if (secret.length < 4) continue;
    for (const form of secretForms(secret)) scrubbed = scrubbed.split(form).join('***');
  }
  return scrubbed;
}

function secretForms(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  forms.add(Buffer.from(secret, 'utf8').toString('base64'));
  forms.add(Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, ''));
  return [...forms].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length);
}
