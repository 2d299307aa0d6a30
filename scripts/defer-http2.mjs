// undici's HTTP/2 client requires `node:http2` as it loads, to read ten header-name and error
// constants, and `node:http2` brings `node:tls` with it: 4 to 10 ms of the action's start-up on the
// bench machine, although the tool never asks undici for HTTP/2. undici is left as it is; what
// changes is how the bundle hands it that Node module. The bundle's one reference to `node:http2`
// becomes an object that answers `constants` from a copy taken from the Node that builds, and loads
// the real module for anything else it is asked (undici's `connect`, were HTTP/2 ever used).
// test/tooling/http2-deferred.test.ts holds the copy to the Node each test run uses (24, and 22 in
// the GitHub workflow's CLI matrix) and checks that the first request goes out without the module.
import http2 from 'node:http2';

/** How ncc's ESM output loads a Node built-in: `<id>:<module>=>{<module>.exports=<require>(import.meta.url)("node:http2")}`. */
const EXTERNAL = /(\d+):(\w+)=>\{\2\.exports=(\w+)\(import\.meta\.url\)\("node:http2"\)\}/g;

/** Returns the bundle's code with its `node:http2` module deferred; throws unless there is exactly one. */
export function deferHttp2(code, constants = http2.constants) {
  const found = [...code.matchAll(EXTERNAL)];
  if (found.length !== 1) {
    throw new Error(`expected one reference to node:http2 in the bundle, found ${found.length}: review scripts/defer-http2.mjs`);
  }
  const [whole, id, module, load] = found[0];
  const copy = JSON.stringify(JSON.stringify(constants));
  const deferred =
    `${id}:${module}=>{let real;const constants=JSON.parse(${copy});` +
    `const http2=()=>real??=${load}(import.meta.url)("node:http2");` +
    `${module}.exports=new Proxy({},{get:(_,key)=>key==="constants"?constants:http2()[key],` +
    `has:(_,key)=>key in http2(),ownKeys:()=>Reflect.ownKeys(http2()),` +
    `getOwnPropertyDescriptor:(_,key)=>{const own=Reflect.getOwnPropertyDescriptor(http2(),key);return own&&{...own,configurable:true}}})}`;
  return code.replace(whole, () => deferred);
}

/** The copy of `constants` a built bundle carries, read back out of it (for the tests). */
export function deferredConstants(code) {
  const match = /const constants=JSON\.parse\(("(?:[^"\\]|\\.)*")\);const http2=/.exec(code);
  if (!match) throw new Error('the bundle carries no deferred node:http2');
  return JSON.parse(JSON.parse(match[1]));
}
