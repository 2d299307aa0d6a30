// `export` as a run (SPEC sections 4 and 9): list the org, write its numbers as a config, report the
// exported names as `unchanged`. It reads Vapi and writes one file; it never writes to Vapi.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NumberResult } from '../apply/types.js';
import type { RunLog } from '../log.js';
import type { RunOutcome } from '../run.js';
import { SettingsError, type Settings } from '../settings.js';
import type { VapiClient } from '../vapi/types.js';
import { exportConfig } from './export.js';

/** The outcome of an export: a run's outcome, plus the text (the CLI prints it when no file is named). */
export interface ExportOutcome extends RunOutcome {
  exported: { text: string; file?: string; variables: string[] };
}

/** A glob or output path `export` cannot use: a settings problem (CLI exit 2), before any request. */
export class ExportSettingsError extends SettingsError {
  override name = 'ExportSettingsError';
}

export async function runExport(settings: Settings, client: VapiClient, log: RunLog): Promise<ExportOutcome> {
  const anywhere = settings.outputAnywhere ?? false;
  const file = settings.output === undefined ? undefined : outputPath(settings.workspace, settings.output, anywhere);
  const match = settings.match ? settings.match : undefined;
  if (match !== undefined) {
    // Checked before listing, so a typo costs no request.
    try {
      exportConfig({ numbers: [], assistants: [], squads: [], match });
    } catch (error) {
      throw new ExportSettingsError(error instanceof Error ? error.message : String(error));
    }
  }
  const [numbers, assistants, squads] = await log.group('Inventory', async () => {
    const listed = await Promise.all([client.listPhoneNumbers(), client.listAssistants(), client.listSquads()]);
    log.info(`${listed[0].length} phone numbers, ${listed[1].length} assistants, ${listed[2].length} squads in the org`);
    return listed;
  });
  const result = exportConfig({ numbers, assistants, squads, ...(match === undefined ? {} : { match }) });
  for (const left of result.leftOut) {
    const which = left.name === undefined ? `A number without a name (${left.line ?? left.ids.join(', ')})` : `'${left.name}'`;
    log.warning(`${which} is not exported: ${left.reason}. To include it, ${left.todo}.`);
  }
  for (const field of result.leftOutFields) log.info(`'${field.number}': ${field.field} not exported: ${field.reason}`);
  if (file !== undefined) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, result.text);
    log.info(
      `Wrote ${result.numbers.length} numbers to ${settings.output}; set ${result.variables.length} variables before plan or apply.`,
    );
  }
  const results: NumberResult[] = result.numbers.map((exported) => ({
    name: exported.name,
    operation: 'unchanged',
    // Exported, not declared: `ids` stays for the numbers a config declares.
    declared: false,
    id: exported.id,
    provider: exported.provider,
    ...(exported.number ? { number: exported.number } : {}),
    ...(exported.sipUri ? { sipUri: exported.sipUri } : {}),
    ...(exported.status ? { status: exported.status } : {}),
  }));
  return {
    command: 'export',
    dryRun: false,
    label: settings.output ?? 'stdout',
    results,
    plan: { command: 'export', changes: [] },
    failures: [],
    changed: false,
    failed: false,
    exported: { text: result.text, ...(file === undefined ? {} : { file }), variables: result.variables.map((v) => v.name) },
  };
}

/** The output path inside the workspace: a path that leaves it is refused (the action writes only there). */
function outputPath(workspace: string, output: string, anywhere: boolean): string {
  const root = path.resolve(workspace);
  const file = path.resolve(root, output);
  if (!anywhere && !file.startsWith(root + path.sep)) {
    throw new ExportSettingsError(`The output file ${output} is outside the workspace (${root}): give a path inside it.`);
  }
  return file;
}
