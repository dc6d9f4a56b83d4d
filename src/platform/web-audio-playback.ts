/**
 * One playback of the Web Audio sink (web-audio-sink.ts) as nodes: AudioBufferSourceNode (loop,
 * playbackRate = speed) -> GainNode (volume) -> a StereoPannerNode (balance) for a Sound2D, or an
 * equal-power PannerNode at its position for a Sound3D -> the sink's master gain. The source is
 * made when the sound's buffer is there (`source` null until then). Seed positions become Web
 * Audio's as (x, y, z) -> (-y, z, -x) (web-audio-listener.ts).
 */

/** One playback's nodes and settings. */
export interface Playback {
  readonly soundId: number;
  readonly looped: boolean;
  readonly paused: boolean;
  source: AudioBufferSourceNode | null;
  readonly gain: GainNode;
  readonly stereo: StereoPannerNode | null;
  readonly panner: PannerNode | null;
  speed: number;
  stopped: boolean;
}

/**
 * Makes a playback's gain and panning nodes, connected to `master`: a Sound2D (`spatial` false)
 * balanced by `balance`, a Sound3D at seed (x, y, z) when `positioned`, else at the listener
 * (heard as a 2D sound, as startSound on a Sound3D is).
 */
export function connectPlayback(ctx: BaseAudioContext, master: GainNode, soundId: number, spatial: boolean, looped: boolean, volume: number,
  balance: number, speed: number, paused: boolean, positioned: boolean, x: number, y: number, z: number): Playback {
  const gain = ctx.createGain();
  gain.gain.value = volume;
  let stereo: StereoPannerNode | null = null;
  let panner: PannerNode | null = null;
  if (spatial) {
    panner = ctx.createPanner();
    panner.panningModel = 'equalpower';
    panner.distanceModel = 'inverse';
    panner.refDistance = 1;
    const l = ctx.listener;
    panner.positionX.value = positioned ? -y : l.positionX.value;
    panner.positionY.value = positioned ? z : l.positionY.value;
    panner.positionZ.value = positioned ? -x : l.positionZ.value;
    gain.connect(panner).connect(master);
  } else {
    stereo = ctx.createStereoPanner();
    stereo.pan.value = balance;
    gain.connect(stereo).connect(master);
  }
  return { soundId, looped, paused, source: null, gain, stereo, panner, speed, stopped: false };
}

/** Stops a playback's source (if it started) and disconnects its nodes. */
export function disconnectPlayback(p: Playback): void {
  if (p.source !== null) {
    p.source.onended = null;
    try {
      p.source.stop();
    } catch {
      // already stopped
    }
    p.source.disconnect();
  }
  p.gain.disconnect();
  p.stereo?.disconnect();
  p.panner?.disconnect();
}
