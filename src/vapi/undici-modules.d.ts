// Types for the undici modules the transport imports by path (see request.ts for why): each is
// what the package's root re-exports under the same name.
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export default Agent;
}

declare module 'undici/lib/dispatcher/env-http-proxy-agent.js' {
  import { EnvHttpProxyAgent } from 'undici';
  export default EnvHttpProxyAgent;
}

declare module 'undici/lib/dispatcher/dispatcher.js' {
  import { Dispatcher } from 'undici';
  export default Dispatcher;
}

declare module 'undici/lib/api/index.js' {
  import type { Dispatcher } from 'undici';
  /** `request`, `connect`, `stream`, `pipeline` and `upgrade`: the root assigns them to every dispatcher. */
  const methods: Pick<Dispatcher, 'request' | 'connect' | 'stream' | 'pipeline' | 'upgrade'>;
  export default methods;
}
