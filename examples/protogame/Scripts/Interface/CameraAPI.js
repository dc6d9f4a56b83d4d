//----------------------------------------------------------------------------------------------------
// CameraAPI.js - cameras over the engine's `camera` native
// Camera types: 'world' (3D perspective) and 'screen' (2D orthographic). Angles in degrees.
//----------------------------------------------------------------------------------------------------

/**
 * CameraAPI - creation and the other requests that answer through the callback queue keep their
 * functions here until JSEngine routes the result back.
 */
export class CameraAPI
{
    constructor(jsEngine)
    {
        this.jsEngine = jsEngine;
        this.pendingCallbacks = new Map();   // callbackId -> function(cameraId, errorMessage)
        jsEngine.setCallbackHandler('CAMERA_CREATED', (cb) => this.handleCallback(cb));
        console.log('CameraAPI: initialized');
    }

    /**
     * @param {number[]} position [x, y, z]
     * @param {number[]} orientation [yaw, pitch, roll]
     * @param {string} type 'world' or 'screen'
     * @param {Function} callback function(cameraId, errorMessage)
     */
    createCamera(position, orientation, type, callback)
    {
        const callbackId = camera.create(position[0], position[1], position[2],
            orientation[0], orientation[1], orientation[2], type, 0);
        if (callback)
        {
            this.pendingCallbacks.set(callbackId, callback);
        }
        return callbackId;
    }

    setActiveCamera(cameraId, callback)
    {
        return this.request(camera.setActive(cameraId, 0), callback);
    }

    updateCameraType(cameraId, type, callback)
    {
        return this.request(camera.updateType(cameraId, type, 0), callback);
    }

    destroyCamera(cameraId, callback)
    {
        return this.request(camera.destroy(cameraId, 0), callback);
    }

    updateCamera(cameraId, position, orientation)
    {
        camera.update(cameraId, position[0], position[1], position[2], orientation[0], orientation[1], orientation[2]);
    }

    moveBy(cameraId, delta)
    {
        camera.moveBy(cameraId, delta[0], delta[1], delta[2]);
    }

    lookAt(cameraId, target)
    {
        camera.lookAt(cameraId, target[0], target[1], target[2]);
    }

    getHandle(cameraId)
    {
        return camera.getHandle(cameraId);
    }

    request(callbackId, callback)
    {
        if (callback)
        {
            // Results of these requests may come back as CAMERA_CREATED or GENERIC callbacks.
            this.pendingCallbacks.set(callbackId, callback);
            this.jsEngine.registerGenericCallback(callbackId, (resultId, errorMessage) =>
            {
                this.pendingCallbacks.delete(callbackId);
                callback(resultId, errorMessage);
            });
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
        this.jsEngine.genericCallbacks.delete(cb.callbackId);
        callback(cb.errorMessage ? 0 : cb.resultId, cb.errorMessage || '');
        return true;
    }
}

export default CameraAPI;
