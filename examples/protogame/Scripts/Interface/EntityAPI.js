//----------------------------------------------------------------------------------------------------
// EntityAPI.js - mesh entities over the engine's `entity` native
// Coordinate system: X-forward, Y-left, Z-up. Colors are 0-255.
//----------------------------------------------------------------------------------------------------

/**
 * EntityAPI - JavaScript owns the callbacks: the native returns a callbackId at once, the function
 * waits in this registry until JSEngine routes the ENTITY_CREATED callback here.
 */
export class EntityAPI
{
    constructor(jsEngine)
    {
        this.pendingCallbacks = new Map();   // callbackId -> function(entityId, errorMessage)
        this.created = 0;
        this.failed = 0;
        jsEngine.setCallbackHandler('ENTITY_CREATED', (cb) => this.handleCallback(cb));
        console.log('EntityAPI: initialized');
    }

    /**
     * Create a mesh entity.
     * @param {string} meshType 'cube', 'sphere', 'grid' or 'plane'
     * @param {number[]} position [x, y, z]
     * @param {number} scale uniform scale
     * @param {number[]} color [r, g, b, a] 0-255
     * @param {Function} callback function(entityId, errorMessage); entityId 0 on failure
     * @returns {number} callbackId
     */
    createMesh(meshType, position, scale, color, callback)
    {
        // The native takes 10 flattened arguments; the last is the sentinel that replaced the callback.
        const callbackId = entity.createMesh(meshType,
            position[0], position[1], position[2],
            scale,
            color[0], color[1], color[2], color[3],
            0);
        if (callback)
        {
            this.pendingCallbacks.set(callbackId, callback);
        }
        return callbackId;
    }

    handleCallback(cb)
    {
        const callback = this.pendingCallbacks.get(cb.callbackId);
        if (!callback)
        {
            return false;
        }
        this.pendingCallbacks.delete(cb.callbackId);
        if (cb.errorMessage && cb.errorMessage.length > 0)
        {
            this.failed++;
            callback(0, cb.errorMessage);
        }
        else
        {
            this.created++;
            callback(cb.resultId, '');
        }
        return true;
    }

    updatePosition(entityId, position)
    {
        entity.updatePosition(entityId, position[0], position[1], position[2]);
    }

    moveBy(entityId, delta)
    {
        entity.moveBy(entityId, delta[0], delta[1], delta[2]);
    }

    updateOrientation(entityId, orientation)
    {
        entity.updateOrientation(entityId, orientation[0], orientation[1], orientation[2]);
    }

    updateColor(entityId, color)
    {
        entity.updateColor(entityId, color[0], color[1], color[2], color[3]);
    }

    destroyEntity(entityId)
    {
        entity.destroy(entityId);
    }
}

export default EntityAPI;
