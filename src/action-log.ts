import * as core from '@actions/core';
import type { LogLocation, RunLog } from './log.js';
import { scrubSecrets } from './report/scrub.js';

/**
 * The run's log on a GitHub runner. Every line is scrubbed of known secrets as well: the runner
 * masks registered values, but only once they are registered and only in the log.
 */
export function actionLog(secrets: Set<string>): RunLog {
  const clean = (message: string): string => scrubSecrets(message, secrets);
  return {
    info: (message) => core.info(clean(message)),
    warning: (message, location) => core.warning(clean(message), annotation(location)),
    error: (message, location) => core.error(clean(message), annotation(location)),
    debug: (message) => core.debug(clean(message)),
    isDebug: () => core.isDebug(),
    group: (name, fn) => core.group(name, fn),
    setSecret: (value) => {
      if (!value || secrets.has(value)) return;
      secrets.add(value);
      core.setSecret(value);
    },
  };
}

function annotation(location: LogLocation | undefined): core.AnnotationProperties | undefined {
  return location
    ? { file: location.file, startLine: location.line, startColumn: location.column, title: location.title }
    : undefined;
}
