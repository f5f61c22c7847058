package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one settings rule of the editor and the endpoint: harmless settings pass in read-only mode; lifting
 * read-only, changing the role or session authorization and loading code are refused in every spelling the server
 * accepts (case, quoted and U&amp; names, comments between the words, SESSION/LOCAL, set_config inside a larger
 * statement, computed names).
 */
class SetupRuleTest {

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            read-only | SET statement_timeout = 0                                                | ok
            read-only | SET client_encoding = 'UTF8'                                             | ok
            read-only | SELECT pg_catalog.set_config('search_path', '', false)                   | ok
            read-only | SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY               | ok
            read-only | SET datestyle TO ISO, MDY                                                | ok
            read-only | RESET statement_timeout                                                  | ok
            read-only | SET default_transaction_read_only = on                                   | ok
            read-only | SET default_transaction_read_only = off                                  | 25006
            read-only | set DEFAULT_TRANSACTION_READ_ONLY to 'OFF'                                | 25006
            read-only | SET U&"default_transaction_rea\\0064_only" = off                          | 25006
            read-only | SET default_transaction_read_only /* = on */ = off                       | 25006
            read-only | SET default_transaction_read_only TO DEFAULT                             | 25006
            read-only | SET LOCAL transaction_read_only = 0                                      | 25006
            read-only | RESET default_transaction_read_only                                      | 25006
            read-only | RESET transaction_read_only                                              | 25006
            read-only | RESET ALL                                                                | 25006
            read-only | DISCARD ALL                                                              | 25006
            read-only | DISCARD PLANS                                                            | ok
            read-only | SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE                    | 25006
            read-only | SET SESSION SESSION CHARACTERISTICS AS TRANSACTION READ WRITE            | 25006
            read-only | SET LOCAL SESSION CHARACTERISTICS AS TRANSACTION READ /* x */ WRITE      | 25006
            read-only | SET SESSION TRANSACTION READ WRITE                                       | 25006
            read-only | BEGIN ISOLATION LEVEL SERIALIZABLE, READ WRITE                           | 25006
            read-only | START TRANSACTION READ WRITE                                             | 25006
            read-only | SELECT 1 AS a, pg_catalog.set_config('transaction_read_only', 'off', false) | 25006
            read-only | SELECT * FROM (SELECT set_config('role', 'kfm_owner', false)) s          | 42501
            read-only | SELECT set_config(pg_catalog.concat('ro', 'le'), 'kfm_owner', false)      | 42501
            read-only | SELECT set_config('role'::text, 'kfm_owner', false)                      | 42501
            read-only | SET ROLE kfm_owner                                                       | 42501
            read-only | SET "Role" TO kfm_owner                                                  | 42501
            read-only | SET LOCAL ROLE NONE                                                      | 42501
            read-only | SET SESSION AUTHORIZATION kfm_owner                                      | 42501
            read-only | SET SESSION SESSION AUTHORIZATION kfm_owner                              | 42501
            read-only | SET LOCAL SESSION AUTHORIZATION DEFAULT                                  | 42501
            read-only | RESET ROLE                                                               | 42501
            read-only | RESET SESSION AUTHORIZATION                                              | 42501
            read-only | LOAD 'auto_explain'                                                      | 42501
            read-only | SET session_preload_libraries = 'auto_explain'                           | 42501
            read-only | SET client_encoding TO 'LATIN1'                                          | 0A000
            read-only | SELECT * FROM places                                                     | ok
            write     | SET default_transaction_read_only = off                                  | ok
            write     | RESET ALL                                                                | ok
            write     | SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE                    | ok
            write     | SET ROLE kfm_owner                                                       | 42501
            write     | SELECT set_config('session_authorization', 'kfm_owner', false)           | 42501
            owner     | SET SESSION SESSION AUTHORIZATION kfm_owner                              | 42501
            owner     | LOAD 'auto_explain'                                                      | 42501
            """)
    void verdictForModeAndStatement(String mode, String sql, String expected) {
        var statements = ClientClassification.classify(sql, true, 150000);
        assertThat(statements).as("one statement").hasSize(1);

        var refusal = SetupRule.statement(AccessMode.fromWireName(mode), true, statements.getFirst());

        if (expected.equals("ok")) {
            assertThat(refusal).as(sql).isEmpty();
        } else {
            assertThat(refusal)
                    .as(sql)
                    .hasValueSatisfying(r -> assertThat(r.sqlstate()).isEqualTo(expected));
        }
    }

    @Test
    void aStartupParameterIsJudgedAsTheSetItWouldBe() {
        assertThat(SetupRule.setting(AccessMode.READ_ONLY, true, "application_name", "psql", false))
                .isEmpty();
        assertThat(SetupRule.setting(AccessMode.READ_ONLY, true, "Default_Transaction_Read_Only", "off", false))
                .hasValueSatisfying(r -> assertThat(r.reason()).contains("would lift read-only"));
        assertThat(SetupRule.setting(AccessMode.OWNER, true, "local_preload_libraries", "x", false))
                .hasValueSatisfying(r -> assertThat(r.reason()).contains("load code"));
    }

    @Test
    void onlySetAndResetAndSetConfigCallsCountAsSettings() {
        assertThat(SetupRule.onlySettings(ClientClassification.classify("SET search_path = ''", true, 150000)
                        .getFirst()))
                .isTrue();
        assertThat(SetupRule.onlySettings(ClientClassification.classify(
                                "SELECT set_config('search_path', '', false), pg_terminate_backend(1)", true, 150000)
                        .getFirst()))
                .isFalse();
        assertThat(SetupRule.onlySettings(ClientClassification.classify("VACUUM places", true, 150000)
                        .getFirst()))
                .isFalse();
    }
}
