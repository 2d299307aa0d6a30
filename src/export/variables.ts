// Secrets in an export: each is held as a marker (never its value) until it is written as
// `${VAR}`, and each VAR gets a name derived from the number's name and the secret's field.

/** Stands where a secret was in the listing (or must be, when the API withheld it). */
export class SecretSlot {
  constructor(
    /** The key path inside the number: `['authentication', 'password']`. */
    readonly path: string[],
    /** The listing did not carry the value. */
    readonly withheld: boolean,
  ) {}
}

// How each secret field reads at the end of a variable name. A header gets the header's own name.
const FIELD_WORDS: Record<string, string> = {
  twilioAuthToken: 'TWILIO_AUTH_TOKEN',
  twilioApiKey: 'TWILIO_API_KEY',
  twilioApiSecret: 'TWILIO_API_SECRET',
  'authentication.password': 'SIP_PASSWORD',
};

/** `Main Support Line` -> `MAIN_SUPPORT_LINE`, `Café` -> `CAFE`, `twilioAuthToken` -> `TWILIO_AUTH_TOKEN`. */
export function envWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** The field part of a variable name: `TWILIO_AUTH_TOKEN`, `SERVER_HEADER_AUTHORIZATION`. */
function fieldWords(path: readonly string[]): string {
  const known = FIELD_WORDS[path.join('.')];
  if (known !== undefined) return known;
  if (path[0] === 'server' && path[1] === 'headers') {
    return ['SERVER_HEADER', envWords(path.slice(2).join('_'))].filter(Boolean).join('_');
  }
  return envWords(path.join('_')) || 'SECRET';
}

/**
 * Hands out variable names, each unique in one export. A name that would start with a digit, or
 * with `GITHUB_` (GitHub refuses secrets named so), gets a `VAPI_` prefix; a clash gets `_2`, `_3`.
 */
export class VariableNames {
  private readonly used = new Set<string>();

  next(numberName: string, path: readonly string[]): string {
    let base = [envWords(numberName) || 'NUMBER', fieldWords(path)].join('_');
    if (/^[0-9]/.test(base) || base.startsWith('GITHUB_')) base = `VAPI_${base}`;
    let name = base;
    for (let suffix = 2; this.used.has(name); suffix++) name = `${base}_${suffix}`;
    this.used.add(name);
    return name;
  }
}
