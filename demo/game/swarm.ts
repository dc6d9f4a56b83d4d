/**
 * The demo's moving objects: each one orbits a centre on its own ring, bobs up and down, spins,
 * and cycles its colour through the hue circle. Pure math on plain arrays, so the game only sends
 * the results; a seeded generator makes a run reproducible.
 */

/** One object's fixed parameters (chosen at spawn). */
export interface SwarmMember {
  readonly mesh: 'cube' | 'sphere';
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
  readonly height: number;
  readonly phase: number;
  /** Angular speed, radians per second (sign = direction). */
  readonly speed: number;
  readonly bob: number;
  readonly size: number;
  readonly hue: number;
  /** Hue cycles per second. */
  readonly hueSpeed: number;
}

/** A pose and colour computed for one moment. */
export interface SwarmPose {
  x: number;
  y: number;
  z: number;
  yaw: number;
  pitch: number;
  r: number;
  g: number;
  b: number;
}

/** mulberry32: a small seeded generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws a new member around the origin, within `spread` units. */
export function spawnMember(random: () => number, spread: number): SwarmMember {
  const ring = 4 + random() * spread;
  const angle = random() * Math.PI * 2;
  return {
    mesh: random() < 0.5 ? 'cube' : 'sphere',
    cx: Math.cos(angle) * random() * spread * 0.3,
    cy: Math.sin(angle) * random() * spread * 0.3,
    radius: ring,
    height: 1 + random() * 8,
    phase: random() * Math.PI * 2,
    speed: (0.15 + random() * 0.6) * (random() < 0.5 ? -1 : 1) * (8 / ring),
    bob: 0.3 + random() * 1.2,
    size: 0.25 + random() * 0.45,
    hue: random(),
    hueSpeed: 0.03 + random() * 0.15,
  };
}

/** Writes member `m`'s pose at time `t` seconds into `out` (allocates nothing). */
export function poseAt(m: SwarmMember, t: number, out: SwarmPose): SwarmPose {
  const a = m.phase + m.speed * t;
  out.x = m.cx + Math.cos(a) * m.radius;
  out.y = m.cy + Math.sin(a) * m.radius;
  out.z = m.height + Math.sin(t * 1.7 + m.phase) * m.bob;
  out.yaw = (a * 180) / Math.PI + 90;
  out.pitch = Math.sin(t + m.phase) * 25;
  hueToRgb((m.hue + t * m.hueSpeed) % 1, out);
  return out;
}

/** A saturated, fairly bright colour for hue `h` in [0, 1) into out.r/g/b (0-255). */
export function hueToRgb(h: number, out: { r: number; g: number; b: number }): void {
  const s = 0.75, v = 0.95;
  const i = Math.floor(h * 6);
  const f = h * 6 - i;
  const p = v * (1 - s), q = v * (1 - f * s), u = v * (1 - (1 - f) * s);
  let r = v, g = u, b = p;
  switch (i % 6) {
    case 1: r = q; g = v; b = p; break;
    case 2: r = p; g = v; b = u; break;
    case 3: r = p; g = q; b = v; break;
    case 4: r = u; g = p; b = v; break;
    case 5: r = v; g = p; b = q; break;
  }
  out.r = Math.round(r * 255);
  out.g = Math.round(g * 255);
  out.b = Math.round(b * 255);
}
