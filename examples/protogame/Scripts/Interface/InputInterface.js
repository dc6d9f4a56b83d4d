//----------------------------------------------------------------------------------------------------
// InputInterface.js - keyboard and mouse over the engine's `input` native
// Key codes are Windows virtual-key codes.
//----------------------------------------------------------------------------------------------------

export const KEYCODE_SPACE = 32;
export const KEYCODE_ESC = 27;
export const KEYCODE_LEFT = 37;
export const KEYCODE_UP = 38;
export const KEYCODE_RIGHT = 39;
export const KEYCODE_DOWN = 40;
export const KEYCODE_SHIFT = 16;
export const KEYCODE_F1 = 112;

/** Virtual-key code of a letter or digit: 'W' -> 87, '1' -> 49. */
export function keyCodeOf(character)
{
    return character.toUpperCase().charCodeAt(0);
}

export class InputInterface
{
    isKeyDown(keyCode)
    {
        return input.isKeyDown(keyCode);
    }

    wasKeyJustPressed(keyCode)
    {
        return input.wasKeyJustPressed(keyCode);
    }

    wasKeyJustReleased(keyCode)
    {
        return input.wasKeyJustReleased(keyCode);
    }

    getMousePosition()
    {
        return input.getMousePosition();
    }

    getCursorClientDelta()
    {
        return input.getCursorClientDelta();
    }

    isMouseButtonDown(button)
    {
        return input.isMouseButtonPressed(button);
    }

    isControllerConnected(index)
    {
        return input.isControllerConnected(index);
    }
}

export default InputInterface;
