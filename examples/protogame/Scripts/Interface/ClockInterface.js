//----------------------------------------------------------------------------------------------------
// ClockInterface.js - game clocks over the engine's `clock` native
// Clocks are children of the engine's system clock, which advances once per frame.
//----------------------------------------------------------------------------------------------------

export class Clock
{
    constructor(parent)
    {
        this.handle = parent ? clock.createClock(parent.handle) : clock.createClock();
    }

    pause()           { clock.pause(this.handle); }
    unpause()         { clock.unpause(this.handle); }
    togglePause()     { clock.togglePause(this.handle); }
    isPaused()        { return clock.isPaused(this.handle); }
    stepSingleFrame() { clock.stepSingleFrame(this.handle); }
    setTimeScale(s)   { clock.setTimeScale(this.handle, s); }
    getTimeScale()    { return clock.getTimeScale(this.handle); }
    reset()           { clock.reset(this.handle); }
    getDeltaSeconds() { return clock.getDeltaSeconds(this.handle); }
    getTotalSeconds() { return clock.getTotalSeconds(this.handle); }
    getFrameCount()   { return clock.getFrameCount(this.handle); }
    destroy()         { clock.destroyClock(this.handle); }
}

export default Clock;
