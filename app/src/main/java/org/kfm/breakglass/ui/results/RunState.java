package org.kfm.breakglass.ui.results;

/** One statement's life in the console. */
public enum RunState {
    RUNNING,
    DONE,
    FAILED,
    CANCELLED
}
