package org.mmscope.model.snapshot;

import java.io.IOException;

/**
 * Thrown from inside the EMF and XML readers when a snapshot is refused. Its message is the reason
 * for the user, phrased to follow "Cannot load snapshot FILE: " (for instance "it is truncated").
 */
final class Refusal extends IOException {

    private static final long serialVersionUID = 1L;

    Refusal(String reason) {
        super(reason);
    }

    Refusal(String reason, Throwable cause) {
        super(reason, cause);
    }
}
