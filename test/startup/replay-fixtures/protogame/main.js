//----------------------------------------------------------------------------------------------------
// main.js - a ProtogameJS3D-style script for the record-then-verify tests (test/startup/replay.test.ts):
// Math.random spawns, keyboard (W held), mouse and controller 0 move the player, the creation
// callbacks (callbackQueue.dequeueAll) move the new entities, performance.now tints the player.
//----------------------------------------------------------------------------------------------------
const KEY_W = 87;
const state = { player: 0, x: 0, spawned: [], confirmed: 0, pending: new Set() };
const playerCallback = entity.createMesh('cube', 0, 0, 0, 1, 255, 255, 255, 255, 0);

globalThis.JSEngine = {
    update(deltaSeconds)
    {
        for (const cb of callbackQueue.dequeueAll())
        {
            if (cb.callbackId === playerCallback)
            {
                state.player = cb.resultId;
            }
            else if (state.pending.delete(cb.callbackId))
            {
                state.confirmed++;
                state.spawned.push(cb.resultId);
                entity.moveBy(cb.resultId, 0, 0, state.confirmed % 7);
            }
        }
        if (state.player === 0)
        {
            return;
        }
        if (input.isKeyDown(KEY_W))
        {
            state.x += 10 * deltaSeconds;
        }
        const mouse = input.getMousePosition();
        const pad = input.isControllerConnected(0) ? input.getControllerAxis(0, 0) : 0;
        entity.updatePosition(state.player, state.x, mouse.x / 100, pad + (input.isControllerButtonPressed(0, 0) ? 1 : 0));
        if (input.wasMouseButtonJustPressed(0) && state.spawned.length > 0)
        {
            entity.destroy(state.spawned.shift());
        }
        if (Math.random() < 0.3 && state.spawned.length + state.pending.size < 40)
        {
            const id = entity.createMesh(Math.random() < 0.5 ? 'cube' : 'sphere', Math.random() * 20 - 10, Math.random() * 20 - 10, 0, 0.25 + Math.random(), 200, 100, 50, 255, 0);
            state.pending.add(id);
        }
        entity.updateOrientation(state.player, (performance.now() / 10) % 360, (Date.now() % 3600) / 10, 0);
    },
    render()
    {
    }
};
