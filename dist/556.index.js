export const id = 556;
export const ids = [556];
export const modules = {

/***/ 9556:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gitHubAccess: () => (/* binding */ gitHubAccess),
/* harmony export */   pullRequestOfEvent: () => (/* binding */ pullRequestOfEvent),
/* harmony export */   workflowRunUrl: () => (/* binding */ workflowRunUrl)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
// Where the GitHub API is and which repository and pull request a run is about, read from the
// runner's environment. Deliberately free of @actions/github: deciding whether GitHub is needed at
// all must not cost the library's start-up time.

const DEFAULT_API_URL = 'https://api.github.com';
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
/**
 * Access to the current repository's API, or undefined when something is missing; `why` is told
 * what and how to fix it (the caller decides whether that is a warning, an error or debug).
 */
function gitHubAccess(token, env, why = () => undefined) {
    const trimmed = token?.trim() ?? '';
    if (!trimmed) {
        why("Input 'github-token' is empty. Leave it at its default (${{ github.token }}) or pass a token with access to this repository.");
        return undefined;
    }
    const repository = env['GITHUB_REPOSITORY']?.trim() ?? '';
    const match = /^([^/\s]+)\/([^/\s]+)$/.exec(repository);
    if (!match) {
        why(repository
            ? `GITHUB_REPOSITORY is '${repository}', not 'owner/repo'.`
            : 'GITHUB_REPOSITORY is not set: not running in GitHub Actions? Set it to owner/repo to talk to GitHub.');
        return undefined;
    }
    const apiUrl = normaliseApiUrl(env['GITHUB_API_URL']);
    if (!apiUrl) {
        why(`GITHUB_API_URL is '${env['GITHUB_API_URL'] ?? ''}', not an http(s) URL (e.g. https://api.github.com or https://ghe.example.com/api/v3).`);
        return undefined;
    }
    return { token: trimmed, apiUrl, owner: match[1], repo: match[2] };
}
/**
 * The pull request a `pull_request` or `pull_request_target` event is about, read from the event
 * payload; undefined for any other event, or when the payload cannot be read (`why` says which).
 */
function pullRequestOfEvent(env, why = () => undefined) {
    const eventName = env['GITHUB_EVENT_NAME'] ?? '';
    if (!PULL_REQUEST_EVENTS.has(eventName)) {
        why(eventName ? `the event is '${eventName}', not a pull request` : 'GITHUB_EVENT_NAME is not set');
        return undefined;
    }
    const eventPath = env['GITHUB_EVENT_PATH'];
    if (!eventPath) {
        why('GITHUB_EVENT_PATH is not set, so the pull request number is unknown');
        return undefined;
    }
    let payload;
    try {
        payload = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(eventPath, 'utf8'));
    }
    catch (error) {
        why(`could not read the event payload ${eventPath}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
    }
    const number = payloadNumber(payload);
    if (number === undefined)
        why(`the event payload ${eventPath} holds no pull request number`);
    return number;
}
function payloadNumber(payload) {
    if (typeof payload !== 'object' || payload === null)
        return undefined;
    const record = payload;
    // pull_request.number is the documented field; the top-level `number` is the same value.
    const candidate = record.pull_request?.number ?? record.number;
    return typeof candidate === 'number' && Number.isSafeInteger(candidate) && candidate > 0 ? candidate : undefined;
}
function normaliseApiUrl(raw) {
    const text = raw?.trim() || DEFAULT_API_URL;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return undefined;
    // Octokit joins baseUrl and route by string, so a trailing slash would give `//repos/...`.
    return text.replace(/\/+$/, '');
}
/** The link to the current workflow run (for the comment's footer), when the runner says where it is. */
function workflowRunUrl(env) {
    const server = env['GITHUB_SERVER_URL']?.trim().replace(/\/+$/, '');
    const repository = env['GITHUB_REPOSITORY']?.trim();
    const runId = env['GITHUB_RUN_ID']?.trim();
    if (!server || !repository || !runId || !/^\d+$/.test(runId))
        return undefined;
    return `${server}/${repository}/actions/runs/${runId}`;
}


/***/ })

};
