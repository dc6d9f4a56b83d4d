//----------------------------------------------------------------------------------------------------
// main.js - entry point, loaded by the engine as an ES module after it installed its natives
// (entity, camera, callbackQueue, input, clock, game, audio, debugRenderInterface) on globalThis.
// The engine then calls globalThis.JSEngine.update(deltaSeconds) and JSEngine.render() every frame.
//----------------------------------------------------------------------------------------------------
import { JSEngine } from './JSEngine.js';
import { JSGame } from './JSGame.js';

const jsEngine = new JSEngine();
const jsGame = new JSGame(jsEngine);

globalThis.JSEngine = {
    update(deltaSeconds)
    {
        jsEngine.update(deltaSeconds);
    },
    render()
    {
        jsEngine.render();
    },
    engine: jsEngine,
    game: jsGame
};

console.log('main.js: loaded');
