// Secret canaries: recognisable values for every kind of secret the action handles, the configs
// that carry them, a fake-API picker that echoes them back in errors, and a finder that looks for
// each one in every encoding a log, summary or output could hold it in.
import type { Fault, IncomingRequest } from '../fake-vapi/index.js';

/** Canaries carry quotes, slashes, `+`, `&`, spaces and a backslash so every encoding differs from the raw value. */
export const CANARY = {
  apiKey: 'vapi-key+CANARY/0001=k9',
  twilioToken: 'tw-token "CANARY" 0002/a+b',
  twilioTokenRotated: 'tw-token-ROTATED\\CANARY-0003',
  twilioApiKey: 'SK-CANARY-0004-apikey',
  twilioApiSecret: 'tw-api-secret/CANARY+0005',
  sipPassword: 'sip&pass=CANARY 0006/xyz',
  serverToken: 'hdr-CANARY-0007?x=1&y=2',
  inlineToken: 'inline-tw-"CANARY"-0008',
  inlineTokenRotated: 'inline-tw-ROTATED-CANARY-0009',
  inlineSipPassword: 'inline-sip-CANARY-0010/pw',
  inlineHeader: 'inline-hdr+CANARY 0011',
  shortSipPassword: 'short-CANARY-12',
  inlineBlock: 'inline-block-CANARY-0013',
  extraSipPassword: 'extra&sip<pw>=CANARY-0014',
  /** A server header with every character that JSON, HTML and URLs escape differently. */
  quirkyHeader: 'hdr"Q\\B<C&D\'E-CANARY-0015',
  /** Put in the fake by hand: only the API knows it, until it lists it. */
  liveOnlyToken: 'tw-live-only/CANARY+0016 "old"',
} as const;

export type CanaryName = keyof typeof CANARY;

const json = (value: string): string => JSON.stringify(value).slice(1, -1);
const html = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const htmlQuotes = (value: string): string => html(value).replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * The base64 characters of `value` that do not depend on the bytes around it, when it starts
 * `offset` bytes into a 3-byte group of a larger encoded blob: found by encoding it between two
 * different fillers and keeping what both encodings share.
 */
export function base64Inside(value: string, offset: number): string {
  const around = (byte: number): string =>
    Buffer.concat([Buffer.alloc(offset, byte), Buffer.from(value, 'utf8'), Buffer.alloc(2, byte)]).toString('base64');
  // Padding is the same in both, but says nothing about the value.
  const [a, b] = [around(0x00).replace(/=+$/, ''), around(0xff).replace(/=+$/, '')];
  let start = 0;
  while (a[start] !== b[start]) start++;
  let end = a.length;
  while (a[end - 1] !== b[end - 1]) end--;
  return a.slice(start, end);
}

/** The encodings a value may take on its way out: as the scrubber promises to cover them. */
export const ENCODINGS: Record<string, (value: string) => string> = {
  raw: (value) => value,
  'json-escaped': json,
  'json-escaped-twice': (value) => json(json(value)),
  'url-encoded': (value) => encodeURIComponent(value),
  'form-encoded': (value) => new URLSearchParams({ v: value }).toString().slice(2),
  base64: (value) => base64Inside(value, 0),
  'base64+1': (value) => base64Inside(value, 1),
  'base64+2': (value) => base64Inside(value, 2),
  // Markdown shows an HTML-escaped value as the value itself.
  'html-escaped': html,
  'html-escaped-quotes': htmlQuotes,
  'html-escaped-json': (value) => htmlQuotes(json(value)),
};

/** Every (canary, encoding) pair found in `text`, as `name/encoding`. */
export function findCanaries(text: string): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(CANARY)) {
    for (const [encoding, encode] of Object.entries(ENCODINGS)) {
      if (text.includes(encode(value))) found.push(`${name}/${encoding}`);
    }
  }
  return found;
}

