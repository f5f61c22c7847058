package org.kfm.breakglass.ui;

/** How loudly a banner fact is shown: the view maps it to green / amber / red. */
public enum Tone {
    SAFE,
    CAUTION,
    DANGER,
    NEUTRAL
}
