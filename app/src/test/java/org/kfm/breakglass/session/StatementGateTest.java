package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kfm.breakglass.sql.StatementClassifier;

/** Which statements each mode may send; the refusal says what to do instead. */
class StatementGateTest {

    @ParameterizedTest(name = "{0} in {1}: allowed={2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT * FROM places                         | READ_ONLY | true",
                "DELETE FROM places                           | READ_ONLY | false",
                "SELECT set_config('x.y', 'z', false)         | READ_ONLY | true",
                "SET search_path = public                     | READ_ONLY | true",
                "CREATE TABLE t(i int)                        | READ_ONLY | false",
                "GRANT SELECT ON places TO public             | READ_ONLY | false",
                "INSERT INTO places(name) VALUES ('x')        | WRITE     | true",
                "SELECT 1                                     | WRITE     | true",
                "CREATE TABLE t(i int)                        | WRITE     | false",
                "GRANT SELECT ON places TO public             | WRITE     | false",
                "CREATE TABLE t(i int)                        | OWNER     | true",
                "BEGIN                                        | WRITE     | false",
                "COMMIT                                       | OWNER     | false",
                "ROLLBACK                                     | READ_ONLY | false",
                "SET statement_timeout = 0                    | READ_ONLY | true",
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY | READ_ONLY | true",
                "SELECT set_config('search_path', '', false) | READ_ONLY | true",
                "SET default_transaction_read_only = off      | READ_ONLY | false",
                "RESET ALL                                    | READ_ONLY | false",
                "SET SESSION SESSION CHARACTERISTICS AS TRANSACTION READ WRITE | READ_ONLY | false",
                "SELECT 1, set_config('role', 'kfm_owner', false) | READ_ONLY | false",
                "SELECT set_config('x.y', 'z', false), pg_advisory_lock(1) | READ_ONLY | false",
                "VACUUM places                                | READ_ONLY | false",
                "LOAD 'auto_explain'                          | WRITE     | false",
                "SET ROLE kfm_writer                          | OWNER     | false",
                "SET SESSION SESSION AUTHORIZATION kfm_owner  | OWNER     | false",
            })
    void eachModeSendsOnlyItsClasses(String sql, AccessMode mode, boolean allowed) {
        var statement = StatementClassifier.classify(sql).getFirst();

        var refusal = StatementGate.refusal(mode, statement);

        assertThat(refusal.isEmpty()).as(sql + " → " + refusal).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "DELETE FROM places      | READ_ONLY | elevate to write",
                "CREATE TABLE t(i int)   | WRITE     | elevate to owner",
                "COMMIT                  | WRITE     | use commit / rollback",
            })
    void aRefusalSaysWhatToDoInstead(String sql, AccessMode mode, String advice) {
        var refusal =
                StatementGate.refusal(mode, StatementClassifier.classify(sql).getFirst());

        assertThat(refusal).hasValueSatisfying(text -> assertThat(text).contains(advice));
    }
}
