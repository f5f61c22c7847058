package org.kfm.breakglass.sql;

import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * Hands pgjdbc the login password as a {@code char[]}, so it never becomes a String: pgjdbc's default takes it
 * from the {@code password} connection property (a String, and {@code toCharArray()} of it). pgjdbc instantiates
 * this class by name for each login ({@code authenticationPluginClassName}, with the connection properties) and
 * asks {@link #getPassword} when the server wants a password; the property {@value #REGISTRATION} names the
 * {@link #register registered} password of this one login.
 *
 * <p>What pgjdbc 42.7.14 does with the array (read from {@code AuthenticationPluginManager},
 * {@code ConnectionFactoryImpl} and {@code ScramAuthenticator}): it fills it with zeros as soon as the
 * authentication step that asked for it is done, so this class returns a fresh copy each time. SCRAM-SHA-256
 * (what the seed's {@code pg_hba} demands) keeps it a {@code char[]} throughout: the shaded ongres SCRAM client
 * clones it, SASLprep-normalises it into another {@code char[]}, derives the salted password with
 * {@code PBEKeySpec} (cleared after use) and wipes its clone after the client-final message. The MD5 and
 * cleartext paths UTF-8-encode it into a {@code byte[]} that pgjdbc wipes too. None of these copies outlives the
 * login; the heap-dump test {@code PasswordHeapTest} checks that.
 */
public final class LoginPasswordPlugin implements AuthenticationPlugin {
    /** The connection property naming the registration. */
    static final String REGISTRATION = "breakglassPasswordRegistration";

    private static final Map<String, char[]> PASSWORDS = new ConcurrentHashMap<>();

    private final String registration;

    /** Called by pgjdbc with the connection properties. */
    public LoginPasswordPlugin(Properties info) {
        this.registration = info.getProperty(REGISTRATION);
    }

    @Override
    public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
        char[] password = registration == null ? null : PASSWORDS.get(registration);
        if (password == null) {
            throw new PSQLException(
                    "the login password is no longer available (registration closed): log in again",
                    PSQLState.CONNECTION_REJECTED);
        }
        // pgjdbc wipes what it gets; the caller's array stays theirs to wipe.
        return Arrays.copyOf(password, password.length);
    }

    /**
     * Makes {@code password} available to the one login whose properties carry the returned registration's id;
     * the array is the caller's (not copied, not wiped here). Close the registration right after the login.
     */
    static Registration register(char[] password) {
        var id = UUID.randomUUID().toString();
        PASSWORDS.put(id, password);
        return new Registration(id);
    }

    static int registered() {
        return PASSWORDS.size();
    }

    /** One login's password; {@link #close()} forgets it. */
    record Registration(String id) implements AutoCloseable {
        @Override
        public void close() {
            PASSWORDS.remove(id);
        }
    }
}
