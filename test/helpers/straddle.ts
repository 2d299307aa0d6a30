// Secrets cut through (issue 12, item 1): an org whose every number is refused with an error body
// that is not JSON, 300 characters long, quoting a secret that starts at each position from 150 to
// 250, so every cut a message or a log line can make (the 200-character snippet, a page title's
// 120) falls inside one of them. One run of the action shows hundreds of such errors.
import { startScriptedServer, type ScriptedReply, type ScriptedServer } from './scripted-server.js';

/** Letters and digits in no ordinary word, so any 6 of them in a row in the output are a leak. */
export const STRADDLE = {
  apiKey: 'sk-Qm7Zp2Xv9Lw4Rt8Ky3Hn6Jb1Vc5',
  /** Declared in the config (the example of a token cut at 200 characters). */
  token: 'a1b2c3d4e5f6TWILIOTOKEN0987654321',
  /** Only in the API's listing: the number's old token, which the config no longer declares. */
  liveOnly: 'L1v3Qz8Wx7Ec6Rv5Tb4Yn3Um2Ik1Ol0P',
} as const;

export const FIRST_START = 150;
export const LAST_START = 250;
const BODY_CHARS = 300;
/** The title is cut at 120 characters, so its secrets start around there instead. */
const TITLE_SHIFT = -80;

type Secret = keyof typeof STRADDLE;
type Style = 'text' | 'html' | 'title';

/** How each secret is quoted: as a proxy repeats the request it refused. */
const LEAD: Record<Secret, string> = {
  apiKey: 'authorization=Bearer ',
  token: '"twilioAuthToken":"',
  liveOnly: 'stored twilioAuthToken ',
};

export interface StraddleCase {
  id: string;
  name: string;
  secret: Secret;
  style: Style;
  /** Where the secret starts in the quoted text. */
  start: number;
}

/** Every secret at every start, in each style. */
export function straddleCases(): StraddleCase[] {
  const cases: StraddleCase[] = [];
  for (const style of ['text', 'html', 'title'] as const) {
    for (const secret of Object.keys(STRADDLE) as Secret[]) {
      for (let start = FIRST_START; start <= LAST_START; start++) {
        const index = cases.length;
        cases.push({ id: `pn-${index}`, name: `straddle-${index}`, secret, style, start });
      }
    }
  }
  return cases;
}

/** `text` of BODY_CHARS characters with the secret (after its lead) starting at `start`. */
function quoted(secret: Secret, start: number): string {
  const lead = LEAD[secret];
  const before = 'upstream refused the request:'.padEnd(start - lead.length, '.') + lead;
  return `${before}${STRADDLE[secret]}"`.padEnd(BODY_CHARS, '.');
}

/** The error answer of one case: plain text, an HTML page, or a page whose title quotes it. */
export function straddleReply(item: StraddleCase, status: number): ScriptedReply {
  if (item.style === 'text') return { status, body: quoted(item.secret, item.start), headers: { 'content-type': 'text/plain' } };
  const page =
    item.style === 'html'
      ? `<html><body>${quoted(item.secret, item.start)}</body></html>`
      : `<html><head><title>${quoted(item.secret, item.start + TITLE_SHIFT)}</title></head><body>Bad gateway</body></html>`;
  return { status, body: page, headers: { 'content-type': 'text/html; charset=utf-8' } };
}

/** The config declaring every case's number, its token through `${TWILIO_AUTH_TOKEN}`. */
export function straddleConfig(cases: StraddleCase[]): string {
  const entries = cases.map((item, index) =>
    [
      `  - name: ${item.name}`,
      '    provider: twilio',
      `    number: "+1415${String(5000000 + index)}"`,
      '    twilioAccountSid: AC00000000000000000000000000000099',
      '    twilioAuthToken: ${TWILIO_AUTH_TOKEN}',
    ].join('\n'),
  );
  return `version: 1\nnumbers:\n${entries.join('\n')}\n`;
}

/**
 * A server listing every case's number with the live-only token (so each needs a PATCH), and
 * refusing each PATCH with its case's body. The listing honours `createdAtLe`/`createdAtGe`.
 */
export async function straddleServer(cases: StraddleCase[], status: number): Promise<ScriptedServer> {
  const server = await startScriptedServer();
  const stored = cases.map((item, index) => ({
    id: item.id,
    name: item.name,
    provider: 'twilio',
    number: `+1415${String(5000000 + index)}`,
    twilioAccountSid: 'AC00000000000000000000000000000099',
    twilioAuthToken: STRADDLE.liveOnly,
    createdAt: new Date(Date.UTC(2025, 0, 1) + index * 1000).toISOString(),
  }));
  server
    .intercept({ method: 'GET', path: (p) => p.startsWith('/phone-number?') })
    .reply((request) => {
      const query = new URL(request.path, 'http://vapi.test').searchParams;
      const le = query.get('createdAtLe');
      const ge = query.get('createdAtGe');
      const page = stored.filter((n) => (le === null || n.createdAt <= le) && (ge === null || n.createdAt >= ge));
      return { status: 200, body: page };
    })
    .persist();
  const byId = new Map(cases.map((item) => [item.id, item]));
  server
    .intercept({ method: 'PATCH', path: (p) => byId.has(p.split('/')[2] ?? '') })
    .reply((request) => {
      return straddleReply(byId.get(request.path.split('/')[2] ?? '') as StraddleCase, status);
    })
    .persist();
  return server;
}
