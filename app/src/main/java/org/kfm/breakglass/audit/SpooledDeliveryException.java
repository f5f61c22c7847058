package org.kfm.breakglass.audit;

import java.io.IOException;

/**
 * Thrown by a sink that could not get an acknowledgement but has kept the line durably itself (e.g. the webhook's
 * spool) and will deliver it later: the event is not acknowledged (a required sink still blocks the action), but
 * the trail need not keep a copy.
 */
public class SpooledDeliveryException extends IOException {

    public SpooledDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
