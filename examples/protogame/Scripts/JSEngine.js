//----------------------------------------------------------------------------------------------------
// JSEngine.js - system registration and callback routing
// Written in the style of ProtogameJS3D's scripts: it touches only the engine's natives on
// globalThis (here: callbackQueue) and console.log.
//----------------------------------------------------------------------------------------------------

/**
 * JSEngine - runs registered systems each frame in priority order (0-100, lower first).
 *
 * At the start of every update it pulls the callbacks the C++ engine (here: twinframe) queued,
 * with callbackQueue.dequeueAll(), and routes each by its type to the API that registered it:
 * ENTITY_CREATED -> EntityAPI, CAMERA_CREATED -> CameraAPI, anything else -> the generic registry.
 */
export class JSEngine
{
    constructor()
    {
        this.frameCount = 0;
        this.updateSystems = [];
        this.renderSystems = [];
        this.callbackHandlers = new Map();   // callback type -> function(callback)
        this.genericCallbacks = new Map();   // callbackId -> function(resultId, errorMessage)
        this.callbacksProcessed = 0;
        console.log('JSEngine: created');
    }

    /**
     * Register a system: { update(deltaSeconds), render(), priority, enabled }
     */
    registerSystem(id, config)
    {
        if (!id || typeof id !== 'string')
        {
            console.log('JSEngine: system id must be a non-empty string');
            return false;
        }
        const system = {
            id: id,
            update: config.update || null,
            render: config.render || null,
            priority: config.priority || 0,
            enabled: config.enabled !== false
        };
        if (system.update)
        {
            this.updateSystems.push(system);
            this.updateSystems.sort((a, b) => a.priority - b.priority);
        }
        if (system.render)
        {
            this.renderSystems.push(system);
            this.renderSystems.sort((a, b) => a.priority - b.priority);
        }
        console.log(`JSEngine: registered system '${id}' (priority ${system.priority})`);
        return true;
    }

    /**
     * Route callbacks of one type (e.g. 'ENTITY_CREATED') to a handler function(callback).
     */
    setCallbackHandler(type, handler)
    {
        this.callbackHandlers.set(type, handler);
    }

    /**
     * Remember a function for a callbackId whose type has no handler (GENERIC results).
     */
    registerGenericCallback(callbackId, fn)
    {
        this.genericCallbacks.set(callbackId, fn);
    }

    processCallbacks()
    {
        if (typeof globalThis.callbackQueue === 'undefined' || !globalThis.callbackQueue)
        {
            return;
        }
        const callbacks = globalThis.callbackQueue.dequeueAll();
        if (!Array.isArray(callbacks) || callbacks.length === 0)
        {
            return;
        }
        for (const cb of callbacks)
        {
            this.callbacksProcessed++;
            try
            {
                this.executeCallback(cb);
            }
            catch (error)
            {
                console.log(`JSEngine: error executing callback ${cb.callbackId}: ${error.message}`);
            }
        }
    }

    executeCallback(cb)
    {
        const handler = this.callbackHandlers.get(cb.type);
        if (handler && handler(cb))
        {
            return;
        }
        const fn = this.genericCallbacks.get(cb.callbackId);
        if (fn)
        {
            this.genericCallbacks.delete(cb.callbackId);
            fn(cb.resultId, cb.errorMessage);
            return;
        }
        console.log(`JSEngine: no handler for callback ${cb.callbackId} of type ${cb.type}`);
    }

    update(deltaSeconds)
    {
        this.frameCount++;
        this.processCallbacks();
        for (const system of this.updateSystems)
        {
            if (!system.enabled)
            {
                continue;
            }
            try
            {
                system.update(deltaSeconds);
            }
            catch (error)
            {
                console.log(`JSEngine: system '${system.id}' update failed: ${error.message}`);
            }
        }
    }

    render()
    {
        for (const system of this.renderSystems)
        {
            if (!system.enabled)
            {
                continue;
            }
            try
            {
                system.render();
            }
            catch (error)
            {
                console.log(`JSEngine: system '${system.id}' render failed: ${error.message}`);
            }
        }
    }
}

export default JSEngine;
