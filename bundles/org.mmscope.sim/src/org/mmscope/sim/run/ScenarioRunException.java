package org.mmscope.sim.run;

import org.mmscope.sim.scenario.SourcePosition;

/**
 * A statement that parsed and validated but cannot run at the moment it is reached, e.g. {@code in
 * notepad.exe} after notepad.exe exited. {@link #getMessage()} is {@code file:line:column: message}.
 */
public final class ScenarioRunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SourcePosition position;

    public ScenarioRunException(SourcePosition position, String message) {
        super(position + ": " + message);
        this.position = position;
    }

    public SourcePosition position() {
        return position;
    }
}
