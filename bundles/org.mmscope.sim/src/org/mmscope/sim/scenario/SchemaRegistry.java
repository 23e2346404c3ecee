package org.mmscope.sim.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The statements a scenario may use, by verb, plus the counters conditions may test and the words
 * no name may take. Immutable; {@link #standard()} is the built-in language and
 * {@link #with(StatementSchema...)} extends it (a new issue adds schemas, not parser code).
 */
public final class SchemaRegistry {

    private static final SchemaRegistry STANDARD = builder()
            .addAll(CoreSchemas.all())
            .addAll(MemorySchemas.all())
            .addAll(SectionSchemas.all())
            .addAll(PoolSchemas.all())
            .conditionVariables(CoreSchemas.CONDITION_VARIABLES)
            .reservedNames(List.of("all"))
            .build();

    private final Map<String, StatementSchema> schemas;
    private final List<String> conditionVariables;
    private final Set<String> reservedNames;

    private SchemaRegistry(Builder b) {
        this.schemas = java.util.Collections.unmodifiableMap(new TreeMap<>(b.schemas));
        this.conditionVariables = List.copyOf(b.conditionVariables);
        this.reservedNames = Set.copyOf(b.reservedNames);
    }

    /** The built-in scenario language (docs/scenario-format.md). */
    public static SchemaRegistry standard() {
        return STANDARD;
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** This registry plus {@code more} (a schema with an existing verb replaces it). */
    public SchemaRegistry with(StatementSchema... more) {
        return builder().addAll(schemas.values()).addAll(List.of(more)).conditionVariables(conditionVariables)
                .reservedNames(reservedNames).build();
    }

    /** The schema for {@code verb} (one or two words). */
    public Optional<StatementSchema> schema(String verb) {
        return Optional.ofNullable(schemas.get(verb));
    }

    /** Every schema, sorted by verb. */
    public Collection<StatementSchema> schemas() {
        return schemas.values();
    }

    /** Every verb, sorted. */
    public List<String> verbs() {
        return List.copyOf(schemas.keySet());
    }

    /** Sorted verbs of the statements allowed in {@code context} (thread statements count as allowed in a process). */
    public List<String> verbsAllowedIn(Context context) {
        List<String> result = new ArrayList<>();
        for (StatementSchema s : schemas.values()) {
            if (s.allowedIn(context) || (context == Context.PROCESS && s.allowedIn(Context.THREAD))) {
                result.add(s.verb());
            }
        }
        return result;
    }

    /** The second words of the two-word verbs starting with {@code first} ("alloc", "free" for "pool"). */
    public List<String> subcommands(String first) {
        List<String> result = new ArrayList<>();
        String prefix = first + " ";
        for (String verb : schemas.keySet()) {
            if (verb.startsWith(prefix)) {
                result.add(verb.substring(prefix.length()));
            }
        }
        return result;
    }

    /** The counters a condition may test, in pages. */
    public List<String> conditionVariables() {
        return conditionVariables;
    }

    /** Words no process, thread, section or pool block may be named ("all"). */
    public Set<String> reservedNames() {
        return reservedNames;
    }

    /** Builds a {@link SchemaRegistry}. */
    public static final class Builder {
        private final Map<String, StatementSchema> schemas = new TreeMap<>();
        private final Set<String> conditionVariables = new LinkedHashSet<>();
        private final Set<String> reservedNames = new LinkedHashSet<>();

        private Builder() {
        }

        /** Adds (or replaces) a schema. */
        public Builder add(StatementSchema schema) {
            schemas.put(schema.verb(), schema);
            return this;
        }

        /** Adds (or replaces) schemas. */
        public Builder addAll(Collection<StatementSchema> more) {
            for (StatementSchema s : more) {
                add(s);
            }
            return this;
        }

        /** Adds counters conditions may test. */
        public Builder conditionVariables(Collection<String> names) {
            conditionVariables.addAll(names);
            return this;
        }

        /** Adds reserved words. */
        public Builder reservedNames(Collection<String> names) {
            reservedNames.addAll(names);
            return this;
        }

        /** The registry. */
        public SchemaRegistry build() {
            return new SchemaRegistry(this);
        }
    }
}
