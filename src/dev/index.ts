/**
 * The dev layer's programmatic API (`twinframe dev`/`build` without the command line): start the
 * dev server on a game, build its static site, and the Vite plugins.
 */
export { startDevServer, type DevServer, type DevServerOptions } from './dev-server.ts';
export { buildSite, netlifyHeaders, vercelJson } from './build-site.ts';
export { parseDevArgs, parseBuildArgs, findDataRoot, type DevArgs, type BuildArgs, type GameSiteArgs } from './dev-args.ts';
export { devCommand, devUntilStopped, buildCommand, type CommandOutput } from './dev-command.ts';
export { crossOriginIsolation, CROSS_ORIGIN_ISOLATION_HEADERS } from './vite-plugin.ts';
