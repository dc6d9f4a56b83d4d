//----------------------------------------------------------------------------------------------------
// JSGame.js - a small scene in the style of ProtogameJS3D's game scripts
//
//   W / S     move the red player cube forward / back (X axis)
//   Space     turn the player green
//   P         pause / unpause the game clock (the blue sphere stops spinning)
//   Escape    ask the engine to quit
//
// It logs what it sees with console.log ('JSGame: ...') so a host can follow it, and keeps its
// state on globalThis.JSGameState for debugging.
//----------------------------------------------------------------------------------------------------
import { EntityAPI } from './Interface/EntityAPI.js';
import { CameraAPI } from './Interface/CameraAPI.js';
import { InputInterface, KEYCODE_ESC, KEYCODE_SPACE, keyCodeOf } from './Interface/InputInterface.js';
import { Clock } from './Interface/ClockInterface.js';

const PLAYER_SPEED = 4.0;        // units per second
const SPIN_DEGREES_PER_SECOND = 90.0;
const STATUS_EVERY_FRAMES = 30;

export class JSGame
{
    constructor(jsEngine)
    {
        this.jsEngine = jsEngine;
        this.entityAPI = new EntityAPI(jsEngine);
        this.cameraAPI = new CameraAPI(jsEngine);
        this.input = new InputInterface();

        // Clocks exist from the start: the natives are installed before this module is evaluated.
        this.gameClock = new Clock();
        this.frozenClock = new Clock(this.gameClock);
        this.frozenClock.pause();

        this.state = {
            frame: 0,
            player: 0,
            spinner: 0,
            grid: 0,
            camera: 0,
            cameraActive: false,
            refusedMesh: '',
            argumentError: '',
            spacePresses: 0,
            quitRequested: false,
            sound: 0
        };
        globalThis.JSGameState = this.state;

        jsEngine.registerSystem('scene', { priority: 0, update: (dt) => this.updateScene(dt) });
        jsEngine.registerSystem('player', { priority: 10, update: (dt) => this.updatePlayer(dt) });
        jsEngine.registerSystem('spinner', { priority: 20, update: (dt) => this.updateSpinner(dt) });
        jsEngine.registerSystem('debug', { priority: 90, render: () => this.renderDebug() });
        console.log('JSGame: created');
    }

    updateScene(deltaSeconds)
    {
        const state = this.state;
        state.frame++;
        if (state.frame === 1)
        {
            this.createScene();
        }
        if (state.frame % STATUS_EVERY_FRAMES === 0)
        {
            console.log(`JSGame: status frame=${state.frame} gameClock=${this.gameClock.getTotalSeconds().toFixed(3)}`
                + ` paused=${this.gameClock.isPaused()} frozenClock=${this.frozenClock.getTotalSeconds()}`
                + ` frozenFrames=${this.frozenClock.getFrameCount()} dt=${deltaSeconds.toFixed(4)}`);
        }
    }

    createScene()
    {
        const state = this.state;
        this.entityAPI.createMesh('cube', [0, 0, 0], 1.0, [255, 0, 0, 255], (entityId) =>
        {
            state.player = entityId;
            console.log(`JSGame: player created entity=${entityId}`);
        });
        this.entityAPI.createMesh('sphere', [4, 2, 1], 0.5, [0, 128, 255, 255], (entityId) =>
        {
            state.spinner = entityId;
            console.log(`JSGame: spinner created entity=${entityId}`);
        });
        this.entityAPI.createMesh('grid', [0, 0, -1], 10.0, [128, 128, 128, 255], (entityId) =>
        {
            state.grid = entityId;
            console.log(`JSGame: grid created entity=${entityId}`);
        });
        this.entityAPI.createMesh('teapot', [0, 0, 0], 1.0, [255, 255, 255, 255], (entityId, errorMessage) =>
        {
            state.refusedMesh = errorMessage;
            console.log(`JSGame: teapot refused entity=${entityId} error=${errorMessage}`);
        });

        this.cameraAPI.createCamera([-10, 0, 5], [0, 20, 0], 'world', (cameraId, errorMessage) =>
        {
            if (!cameraId)
            {
                console.log(`JSGame: camera failed: ${errorMessage}`);
                return;
            }
            state.camera = cameraId;
            console.log(`JSGame: camera created camera=${cameraId}`);
            this.cameraAPI.setActiveCamera(cameraId, (resultId, error) =>
            {
                state.cameraActive = !error;
                console.log(`JSGame: camera active camera=${resultId} error=${error}`);
            });
            this.cameraAPI.moveBy(cameraId, [2, 0, 0]);
            this.cameraAPI.lookAt(cameraId, [0, 0, 0]);
        });

        // The original natives reject a wrong argument count with an Error naming the signature.
        try
        {
            entity.createMesh('cube', 0, 0, 0);
        }
        catch (error)
        {
            state.argumentError = error.message;
            console.log(`JSGame: argument error: ${error.message}`);
        }

        if (typeof audio !== 'undefined')
        {
            const soundId = audio.createOrGetSound('Data/Audio/TestSound.mp3', 'Sound2D');
            state.sound = audio.startSound(soundId);
            console.log(`JSGame: sound playback=${state.sound}`);
        }
    }

    updatePlayer(deltaSeconds)
    {
        const state = this.state;
        if (!state.player)
        {
            return;
        }
        if (this.input.isKeyDown(keyCodeOf('W')))
        {
            this.entityAPI.moveBy(state.player, [PLAYER_SPEED * deltaSeconds, 0, 0]);
        }
        if (this.input.isKeyDown(keyCodeOf('S')))
        {
            this.entityAPI.moveBy(state.player, [-PLAYER_SPEED * deltaSeconds, 0, 0]);
        }
        if (this.input.wasKeyJustPressed(KEYCODE_SPACE))
        {
            state.spacePresses++;
            this.entityAPI.updateColor(state.player, [0, 255, 0, 255]);
            console.log(`JSGame: space pressed count=${state.spacePresses}`);
        }
        if (this.input.wasKeyJustPressed(keyCodeOf('P')))
        {
            this.gameClock.togglePause();
            console.log(`JSGame: game clock paused=${this.gameClock.isPaused()} total=${this.gameClock.getTotalSeconds().toFixed(3)}`);
        }
        if (this.input.wasKeyJustPressed(KEYCODE_ESC) && !state.quitRequested)
        {
            state.quitRequested = true;
            console.log('JSGame: quit requested');
            game.appRequestQuit();
        }
    }

    updateSpinner()
    {
        const state = this.state;
        if (!state.spinner)
        {
            return;
        }
        const yaw = (this.gameClock.getTotalSeconds() * SPIN_DEGREES_PER_SECOND) % 360;
        this.entityAPI.updateOrientation(state.spinner, [yaw, 0, 0]);
    }

    renderDebug()
    {
        if (typeof debugRenderInterface === 'undefined')
        {
            return;
        }
        debugRenderInterface.beginFrame();
        debugRenderInterface.addWorldLine(0, 0, 0, 4, 2, 1, 0.05, 0, 255, 255, 0, 255, 'USE_DEPTH');
        if (this.state.frame === 1)
        {
            debugRenderInterface.addMessage('JSGame: scene created', 2.0, 255, 255, 255, 255);
        }
        if (this.state.camera)
        {
            debugRenderInterface.renderWorld(camera.getHandle(this.state.camera));
        }
        debugRenderInterface.endFrame();
    }
}

export default JSGame;
