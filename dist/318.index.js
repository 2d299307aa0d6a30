export const id = 318;
export const ids = [318];
export const modules = {

/***/ 6584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   XB: () => (/* binding */ gitHubClient),
/* harmony export */   ag: () => (/* binding */ requestOptions),
/* harmony export */   ix: () => (/* binding */ rateLimitAdvice),
/* harmony export */   kY: () => (/* binding */ failureText)
/* harmony export */ });
/* unused harmony export GITHUB_REQUEST_TIMEOUT_MS */
/** How long one GitHub request may take before it counts as failed: a hung API must not hang the step. */
const GITHUB_REQUEST_TIMEOUT_MS = 30_000;
let loading;
/**
 * An Octokit for `access`. `baseUrl` is passed explicitly: @actions/github reads GITHUB_API_URL
 * once, when it is first imported, and tests (and any caller with its own env map) must win over
 * whatever process.env held then.
 */
async function gitHubClient(access, log) {
    loading ??= __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const github = await loading;
    return github.getOctokit(access.token, {
        baseUrl: access.apiUrl,
        userAgent: 'vapi-numbers',
        // Octokit's own warnings (deprecations) are not the user's business at warning level.
        log: {
            debug: () => undefined,
            info: () => undefined,
            warn: (message) => log.debug(`octokit: ${message}`),
            error: (message) => log.debug(`octokit: ${message}`),
        },
    });
}
/** Per-request options: a timeout, merged by Octokit with its own request options (fetch, hook). */
function requestOptions() {
    return { request: { signal: AbortSignal.timeout(GITHUB_REQUEST_TIMEOUT_MS) } };
}
/** Reads an Octokit RequestError (or anything else thrown) without trusting its shape. */
function describeFailure(error) {
    const record = (typeof error === 'object' && error !== null ? error : {});
    const message = typeof record.message === 'string' && record.message ? record.message : String(error);
    // Octokit gives network errors and timeouts status 500 but no response: they are not GitHub's 500.
    if (!record.response)
        return { message, rateLimited: false };
    const status = typeof record.response.status === 'number' ? record.response.status : Number(record.status);
    const headers = record.response.headers ?? {};
    const remaining = headers['x-ratelimit-remaining'];
    const reset = Number(headers['x-ratelimit-reset']);
    const rateLimited = status === 429 ||
        (status === 403 && (String(remaining) === '0' || /rate limit/i.test(message) || headers['retry-after'] !== undefined));
    return {
        status,
        message: firstLine(message),
        rateLimited,
        ...(rateLimited && Number.isFinite(reset) && reset > 0 ? { resetAt: new Date(reset * 1000) } : {}),
    };
}
/** The failure in a few words, e.g. `403 Resource not accessible by integration`. */
function failureText(failure, apiUrl) {
    if (failure.status === undefined)
        return `no response from ${apiUrl} (${failure.message})`;
    return `HTTP ${failure.status}: ${failure.message}`;
}
/** What to do about a rate limit, with the reset time when known. */
function rateLimitAdvice(failure) {
    const when = failure.resetAt ? ` (it resets at ${failure.resetAt.toISOString()})` : '';
    return `GitHub's API rate limit was hit${when}: run again later, or spread scheduled runs out.`;
}
function firstLine(text) {
    // RequestError messages append " - https://docs.github.com/..." after GitHub's message; keep it, it helps.
    const line = text.split(/\r?\n/)[0] ?? text;
    return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}


/***/ }),

/***/ 7318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   upsertStickyComment: () => (/* binding */ upsertStickyComment)
/* harmony export */ });
/* unused harmony exports COMMENT_BODY_LIMIT, nextLink */
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6584);

/** GitHub refuses comment bodies longer than this many characters. */
const COMMENT_BODY_LIMIT = 65_536;
/** Stops a runaway `Link` chain; 200 pages of 100 is far beyond any real pull request. */
const MAX_PAGES = 200;
/** Creates the PR's comment holding `marker`, or edits the one that already does. Never throws. */
async function upsertStickyComment(request) {
    const { access, prNumber, marker, log } = request;
    const body = withMarker(request.body, marker);
    let step = 'load the GitHub client';
    try {
        const octokit = await (0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .gitHubClient */ .XB)(access, log);
        step = 'list the comments of';
        const existing = await findComment(octokit, access, prNumber, marker);
        if (existing !== undefined) {
            step = 'edit the comment on';
            try {
                await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
                    owner: access.owner,
                    repo: access.repo,
                    comment_id: existing,
                    body,
                    ...(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .requestOptions */ .ag)(),
                });
                log.info(`Updated the vapi-numbers comment on PR #${prNumber}.`);
                return 'updated';
            }
            catch (error) {
                // Deleted by someone between the listing and the edit: post a new one instead.
                if ((0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .describeFailure */ .Ic)(error).status !== 404)
                    throw error;
                log.debug(`The vapi-numbers comment ${existing} on PR #${prNumber} was deleted meanwhile; creating a new one.`);
            }
        }
        step = 'create a comment on';
        await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            owner: access.owner,
            repo: access.repo,
            issue_number: prNumber,
            body,
            ...(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .requestOptions */ .ag)(),
        });
        log.info(`Created the vapi-numbers comment on PR #${prNumber}.`);
        return 'created';
    }
    catch (error) {
        log.warning(commentFailureMessage(step, prNumber, error, access));
        return 'failed';
    }
}
/**
 * The id of the oldest comment containing `marker`, reading every page: a busy PR can push the
 * comment far past the first page, and missing it would post a duplicate on every run.
 */
