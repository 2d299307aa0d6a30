export const id = 487;
export const ids = [487];
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

/***/ 4487:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readPullRequestStates: () => (/* binding */ readPullRequestStates)
/* harmony export */ });
/* harmony import */ var _apply_map_limited_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4317);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6584);
// Pull-request states for `cleanup --pr-closed`. The safe direction is "keep": only a definite
// answer from GitHub (closed, or not there at all) lets the caller delete a PR's numbers.


/** How many PR lookups run at once: quick for 40 PRs, gentle on the secondary rate limit. */
const CONCURRENCY = 4;
/**
 * The state of every PR in `prNumbers`, one GET per distinct number. Merged counts as `closed`;
 * a 404 is `missing` only once the repository itself is known to be readable (a token that cannot
 * see a private repository also gets 404s, and must not make every preview number look orphaned).
 * Never throws.
 */
async function readPullRequestStates(access, prNumbers, log) {
    const states = new Map();
    const distinct = [...new Set(prNumbers)];
    const valid = [];
    for (const number of distinct) {
        if (Number.isSafeInteger(number) && number > 0)
            valid.push(number);
        else
            states.set(number, { state: 'error', message: `'${number}' is not a pull request number; its numbers are kept.` });
    }
    if (valid.length === 0)
        return states;
    let octokit;
    try {
        octokit = await (0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .gitHubClient */ .XB)(access, log);
    }
    catch (error) {
        const message = `Could not load the GitHub client (${error instanceof Error ? error.message : String(error)}); no pull request was checked, nothing is deleted for pr-closed.`;
        for (const number of valid)
            states.set(number, { state: 'error', message });
        return states;
    }
    const notFound = [];
    await (0,_apply_map_limited_js__WEBPACK_IMPORTED_MODULE_1__/* .mapLimited */ .b)(valid, CONCURRENCY, async (number) => {
        try {
            const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
                owner: access.owner,
                repo: access.repo,
                pull_number: number,
                ...(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .requestOptions */ .ag)(),
            });
            // `merged` implies `closed` on GitHub; checking both guards against a payload that disagrees.
            const closed = data.state === 'closed' || data.merged === true;
            states.set(number, { state: closed ? 'closed' : 'open' });
            log.debug(`PR #${number}: ${data.state}${data.merged ? ' (merged)' : ''}`);
        }
        catch (error) {
            const failure = (0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .describeFailure */ .Ic)(error);
            if (failure.status === 404) {
                notFound.push(number);
                return;
            }
            states.set(number, { state: 'error', message: pullFailureMessage(number, failure, access) });
        }
    });
    if (notFound.length > 0) {
        const repoProblem = await repositoryProblem(octokit, access);
        for (const number of notFound) {
            states.set(number, repoProblem ? { state: 'error', message: `PR #${number}: ${repoProblem}` } : { state: 'missing' });
        }
    }
    // Callers index by the numbers they passed; keep the map in that order for stable reports.
    return new Map(distinct.map((number) => [number, states.get(number)]));
}
/** Why a PR's 404 cannot be trusted, or undefined when the repository itself answers. */
async function repositoryProblem(octokit, access) {
    const repository = `${access.owner}/${access.repo}`;
    try {
        await octokit.request('GET /repos/{owner}/{repo}', { owner: access.owner, repo: access.repo, ...(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .requestOptions */ .ag)() });
        return undefined;
    }
    catch (error) {
        const failure = (0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .describeFailure */ .Ic)(error);
        if (failure.status === 404) {
            return (`GitHub answered 404 for the pull request and for the repository ${repository} itself, so the token cannot see it. ` +
                'Nothing is deleted for this PR. Check GITHUB_REPOSITORY, and give the job `permissions: pull-requests: read` ' +
                '(with a custom github-token, one that can read this repository).');
        }
        return `GitHub answered 404 for the pull request, and checking the repository ${repository} failed (${(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .failureText */ .kY)(failure, access.apiUrl)}); nothing is deleted for this PR.`;
    }
}
function pullFailureMessage(number, failure, access) {
    const what = `Could not read PR #${number} from GitHub (${(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .failureText */ .kY)(failure, access.apiUrl)}); its numbers are kept.`;
    if (failure.rateLimited)
        return `${what} ${(0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .rateLimitAdvice */ .ix)(failure)}`;
    switch (failure.status) {
        case undefined:
            return `${what} Check that GITHUB_API_URL (${access.apiUrl}) is reachable from the runner; the next run tries again.`;
        case 401:
            return `${what} The github-token was rejected: leave it at its default (\${{ github.token }}) or pass a valid token.`;
        case 403:
            return `${what} The token may not read pull requests: add \`permissions: pull-requests: read\` to the job (with a custom github-token, give it read access to pull requests).`;
        default:
            return failure.status >= 500
                ? `${what} GitHub had a server error; the next run tries again.`
                : `${what} Check the github-token and the job's \`permissions:\`.`;
    }
}


/***/ })

};
