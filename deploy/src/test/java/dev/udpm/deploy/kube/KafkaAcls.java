package dev.udpm.deploy.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.udpm.deploy.config.ServiceConfig;

/**
 * Kafka ACLs as Strimzi's KafkaUser writes them, and the ones a service needs, derived from its configuration:
 * {@code mp.messaging.incoming.*} channels read their topic in their group, {@code mp.messaging.outgoing.*}
 * channels and dead-letter queues write their topic, Kafka Streams reads its source topics in its application id.
 */
final class KafkaAcls {

    /**
     * One rule: {@code operation} on resource {@code type}/{@code name}, the name a prefix if {@code prefix}.
     *
     * @param where the manifest path or configuration key it comes from, for messages
     */
    record Acl(String type, String name, boolean prefix, String operation, String where) {

        /** Whether this granted rule allows {@code needed} (Read and Write imply Describe; All implies all). */
        boolean allows(Acl needed) {
            boolean resource = type.equals(needed.type())
                    && (prefix ? needed.name().startsWith(name) : !needed.prefix() && name.equals(needed.name()))
                    && (!needed.prefix() || prefix);
            boolean operationCovered = operation.equals("All") || operation.equals(needed.operation())
                    || (needed.operation().equals("Describe") && (operation.equals("Read") || operation.equals("Write")));
            return resource && operationCovered;
        }

        @Override
        public String toString() {
            return operation + " " + type + " " + name + (prefix ? "*" : "") + " (" + where + ")";
        }
    }

    private KafkaAcls() {
    }

    /** The ACLs a KafkaUser grants, one per resource and operation. */
    static List<Acl> granted(Manifest user) {
        List<Acl> acls = new ArrayList<>();
        for (Node rule : user.at("spec", "authorization", "acls").items()) {
            String type = rule.at("resource", "type").text();
            String name = rule.at("resource", "name").optionalText().orElse("");
            boolean prefix = "prefix".equals(rule.at("resource", "patternType").optionalText().orElse("literal"));
            for (Node operation : rule.at("operations").items()) {
                acls.add(new Acl(type, name, prefix, operation.text(), rule.where()));
            }
        }
        return acls;
    }

    /**
     * What {@code service} needs: Read on each incoming channel's topic and group ({@code ${...}} in a group id
     * means one group per instance: the part before it, as a prefix), Write on each outgoing channel's and
     * dead-letter queue's topic, Read on Kafka Streams' source topics and its application id as a group.
     */
    static List<Acl> needed(ServiceConfig service) {
        List<Acl> acls = new ArrayList<>();
        String in = "mp.messaging.incoming.";
        String out = "mp.messaging.outgoing.";
        for (String key : service.propertyNames(in)) {
            if (key.endsWith(".topic") && !key.endsWith(".dead-letter-queue.topic")) {
                acls.add(new Acl("topic", service.property(key).orElseThrow(), false, "Read", key));
            } else if (key.endsWith(".dead-letter-queue.topic")) {
                acls.add(new Acl("topic", service.property(key).orElseThrow(), false, "Write", key));
            } else if (key.endsWith(".group.id")) {
                acls.add(group(service.rawProperty(key).orElseThrow(), key));
            }
        }
        for (String key : service.propertyNames(out)) {
            if (key.endsWith(".topic")) {
                acls.add(new Acl("topic", service.property(key).orElseThrow(), false, "Write", key));
            }
        }
        service.property("quarkus.kafka-streams.topics").ifPresent(topics -> {
            for (String topic : topics.split(",")) {
                acls.add(new Acl("topic", topic.trim(), false, "Read", "quarkus.kafka-streams.topics"));
            }
        });
        service.property("quarkus.kafka-streams.application-id").ifPresent(id -> acls.add(
                new Acl("group", id, false, "Read", "quarkus.kafka-streams.application-id")));
        return acls;
    }

    private static Acl group(String raw, String key) {
        int reference = raw.indexOf("${");
        return reference < 0 ? new Acl("group", raw, false, "Read", key)
                : new Acl("group", raw.substring(0, reference), true, "Read", key);
    }

    /** The operations a KafkaUser of the fleet may hold: data access only. */
    static boolean isDataOperation(String operation) {
        return List.of("read", "write", "describe").contains(operation.toLowerCase(Locale.ROOT));
    }
}
