import { describe, expect, it } from 'vitest';
import { PROTOGAME_CAMERA_PROJECTION } from '../../../src/logic/protogame/camera-native.ts';
import { installProtogameHost } from '../../../src/logic/protogame/install-protogame-host.ts';
import { CALLBACK_TYPES } from '../../../src/protocol/callback-queue.ts';
import { cameraTypeIndex } from '../../../src/protocol/camera-types.ts';
import { isTwinframeError } from '../../../src/shared-memory/twinframe-error.ts';
import { createProtogameRig } from './protogame-test-rig.ts';

function setup() {
  const rig = createProtogameRig();
  const host = installProtogameHost({}, rig.deps);
  return { rig, host, camera: host.natives.camera, callbackQueue: host.natives.callbackQueue };
}

/** Creates a camera and confirms it as the engine would; returns its id. */
function confirmedCamera(s: ReturnType<typeof setup>): number {
  const callbackId = s.camera.create(0, 0, 0, 0, 0, 0, 'world', 0);
  const cameraId = s.rig.drainCommands()[0]![1]!;
  s.rig.callbackWriter.enqueue(callbackId, cameraId, CALLBACK_TYPES.CAMERA_CREATED);
  s.callbackQueue.dequeueAll();
  return cameraId;
}

describe('camera native', () => {
  describe('#create', () => {
    it('returns a callbackId at once and sends CREATE_CAMERA with the default projection', () => {
      const { rig, camera } = setup();
      const callbackId = camera.create(-10, 0, 5, 0, 20, 0, 'world', 0);
      expect(callbackId, 'a positive callbackId').toBeGreaterThan(0);
      const [call] = rig.drainCommands();
      const P = PROTOGAME_CAMERA_PROJECTION;
      expect(call?.[0], 'createCamera was sent').toBe('createCamera');
      expect(call?.[1], 'a logic-issued camera id').toBeGreaterThan(0);
      expect(call?.slice(2), 'callback, pose, type and projection').toEqual([
        callbackId, -10, 0, 5, 0, 20, 0, cameraTypeIndex('world'), P.fovDeg, Math.fround(P.near), P.far,
      ]);
    });

    it('makes the camera live for getHandle once the engine confirms it', () => {
      const s = setup();
      const callbackId = s.camera.create(0, 0, 0, 0, 0, 0, 'screen', 0);
      const cameraId = s.rig.drainCommands()[0]![1]!;
      expect(s.camera.getHandle(cameraId), 'no handle before confirmation').toBe(0);
      s.rig.callbackWriter.enqueue(callbackId, cameraId, CALLBACK_TYPES.CAMERA_CREATED);
      expect(s.callbackQueue.dequeueAll(), 'the CAMERA_CREATED record').toEqual([
        { callbackId, resultId: cameraId, errorMessage: '', type: 'CAMERA_CREATED' },
      ]);
      expect(s.camera.getHandle(cameraId), 'a non-zero handle for a live camera').not.toBe(0);
      expect(s.host.stats().liveCameras, 'one live camera').toBe(1);
    });

    it('settles an unknown camera type locally with TF4007, the code the engine refuses it with through any API', () => {
      const { rig, camera, callbackQueue } = setup();
      const callbackId = camera.create(0, 0, 0, 0, 0, 0, 'fisheye', 0);
      expect(rig.drainCommands(), 'nothing sent').toEqual([]);
      const [cb] = callbackQueue.dequeueAll();
      expect(cb?.callbackId, 'the returned callbackId settles').toBe(callbackId);
      expect(cb?.type, 'as CAMERA_CREATED').toBe('CAMERA_CREATED');
      expect(cb?.errorMessage, 'coded, with the value').toMatch(/^\[TF4007\] camera\.create: unknown camera type; got "fisheye"/);
    });

    it('throws TF5500 for a wrong argument count, naming the signature', () => {
      const { camera } = setup();
      let error: unknown;
      try {
        (camera.create as (...a: unknown[]) => number)(0, 0, 0, 0, 0, 0, 'world');
      } catch (e) {
        error = e;
      }
      expect(isTwinframeError(error, 'TF5500'), 'TF5500').toBe(true);
      expect((error as Error).message, 'names the method and signature').toContain(
        "camera.create: wrong number of arguments; got 7, expected create(posX: number, posY: number, posZ: number, yaw: number, pitch: number, roll: number, type: 'world' | 'screen', callbackSentinel: 0)",
      );
    });
  });

  describe('requests answered by callback', () => {
    it('setActive, updateType and destroy return callbackIds and send their commands', () => {
      const s = setup();
      const cameraId = confirmedCamera(s);
      const a = s.camera.setActive(cameraId, 0);
      const t = s.camera.updateType(cameraId, 'screen', 0);
      const d = s.camera.destroy(cameraId, 0);
      expect(new Set([a, t, d]).size, 'three distinct positive callbackIds').toBe(3);
      expect(Math.min(a, t, d), 'all positive').toBeGreaterThan(0);
      expect(s.rig.drainCommands(), 'the commands carry the callbackIds').toEqual([
        ['setActiveCamera', cameraId, a],
        ['updateCameraType', cameraId, cameraTypeIndex('screen'), t],
        ['destroyCamera', cameraId, d],
      ]);
      expect(s.camera.getHandle(cameraId), 'a destroyed camera has no handle').toBe(0);
      expect(s.rig.cameraIds.released, 'the destroyed id was released').toEqual([cameraId]);
    });

    it('pass the engine answer through with its type name', () => {
      const s = setup();
      const cameraId = confirmedCamera(s);
      const a = s.camera.setActive(cameraId, 0);
      s.rig.callbackWriter.enqueue(a, cameraId, CALLBACK_TYPES.GENERIC);
      expect(s.callbackQueue.dequeueAll(), 'the answer').toEqual([{ callbackId: a, resultId: cameraId, errorMessage: '', type: 'GENERIC' }]);
    });
  });

  describe('pose commands', () => {
    it('send update, updatePosition, updateOrientation, moveBy and lookAt', () => {
      const { rig, camera } = setup();
      camera.update(3, 1, 2, 3, 10, 20, 30);
      camera.updatePosition(3, 4, 5, 6);
      camera.updateOrientation(3, 40, 50, 60);
      camera.moveBy(3, 1, 0, 0);
      camera.lookAt(3, 0, 0, 0);
      expect(rig.drainCommands(), 'the commands in order').toEqual([
        ['updateCamera', 3, 1, 2, 3, 10, 20, 30],
        ['updateCameraPosition', 3, 4, 5, 6],
        ['updateCameraOrientation', 3, 40, 50, 60],
        ['moveCamera', 3, 1, 0, 0],
        ['cameraLookAt', 3, 0, 0, 0],
      ]);
    });
  });
});