/** The environment that the config file's `${VAR}`s read. */
export function canaryEnv(rotated = false): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000042',
    TWILIO_AUTH_TOKEN: rotated ? CANARY.twilioTokenRotated : CANARY.twilioToken,
    TWILIO_API_KEY: CANARY.twilioApiKey,
    TWILIO_API_SECRET: CANARY.twilioApiSecret,
    SIP_PASSWORD: CANARY.sipPassword,
    SERVER_TOKEN: CANARY.serverToken,
    SHORT_SIP_PASSWORD: CANARY.shortSipPassword,
    QUIRKY_HEADER: CANARY.quirkyHeader,
  };
}

/** The config file: every secret through `${VAR}`. */
export const CANARY_CONFIG = `version: 1
numbers:
  - name: canary-token
    provider: twilio
    number: "+14155550101"
    twilioAccountSid: \${TWILIO_ACCOUNT_SID}
    twilioAuthToken: \${TWILIO_AUTH_TOKEN}
    server:
      url: https://example.com/vapi
      headers:
        Authorization: Bearer \${SERVER_TOKEN}
        X-Quirky: \${QUIRKY_HEADER}
  - name: canary-apikey
    provider: twilio
    number: "+14155550102"
    twilioAccountSid: \${TWILIO_ACCOUNT_SID}
    twilioApiKey: \${TWILIO_API_KEY}
    twilioApiSecret: \${TWILIO_API_SECRET}
  - name: canary-sip
    provider: vapi
    sipUri: sip:canary-sip@sip.vapi.ai
    authentication:
      username: canary-sip-username-000001
      password: \${SIP_PASSWORD}
`;

