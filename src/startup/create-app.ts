/**
 * createApp, the engine app a host builds: the engine's createEngineApp with the defaults the
 * engine layer does not choose itself (a headless NullRenderer, a console logger). Start-up
 * wiring: the one place that picks platform implementations for the engine.
 */
import { createEngineApp, type App, type AppOptions } from '../engine/app.ts';
import { NullRenderer } from '../platform/null-renderer.ts';
import { RecordingAudioSink } from '../platform/audio-sink.ts';
import { createConsoleLogger } from '../platform/logger.ts';

/**
 * Creates an engine app. Validates options (TF4100) and allocates every shared buffer; nothing
 * runs until `start()`. Without `renderer` it runs headless (NullRenderer); without `logger` it
 * logs to the console.
 *
 * @example
 * ```ts
 * const app = createApp({ workerHost, game: gameUrl, clock: createTimerClock({ fps: 60 }) });
 * app.on('diagnostic', (d) => console.log(d.code, d.message));
 * app.start();
 * setTimeout(() => void app.stop(), 5000);
 * ```
 */
export function createApp(options: AppOptions): App {
  // Not an object: the engine's validation says so (TF4100).
  if (typeof options !== 'object' || options === null) return createEngineApp(options as never);
  return createEngineApp({
    ...options, renderer: options.renderer ?? new NullRenderer(), logger: options.logger ?? createConsoleLogger(), audio: options.audio ?? new RecordingAudioSink(),
    // A recording's Date.now() at virtual time 0 (the worker's Date.now while recording): the wall clock at creation.
    recordingInfo: { epochMs: Date.now(), ...options.recordingInfo },
  });
}
