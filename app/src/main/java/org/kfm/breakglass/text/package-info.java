/**
 * Text from untrusted sources (operators, the database, journals) judged and shown safely: which characters are
 * hidden, how many a reader sees, and how to print them. Depends on the JDK only, so audit, session, cli and ui
 * all use the same rules.
 */
package org.kfm.breakglass.text;
