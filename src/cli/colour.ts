// ANSI colour, only where a person is looking: a terminal, unless NO_COLOR says otherwise.
import type { Operation } from '../apply/types.js';

/** Wraps text in a colour, or returns it unchanged when colour is off. */
export type Paint = (text: string) => string;

/** The few colours the report uses. */
export interface Palette {
  enabled: boolean;
  green: Paint;
  yellow: Paint;
  red: Paint;
  dim: Paint;
  bold: Paint;
}

/**
 * FORCE_COLOR wins (CI logs that render ANSI), then NO_COLOR (https://no-color.org: any non-empty
 * value), then TERM=dumb; otherwise colour exactly when the stream is a terminal.
 */
export function colourWanted(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR']) return false;
  if (env['TERM'] === 'dumb') return false;
  return isTTY;
}

export function palette(enabled: boolean): Palette {
  const sgr =
    (open: number, close: number): Paint =>
    (text) =>
      enabled && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return { enabled, green: sgr(32, 39), yellow: sgr(33, 39), red: sgr(31, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/** Green made, yellow changed, red removed or broken, dim left alone. */
export function paintOperation(operation: Operation, colours: Palette): Paint {
  switch (operation) {
    case 'created':
    case 'would-create':
      return colours.green;
    case 'updated':
    case 'would-update':
      return colours.yellow;
    case 'deleted':
    case 'would-delete':
    case 'failed':
    case 'unknown':
      return colours.red;
    case 'unchanged':
    case 'absent':
      return colours.dim;
  }
}
