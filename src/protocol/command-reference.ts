/**
 * The RenderCommandQueue's reference table, generated from the command table (command-table.ts)
 * as Markdown. docs/AsyncArchitecturePhases.md embeds its output verbatim and
 * test/protocol/command-table.test.ts fails when they differ, so the docs cannot drift.
 * Allocates; docs and tests only.
 */
import { COMMAND_TABLE, FIELD_KIND_CODES } from './command-table.ts';
import type { CommandFieldKind } from './command-table.ts';

/** What each validation kind means in the reference. */
const KIND_TEXT: Readonly<Record<CommandFieldKind, string>> = {
  entityId: 'live entity',
  newEntityId: 'free entity id',
  cameraId: 'live camera',
  newCameraId: 'free camera id',
  callbackId: 'answered on it (0 = none)',
  finite: 'finite',
  scale: 'finite, >= 0',
  colour: '0-255',
  fov: '0 < fov < 180',
  near: '> 0',
  far: 'finite, > near',
  meshType: 'mesh type index',
  cameraType: 'camera type index',
  tick: 'logic tick',
  newSoundId: 'sound id 1-4096',
  soundId: 'loaded sound',
  newPlaybackId: 'new playback id',
  playbackId: 'started playback',
  flag: '0 or 1',
  volume: 'finite, >= 0',
  balance: '-1..1',
  speed: 'finite, > 0',
  pathLength: 'path bytes 1-1024',
  pathOffset: 'multiple of 32 below the length',
  pathBytes: 'path bytes',
  listenerIndex: 'below the count',
  listenerCount: 'listeners 1-8',
  fact: 'recorded fact',
};

function check(kind: CommandFieldKind): string {
  const code = FIELD_KIND_CODES[kind];
  return code === null ? KIND_TEXT[kind] : `${KIND_TEXT[kind]} (${code})`;
}

/** The reference table as Markdown lines (opcode, name, fields with type and check, sizes, APIs). */
export function commandReferenceMarkdown(): string {
  const lines = [
    '| opcode | command | payload fields (type name: check) | payload bytes | record bytes | emitted by (seed / typed / protogame) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of COMMAND_TABLE) {
    const payload = c.fields.length * 4;
    const variable = 'variableTail' in c && c.variableTail === true;
    const record = variable ? `${8 + ((payload + 7) & ~7)}+` : String(8 + ((payload + 7) & ~7));
    // A long run of like fields (INPUT_FACTS' input slots) reads as one range.
    const fields = c.fields.length > 16
      ? `${c.fields[0]!.type} ${c.fields[0]!.name}..${c.fields[c.fields.length - 1]!.name}: ${check(c.fields[0]!.kind)}`
      : c.fields.map((f) => `${f.type} ${f.name}: ${check(f.kind)}`).join('; ') + (variable ? '; then message bytes' : '');
    const api = c.api === null ? `the runtime: ${c.summary}` : [c.api.seed, c.api.typed, c.api.protogame].map((n) => (n === null ? '-' : `\`${n}\``)).join(' / ');
    lines.push(`| ${c.opcode} | ${c.name} | ${fields} | ${variable ? `${payload}+` : payload} | ${record} | ${api} |`);
  }
  return lines.join('\n');
}