/** The `numbers` input: literal secrets, as a workflow's `\${{ secrets.X }}` would leave them. */
export function canaryInline(options: { rotated?: boolean; extra?: boolean } = {}): string {
  const token = options.rotated ? CANARY.inlineTokenRotated : CANARY.inlineToken;
  const lines = [
    '- name: inline-token',
    '  provider: twilio',
    '  number: "+14155550103"',
    '  twilioAccountSid: AC00000000000000000000000000000043',
    `  twilioAuthToken: ${JSON.stringify(token)}`,
    '  server:',
    '    url: https://example.com/inline',
    '    headers:',
    `      X-Api-Key: ${JSON.stringify(CANARY.inlineHeader)}`,
    '- name: inline-sip',
    '  provider: vapi',
    '  sipUri: sip:inline-sip@sip.vapi.ai',
    '  authentication:',
    '    username: inline-sip-username-0000001',
    `    password: ${JSON.stringify(CANARY.inlineSipPassword)}`,
  ];
  if (options.extra) {
    lines.push(
      '- name: inline-extra',
      '  provider: twilio',
      '  number: "+14155550104"',
      '  twilioAccountSid: AC00000000000000000000000000000044',
      `  twilioAuthToken: ${JSON.stringify(CANARY.inlineToken)}`,
      '- name: inline-extra-sip',
      '  provider: vapi',
      '  sipUri: sip:inline-extra-sip@sip.vapi.ai',
      '  authentication:',
      '    username: inline-extra-username-00001',
      `    password: ${JSON.stringify(CANARY.extraSipPassword)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A config file with problems next to secrets: a literal token, a too-short password, a typo. */
export const BROKEN_CONFIG = `version: 1
numbers:
  - name: broken-literal
    provider: twilio
    number: "+14155550105"
    twilioAccountSid: \${TWILIO_ACCOUNT_SID}
    twilioAuthToken: "${CANARY.twilioApiSecret.replace(/"/g, '\\"')}"
  - name: broken-short
    provider: vapi
    sipUri: sip:broken@sip.vapi.ai
    authentication:
      username: broken-sip-username-000001
      password: \${SHORT_SIP_PASSWORD}
  - name: broken-typo
    provider: twilio
    number: "+14155550106"
    twilioAccountSid: \${TWILIO_ACCOUNT_SID}
    twilioAuthToken: \${TWILIO_AUTH_TOKEN}
    asistantId: abc
`;

/** Inline numbers with literal secrets and YAML that does not parse: a tag and a block header. */
export const BROKEN_INLINE = `- name: broken-inline
  provider: twilio
  number: "+14155550107"
  twilioAccountSid: AC00000000000000000000000000000045
  twilioAuthToken: !${CANARY.inlineTokenRotated}
  server:
    headers:
      X-Api-Key: >${CANARY.inlineBlock}
`;

/** Secret values in a request body, wherever the API keeps them. */
export function secretsInBody(body: unknown): string[] {
  if (body === null || typeof body !== 'object') return [];
  const record = body as Record<string, unknown>;
  const values: unknown[] = [record['twilioAuthToken'], record['twilioApiKey'], record['twilioApiSecret']];
  const auth = record['authentication'] as Record<string, unknown> | undefined;
  values.push(auth?.['password']);
  const headers = (record['server'] as { headers?: Record<string, unknown> } | undefined)?.headers;
  values.push(...Object.values(headers ?? {}));
  return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * An API error message quoting each value raw, JSON-quoted once and twice, URL- and form-encoded,
 * HTML-escaped (also as JSON in a page), base64 alone and inside a larger body at each alignment.
 */
export function echoMessage(values: string[]): string[] {
  return values.flatMap((value) => {
    const body = JSON.stringify({ server: { headers: { 'X-Token': value } } });
    return [
      `twilioAuthToken ${value} is invalid`,
      `body ${JSON.stringify({ value })}`,
      `quoted ${JSON.stringify(JSON.stringify({ value }))}`,
      `url ?token=${encodeURIComponent(value)}`,
      `form ${new URLSearchParams({ token: value }).toString()}`,
      `basic ${Buffer.from(value, 'utf8').toString('base64')}`,
      `page <p>${html(value)}</p><pre>${htmlQuotes(body)}</pre>`,
      ...[0, 1, 2].map((shift) => `blob ${Buffer.from('#'.repeat(shift) + body, 'utf8').toString('base64')}`),
    ];
  });
}

/**
 * Pieces of at least `minChars` characters of a value in `text`: what a cut through a value would
 * leave behind. Meant for values without ordinary words in them (see test/helpers/straddle.ts).
 */
export function findFragments(text: string, values: Record<string, string>, minChars: number): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    for (let start = 0; start + minChars <= value.length; start++) {
      const piece = value.slice(start, start + minChars);
      if (text.includes(piece)) {
        found.push(`${name}: ${piece}`);
        break;
      }
    }
  }
  return found;
}

/** How a scenario makes the fake fail. `echoes` counts the faults that quoted a secret back. */
export interface EchoPicker {
  picker: (request: IncomingRequest) => Fault | undefined;
  echoes: () => number;
}

/**
 * Answers matching requests with `status` and an error quoting the secrets of the request body
 * (or `extra` values, e.g. the API key or stored secrets for a GET). `times` limits the hits.
 */
export function echoPicker(
  method: 'POST' | 'PATCH' | 'GET',
  status: number,
  options: { kind?: 'status-before' | 'status-after'; times?: number; extra?: () => string[] } = {},
): EchoPicker {
  let hits = 0;
  return {
    echoes: () => hits,
    picker: (request) => {
      if (request.method !== method || hits >= (options.times ?? Infinity)) return undefined;
      const values = [...secretsInBody(request.body), ...(options.extra?.() ?? [])];
      if (values.length === 0) return undefined;
      hits++;
      return { method, kind: options.kind ?? 'status-before', status, message: echoMessage(values) };
    },
  };
}

/** Chains pickers: the first that answers wins. */
export function firstOf(...pickers: EchoPicker[]): EchoPicker {
  return {
    echoes: () => pickers.reduce((sum, p) => sum + p.echoes(), 0),
    picker: (request) => {
      for (const p of pickers) {
        const fault = p.picker(request);
        if (fault) return fault;
      }
      return undefined;
    },
  };
}

/** Secret values the fake holds, for a GET that echoes what the org stores. */
export function storedSecrets(numbers: Record<string, unknown>[]): string[] {
  return numbers.flatMap((number) => secretsInBody(number));
}
