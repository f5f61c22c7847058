package org.kfm.breakglass.kube.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.kube.DbCredentials;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.SecretReader;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TargetResolver;

/**
 * Each kind's Secret read through the layout its resolution gives, over the fake API server: which key holds the
 * user, the password as a char[], and the database the Secret (or, failing that, the manifest) names.
 */
class SecretLayoutTest {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    static FakeTargets fake;

    @BeforeAll
    static void start() {
        fake = FakeTargets.start();
    }

    @AfterAll
    static void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private static OperatorShapes freshNamespace() {
        return fake.shapes("creds-" + NAMESPACES.incrementAndGet());
    }

    private static DbCredentials readFor(OperatorShapes ns, String target) {
        var resolved = new TargetResolver(fake.access).locate(ns.namespace(), TargetRef.parse(target));
        return new SecretReader(fake.access).read(ns.namespace(), resolved.secret());
    }

    @Test
    void cloudNativePgAppSecretGivesUserPasswordAndItsDbname() {
        var ns = freshNamespace();
        ns.cloudNativePg("kfm", 0, Map.of("initdb", Map.of("database", "manifest-db")));
        ns.cloudNativePgAppSecret("kfm-app", "kfm_reader", "s3cr3t-ä", "kfm", false);

        var credentials = readFor(ns, "cnpg/kfm");

        assertThat(credentials.user()).isEqualTo("kfm_reader");
        assertThat(credentials.password()).containsExactly("s3cr3t-ä".toCharArray());
        assertThat(credentials.database()).contains("kfm"); // the Secret's dbname wins over the manifest
        assertThat(credentials.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void aCloudNativePgSecretFromBefore121HasNoDbnameSoTheManifestsDatabaseIsTheDefault() {
        var ns = freshNamespace();
        ns.cloudNativePg("kfm", 0, Map.of("initdb", Map.of("database", "gis")));
        ns.cloudNativePgAppSecret("kfm-app", "app", "pw", "ignored", true);

        var credentials = readFor(ns, "cnpg/kfm");

        assertThat(credentials.user()).isEqualTo("app");
        assertThat(credentials.database()).contains("gis");
    }

    @Test
    void zalandoSecretHasOnlyUsernameAndPasswordAndTheManifestNamesTheUsersDatabase() {
        var ns = freshNamespace();
        ns.zalando(
                "acid-kfm",
                0,
                Map.of(
                        "users", Map.of("zalando", List.of("superuser"), "kfm_reader", List.of()),
                        "databases", Map.of("kfm", "kfm_reader", "other", "zalando")),
                true);
        ns.zalandoSecret("kfm_reader", "acid-kfm", "zpw");
        ns.zalandoSecret("zalando", "acid-kfm", "superpw");

        var credentials = readFor(ns, "zalando/acid-kfm");

        assertThat(credentials.user()).isEqualTo("kfm_reader");
        assertThat(credentials.password()).containsExactly("zpw".toCharArray());
        assertThat(credentials.database()).contains("kfm");
    }

    @Test
    void crunchySecretHasUserAndDbnameAndNoDbnameWhenTheUserHasNoDatabase() {
        var ns = freshNamespace();
        ns.crunchy("hippo", 0, List.of(Map.of("name", "kfm", "databases", List.of("kfm"))));
        ns.crunchySecret("hippo", "kfm", "cpw", "kfm");
        var other = freshNamespace();
        other.crunchy("hippo", 0, List.of(Map.of("name", "monitor")));
        other.crunchySecret("hippo", "monitor", "mpw", null);

        var credentials = readFor(ns, "crunchy/hippo");
        var monitor = readFor(other, "crunchy/hippo:primary");

        assertThat(credentials.user()).isEqualTo("kfm");
        assertThat(credentials.password()).containsExactly("cpw".toCharArray());
        assertThat(credentials.database()).contains("kfm");
        assertThat(monitor.user()).isEqualTo("monitor");
        assertThat(monitor.database()).isEmpty();
    }

    @Test
    void theSeedLayoutReadsPostgresUserAndPasswordAndHasNoDatabase() {
        var credentials =
                new SecretReader(fake.access).read(fake.cluster.namespace(), SecretLayout.seed("postgis-auth"));

        assertThat(credentials.user()).isEqualTo(fake.pg.reader().user());
        assertThat(credentials.password())
                .containsExactly(fake.pg.reader().password().toCharArray());
        assertThat(credentials.database()).isEmpty();
    }

    @Test
    void theFirstUserKeyPresentWinsAndAMissingOneListsWhatTheSecretHas() {
        var ns = freshNamespace();
        fake.cluster
                .adminClient()
                .resource(ns.secret(
                        "both", "Opaque", Map.of(), Map.of("user", "second", "username", "first", "password", "p")))
                .create();
        fake.cluster
                .adminClient()
                .resource(ns.secret("only-user", "Opaque", Map.of(), Map.of("user", "crunchy-style", "password", "p")))
                .create();
        var layout =
                new SecretLayout("both", List.of("username", "user"), "password", Optional.empty(), Optional.empty());
        var reader = new SecretReader(fake.access);

        assertThat(reader.read(ns.namespace(), layout).user()).isEqualTo("first");
        assertThat(reader.read(
                                ns.namespace(),
                                new SecretLayout(
                                        "only-user",
                                        List.of("username", "user"),
                                        "password",
                                        Optional.empty(),
                                        Optional.empty()))
                        .user())
                .isEqualTo("crunchy-style");
        assertThatThrownBy(() -> reader.read(ns.namespace(), SecretLayout.seed("only-user")))
                .isInstanceOf(KubeAccessException.class)
                .hasMessageContaining("has no key 'POSTGRES_USER' (it has [password, user])")
                .hasMessageNotContaining("crunchy-style");
        assertThatThrownBy(() -> reader.read(
                        ns.namespace(),
                        new SecretLayout(
                                "only-user",
                                List.of("username", "login"),
                                "password",
                                Optional.empty(),
                                Optional.empty())))
                .hasMessageContaining("has no key of [username, login]");
    }
}
