package org.kfm.breakglass.endpoint.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kfm.breakglass.endpoint.SessionClassification;
import org.kfm.breakglass.endpoint.upstream.LexicalSettings;
import org.kfm.breakglass.session.AccessMode;

/**
 * The endpoint's rules on statements classified by the console's own classifier: {@code ok}, or the SQLSTATE of
 * the refusal, per mode. Spellings built to slip through (quotes, case, schema-qualified calls, LOCAL, lists,
 * dollar quotes, computed values) are refused as the plain ones are.
 */
class ClientGateTest {

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            read-only | SELECT * FROM places                                                    | ok
            read-only | COPY (SELECT 1) TO STDOUT                                               | ok
            read-only | SET statement_timeout = 0                                               | ok
            read-only | SET search_path TO public, pg_catalog                                   | ok
            read-only | SET TIME ZONE 'UTC'                                                     | ok
            read-only | SET NAMES 'UTF8'                                                        | ok
            read-only | SET client_encoding TO 'LATIN1'                                         | 0A000
            read-only | SET standard_conforming_strings = off                                   | 0A000
            read-only | SET standard_conforming_strings = on                                    | ok
            read-only | SET default_transaction_read_only = on                                  | ok
            read-only | SET default_transaction_read_only = off                                 | 25006
            read-only | set "default_transaction_read_only" to 'OFF'                            | 25006
            read-only | SET LOCAL transaction_read_only = false                                 | 25006
            read-only | SET SESSION default_transaction_read_only = 0                           | 25006
            read-only | SET default_transaction_read_only = $$off$$                             | 25006
            read-only | SET default_transaction_read_only TO on, off                            | 25006
            read-only | RESET default_transaction_read_only                                     | 25006
            read-only | RESET ALL                                                               | 25006
            read-only | SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY              | ok
            read-only | SET TRANSACTION READ WRITE                                              | 25006
            read-only | SET SESSION SESSION CHARACTERISTICS AS TRANSACTION READ WRITE           | 25006
            read-only | SET SESSION SESSION AUTHORIZATION kfm_owner                             | 42501
            read-only | SET U&"default_transaction_rea\\0064_only" = off                         | 25006
            read-only | SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE                   | 25006
            read-only | BEGIN                                                                   | ok
            read-only | BEGIN ISOLATION LEVEL SERIALIZABLE READ WRITE                           | 25006
            read-only | START TRANSACTION READ WRITE                                            | 25006
            read-only | COMMIT                                                                  | ok
            read-only | COMMIT PREPARED 'x'                                                     | 25006
            read-only | PREPARE TRANSACTION 'x'                                                 | 25006
            read-only | SELECT set_config('search_path', '', false)                             | ok
            read-only | SELECT pg_catalog.set_config('default_transaction_read_only', 'off', false) | 25006
            read-only | SELECT set_config('transaction_read_only', 'off', true)                 | 25006
            read-only | SELECT set_config('role', 'kfm_owner', false)                           | 42501
            read-only | SELECT set_config(lower('DEFAULT_TRANSACTION_READ_ONLY'), 'off', false) | 42501
            read-only | SELECT set_config(name, 'off', false) FROM pg_settings WHERE name = 'default_transaction_read_only' | 25006
            read-only | SELECT set_config(name, 'view', false) FROM pg_settings WHERE name = 'restrict_nonsystem_relation_kind' | ok
            read-only | SELECT set_config(name, 'off', false) FROM pg_settings WHERE name LIKE 'default_transaction_read%' | 42501
            read-only | SELECT set_config('search_path', '', false), pg_terminate_backend(1)    | 42501
            read-only | SELECT pg_terminate_backend(1)                                          | 42501
            read-only | SET ROLE kfm_owner                                                      | 42501
            read-only | SET session_authorization = 'kfm_owner'                                 | 42501
            read-only | RESET ROLE                                                              | 42501
            read-only | SET local_preload_libraries = 'auto_explain'                            | 42501
            read-only | LOAD 'auto_explain'                                                     | 42501
            read-only | PREPARE p AS SELECT 1                                                   | 0A000
            read-only | EXECUTE p                                                               | 0A000
            read-only | DELETE FROM places                                                      | 25006
            read-only | WITH d AS (DELETE FROM places RETURNING *) SELECT * FROM d              | 25006
            read-only | COPY places FROM STDIN                                                  | 25006
            read-only | CREATE TEMP TABLE t (i int)                                             | 42501
            read-only | GRANT SELECT ON places TO PUBLIC                                        | 42501
            read-only | VACUUM places                                                           | 25006
            read-only | NOTIFY ch                                                               | 25006
            read-only | LOCK TABLE public.places IN ACCESS SHARE MODE                           | ok
            read-only | LOCK TABLE places IN ACCESS SHARE MODE NOWAIT                           | ok
            read-only | LOCK TABLE places                                                       | 25006
            read-only | LOCK TABLE places IN ACCESS EXCLUSIVE MODE                              | 25006
            read-only | DECLARE c CURSOR FOR SELECT 1                                           | ok
            read-only | FETCH 10 FROM c                                                         | ok
            read-only | DISCARD ALL                                                             | 25006
            read-only | DO $$ BEGIN END $$                                                      | 42501
            write     | DELETE FROM places                                                      | ok
            write     | SET default_transaction_read_only = off                                 | ok
            write     | BEGIN READ WRITE                                                        | ok
            write     | SELECT pg_terminate_backend(1)                                          | ok
            write     | SELECT set_config('role', 'kfm_owner', false)                           | 42501
            write     | SET ROLE kfm_owner                                                      | 42501
            write     | CREATE TABLE t (i int)                                                  | 42501
            write     | VACUUM places                                                           | ok
            owner     | CREATE TABLE t (i int)                                                  | ok
            owner     | SET ROLE kfm_writer                                                     | 42501
            owner     | LOAD 'auto_explain'                                                     | 42501
            """)
    void verdictForModeAndStatement(String mode, String sql, String expected) {
        var gate = new ClientGate(AccessMode.fromWireName(mode), true);
        var statements = SessionClassification.classify(sql, new LexicalSettings(true, 150000));
        assertThat(statements).as("one statement").hasSize(1);
        var verdict = gate.check(statements.get(0));
        if (expected.equals("ok")) {
            assertThat(verdict).as(sql).isInstanceOf(Verdict.Admit.class);
        } else {
            assertThat(verdict)
                    .as(sql)
                    .isInstanceOfSatisfying(
                            Verdict.Refuse.class, r -> assertThat(r.sqlstate()).isEqualTo(expected));
        }
    }
}
