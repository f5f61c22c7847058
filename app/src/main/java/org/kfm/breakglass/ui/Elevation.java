package org.kfm.breakglass.ui;

import org.kfm.breakglass.ui.port.JustificationInput;

/** The elevation dialog's result: a second justification and the database name as the operator typed it. */
public record Elevation(JustificationInput justification, String confirmDatabaseName) {}
