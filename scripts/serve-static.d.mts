/** Types of scripts/serve-static.mjs (plain JS so it runs with no build step). */
export interface StaticServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  close(): Promise<void>;
}
/** Serves `root` with COOP `same-origin` and COEP `require-corp` on every response (none with `isolation: false`); port 0 picks a free port. */
export function startStaticServer(options: { root: string; port?: number; host?: string; isolation?: boolean }): Promise<StaticServer>;
