package org.mmscope.sim.scenario;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one statement looks like: its verb (two words for a sub-command such as {@code pool alloc}),
 * its positional and keyword {@link Param}s, its body, where it may appear, and extra
 * {@link SemanticCheck}s. Schemas are data: adding a statement means adding a schema to a
 * {@link SchemaRegistry}, never changing the parser. Immutable; built with {@link #builder(String)}.
 */
public final class StatementSchema {

    private final String verb;
    private final String summary;
    private final List<Param> positional;
    private final List<Param> keywords;
    private final BodyKind body;
    private final BodyScope bodyScope;
    private final boolean bodyRequired;
    private final boolean repeatsBody;
    private final boolean inlineBody;
    private final Set<Context> contexts;
    private final boolean direct;
    private final List<SemanticCheck> checks;
    private final String example;

    private StatementSchema(Builder b) {
        this.verb = b.verb;
        this.summary = b.summary;
        this.positional = List.copyOf(b.positional);
        this.keywords = List.copyOf(b.keywords);
        this.body = b.body;
        this.bodyScope = b.bodyScope;
        this.bodyRequired = b.bodyRequired;
        this.repeatsBody = b.repeatsBody;
        this.inlineBody = b.inlineBody;
        this.contexts = Set.copyOf(b.contexts);
        this.direct = b.direct;
        this.checks = List.copyOf(b.checks);
        this.example = b.example;
        if (contexts.isEmpty()) {
            throw new IllegalArgumentException("'" + verb + "' is allowed nowhere");
        }
        List<String> names = new ArrayList<>();
        for (Param p : positional) {
            names.add(p.name());
        }
        for (Param p : keywords) {
            if (names.contains(p.name())) {
                throw new IllegalArgumentException("'" + verb + "' has two parameters named " + p.name());
            }
            names.add(p.name());
        }
    }

    /** Starts a schema for {@code verb} ("commit", or "pool alloc" for a sub-command). */
    public static Builder builder(String verb) {
        return new Builder(verb);
    }

    /** The verb, one or two words. */
    public String verb() {
        return verb;
    }

    /** One line: what the statement does. */
    public String summary() {
        return summary;
    }

    /** Positional parameters, in order. */
    public List<Param> positional() {
        return positional;
    }

    /** Keyword parameters, in canonical order. */
    public List<Param> keywords() {
        return keywords;
    }

    /** The positional or keyword parameter named {@code name}. */
    public Optional<Param> param(String name) {
        for (Param p : positional) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return keyword(name);
    }

    /** The keyword parameter named {@code name}. */
    public Optional<Param> keyword(String name) {
        for (Param p : keywords) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** What body the statement takes. */
    public BodyKind body() {
        return body;
    }

    /** Where the body's statements are checked. */
    public BodyScope bodyScope() {
        return bodyScope;
    }

    /** True when a body must be written. */
    public boolean isBodyRequired() {
        return bodyRequired;
    }

    /** True when the body may run more than once (repeat, pressure): no name may be defined there. */
    public boolean repeatsBody() {
        return repeatsBody;
    }

    /** True when the printer writes a one-statement body after ':' on the same line. */
    public boolean prefersInlineBody() {
        return inlineBody;
    }

    /** Where the statement may appear. */
    public Set<Context> contexts() {
        return contexts;
    }

    /** True when it may appear in {@code context}. */
    public boolean allowedIn(Context context) {
        return contexts.contains(context);
    }

    /** True when it may not be inside the body of repeat, at, pressure or in. */
    public boolean isDirect() {
        return direct;
    }

    /** Extra rules. */
    public List<SemanticCheck> checks() {
        return checks;
    }

    /** An example line for the documentation and messages. */
    public String example() {
        return example;
    }

    /** The usage line: {@code commit ADDRESS [PROTECTION] size=SIZE}. */
    public String usage() {
        StringBuilder out = new StringBuilder(verb);
        for (int i = 0; i < positional.size(); i++) {
            Param p = positional.get(i);
            String text = p.placeholder();
            if (i + 1 < positional.size() && positional.get(i + 1).isAfterLiteral()) {
                text += " " + positional.get(++i).placeholder();
            }
            out.append(' ').append(p.isRequired() ? text : "[" + text + "]");
        }
        for (Param p : keywords) {
            String text = p.name() + "=" + p.placeholder();
            out.append(' ').append(p.isRequired() ? text : "[" + text + "]");
        }
        String bodyText = switch (body) {
            case NONE -> "";
            case BLOCK -> inlineBody ? ": STATEMENT" : " { STATEMENTS }";
            case ACTION -> " -> STATEMENT";
        };
        if (!bodyText.isEmpty()) {
            out.append(bodyRequired ? bodyText : " [" + bodyText.strip() + "]");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return usage();
    }

    /** Builds a {@link StatementSchema}. */
    public static final class Builder {
        private final String verb;
        private String summary = "";
        private final List<Param> positional = new ArrayList<>();
        private final List<Param> keywords = new ArrayList<>();
        private BodyKind body = BodyKind.NONE;
        private BodyScope bodyScope = BodyScope.NONE;
        private boolean bodyRequired;
        private boolean repeatsBody;
        private boolean inlineBody;
        private final Set<Context> contexts = EnumSet.noneOf(Context.class);
        private boolean direct;
        private final List<SemanticCheck> checks = new ArrayList<>();
        private String example = "";

        private Builder(String verb) {
            this.verb = Objects.requireNonNull(verb, "verb");
        }

        /** What the statement does, in one line. */
        public Builder summary(String text) {
            this.summary = text;
            return this;
        }

        /** Where it may appear. */
        public Builder in(Context... where) {
            contexts.addAll(List.of(where));
            return this;
        }

        /** Appends a positional parameter. */
        public Builder positional(Param param) {
            positional.add(param);
            return this;
        }

        /** Appends a keyword parameter. */
        public Builder keyword(Param param) {
            keywords.add(param);
            return this;
        }

        /** The statement takes a body of {@code kind} whose statements are checked in {@code scope}. */
        public Builder body(BodyKind kind, BodyScope scope) {
            this.body = kind;
            this.bodyScope = scope;
            return this;
        }

        /** The body must be written. */
        public Builder bodyRequired() {
            this.bodyRequired = true;
            return this;
        }

        /** The body may run several times. */
        public Builder repeatsBody() {
            this.repeatsBody = true;
            return this;
        }

        /** Print a one-statement body after ':'. */
        public Builder inlineBody() {
            this.inlineBody = true;
            return this;
        }

        /** Not inside the body of repeat, at, pressure or in. */
        public Builder direct() {
            this.direct = true;
            return this;
        }

        /** Adds a rule. */
        public Builder check(SemanticCheck check) {
            checks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /** An example line. */
        public Builder example(String line) {
            this.example = line;
            return this;
        }

        /** The schema. */
        public StatementSchema build() {
            return new StatementSchema(this);
        }
    }
}
