/**
 * twinframe's browser engine API (`twinframe/browser`): createBrowserApp and the browser pieces it
 * wires (three.js renderer, requestAnimationFrame clock, module-Worker host, DOM input, the
 * cross-origin isolation check), for pages that assemble their own app.
 */
export { createBrowserApp } from './browser-app.ts';
export type { BrowserApp, BrowserAppOptions, FlightRecordingFile } from './browser-app.ts';
export { ThreeRenderer } from '../three/three-renderer.ts';
export type { ThreeRendererOptions, ThreeShading } from '../three/three-renderer.ts';
export type { InstanceLook, DebugLineLook } from '../platform/renderer.ts';
export { DebugLine } from '../platform/renderer.ts';
export { createRafClock } from '../platform/raf-clock.ts';
export { createBrowserWorkerHost } from '../platform/browser-worker-host.ts';
export type { BrowserWorkerHostOptions } from '../platform/browser-worker-host.ts';
export { BrowserInput } from '../platform/browser-input.ts';
export type { BrowserInputOptions } from '../platform/browser-input.ts';
export { virtualKeyFromCode } from '../platform/browser-key-codes.ts';
export { checkBrowserIsolation, isolationError, showIsolationMessage, ISOLATION_HEADERS } from '../platform/browser-isolation.ts';
export type { IsolationReport } from '../platform/browser-isolation.ts';
