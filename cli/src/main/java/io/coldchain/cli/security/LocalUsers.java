package io.coldchain.cli.security;

import io.coldchain.errors.UserError;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.topics.TopicCatalogue;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The users of a secured local broker ({@code ./coldchain broker --security scram}) and their ACLs: an admin (super
 * user), the streams application, a telemetry integrator and an operations-centre reader, each with a fresh random
 * password.
 */
public final class LocalUsers {

    public static final String ADMIN = "admin";
    /** The streams application's user; its ACLs are on resources prefixed by its application id. */
    public static final String STREAMS = "coldchain-streams";
    public static final String INTEGRATOR = "integrator";
    public static final String OPS_CENTRE = "ops-centre";
    /** Prefix of the consumer groups the operations centre may use. */
    public static final String OPS_CENTRE_GROUPS = "ops-centre";

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private LocalUsers() {
    }

    /** The four users with fresh random passwords (20 characters). */
    public static LocalKafkaSettings.Scram withRandomPasswords(final SecureRandom random) {
        final Map<String, String> passwords = new LinkedHashMap<>();
        for (final String user : List.of(ADMIN, STREAMS, INTEGRATOR, OPS_CENTRE)) {
            final StringBuilder password = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            passwords.put(user, password.toString());
        }
        return new LocalKafkaSettings.Scram(ADMIN, passwords);
    }

    /** The README's ACLs for the streams application (with {@code applicationId}), the integrator and the ops centre. */
    public static List<AclBinding> acls(final TopicCatalogue topics, final String applicationId) {
        final List<AclBinding> acls = new ArrayList<>(LeastPrivilege.streamsApp(topics, applicationId, "User:" + STREAMS));
        acls.addAll(LeastPrivilege.integrator(topics, "User:" + INTEGRATOR));
        acls.addAll(LeastPrivilege.opsCentre(topics, "User:" + OPS_CENTRE, OPS_CENTRE_GROUPS));
        return List.copyOf(acls);
    }

    /** Creates {@code acls} on {@code kafka} as its admin and waits for them. */
    public static void grant(final LocalKafka kafka, final List<AclBinding> acls, final Duration timeout) {
        try (Admin admin = kafka.createAdmin()) {
            admin.createAcls(acls).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new UserError("cannot create the ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new UserError("cannot create the ACLs: no answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the ACLs", e);
        }
    }

    /** {@code user}'s client settings as a properties snippet, headed by a comment saying what it may do. */
    public static String snippet(final LocalKafka kafka, final String user) {
        final StringBuilder text = new StringBuilder("# ").append(user).append(": ").append(role(user)).append('\n');
        kafka.clientProperties(user).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    private static String role(final String user) {
        return switch (user) {
            case ADMIN -> "super user (create topics, ACLs, users)";
            case STREAMS -> "the streams app (application.id " + STREAMS + "): its own prefix, reads inputs, alerts and "
                    + "acknowledgements, writes alerts, audit, dead-letter, late-data";
            case INTEGRATOR -> "writes temperature and location telemetry, nothing else";
            case OPS_CENTRE -> "reads alerts (consumer groups '" + OPS_CENTRE_GROUPS + "*'), acknowledges them, reads "
                    + "the audit log, nothing else";
            default -> "";
        };
    }
}