async function findComment(octokit, access, prNumber, marker) {
    let query = {};
    for (let page = 1; page <= MAX_PAGES; page++) {
        const response = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            owner: access.owner,
            repo: access.repo,
            issue_number: prNumber,
            per_page: 100,
            ...query,
            ...(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .requestOptions */ .ag)(),
        });
        const found = response.data.find((comment) => typeof comment.body === 'string' && comment.body.includes(marker));
        // Typed int64 (number | bigint); GitHub's comment ids are far below 2^53.
        if (found)
            return Number(found.id);
        const next = nextLink(response.headers.link);
        if (!next)
            return undefined;
        // Only the next link's query (page, or a cursor) is taken: the host and path stay access.apiUrl's,
        // so the token never follows a Link header anywhere else.
        query = Object.fromEntries(new URL(next, access.apiUrl).searchParams);
    }
    return undefined;
}
/** The `rel="next"` target of a Link header (RFC 8288), if any. */
function nextLink(header) {
    if (!header)
        return undefined;
    for (const part of header.split(',')) {
        const match = /^<([^>]*)>(.*)$/.exec(part.trim());
        const rel = /;\s*rel="?([^";]*)"?/i.exec(match?.[2] ?? '')?.[1] ?? '';
        if (match && rel.split(/\s+/).includes('next'))
            return match[1];
    }
    return undefined;
}
/** The body as sent: the marker first, so the next run finds it, and never over GitHub's limit. */
function withMarker(body, marker) {
    const marked = body.includes(marker) ? body : `${marker}\n${body}`;
    if (marked.length <= COMMENT_BODY_LIMIT)
        return marked;
    // renderComment keeps under the limit itself; this only guards callers that build their own body.
    const note = '\n\n_(truncated: the comment exceeded GitHub\'s size limit; see the job summary)_';
    const head = `${marker}\n`;
    const rest = marked.startsWith(head) ? marked.slice(head.length) : marked.split(marker).join('');
    return head + rest.slice(0, COMMENT_BODY_LIMIT - head.length - note.length) + note;
}
function commentFailureMessage(step, prNumber, error, access) {
    if (step === 'load the GitHub client') {
        return `Could not load the GitHub client to comment on PR #${prNumber} (${error instanceof Error ? error.message : String(error)}). The run itself is not affected.`;
    }
    const failure = (0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .describeFailure */ .Ic)(error);
    const what = `Could not ${step} PR #${prNumber} (${(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .failureText */ .kY)(failure, access.apiUrl)}). The run itself is not affected; the result is in the job summary.`;
    return `${what} ${commentFix(failure, access)}`;
}
function commentFix(failure, access) {
    if (failure.rateLimited)
        return (0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .rateLimitAdvice */ .ix)(failure);
    switch (failure.status) {
        case undefined:
            return `Check that GITHUB_API_URL (${access.apiUrl}) is reachable from the runner.`;
        case 401:
            return 'The github-token was rejected: leave it at its default (${{ github.token }}) or pass a valid token.';
        case 403:
            return ('The token may not write to pull requests. Add `permissions: pull-requests: write` to the job. ' +
                'On pull requests from forks GitHub gives a read-only token whatever the workflow asks for: skip commenting there ' +
                "(`comment: ${{ github.event.pull_request.head.repo.full_name == github.repository }}`), or use `pull_request_target` " +
                "with care (it runs with a write token and secrets: never check out or run the fork's code in that job).");
        case 404:
            return (`GitHub did not find the pull request in ${access.owner}/${access.repo}, or the token cannot see it: check ` +
                'GITHUB_REPOSITORY and give the job `permissions: pull-requests: write`.');
        case 422:
            return 'GitHub refused the comment body; please report this as a vapi-numbers bug with the job summary attached.';
        default:
            return failure.status >= 500
                ? 'GitHub had a server error; the next run updates the comment.'
                : 'Check the github-token and the job\'s `permissions: pull-requests: write`.';
    }
}


/***/ })

};
