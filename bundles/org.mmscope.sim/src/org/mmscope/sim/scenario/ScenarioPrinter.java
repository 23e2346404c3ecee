package org.mmscope.sim.scenario;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a validated scenario back as text in canonical form: one statement per line, four spaces
 * per level, every argument explicit (defaults included), positional arguments first, keywords in
 * schema order, addresses in 0x hex, sizes and times with their largest exact unit, ranges as
 * {@code START..+SIZE}. Parsing the output gives a scenario equal to the one printed.
 */
public final class ScenarioPrinter {

    private static final String INDENT = "    ";

    private final SchemaRegistry registry;

    /** A printer for the standard language. */
    public ScenarioPrinter() {
        this(SchemaRegistry.standard());
    }

    /** A printer for the language of {@code registry} (it says which numbers are addresses). */
    public ScenarioPrinter(SchemaRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** {@code scenario} in canonical form, with the standard language. */
    public static String print(Scenario scenario) {
        return new ScenarioPrinter().format(scenario);
    }

    /** {@code scenario} in canonical form. */
    public String format(Scenario scenario) {
        StringBuilder out = new StringBuilder();
        for (Statement statement : scenario.statements()) {
            statement(out, statement, "");
        }
        return out.toString();
    }

    /** One statement and its body, ending with a new line. */
    public String format(Statement statement) {
        StringBuilder out = new StringBuilder();
        statement(out, statement, "");
        return out.toString();
    }

    private void statement(StringBuilder out, Statement statement, String indent) {
        out.append(indent);
        head(out, statement);
        Optional<StatementSchema> schema = registry.schema(statement.verb());
        BodyKind kind = schema.map(StatementSchema::body).orElse(BodyKind.BLOCK);
        boolean required = schema.map(StatementSchema::isBodyRequired).orElse(false);
        boolean inline = schema.map(StatementSchema::prefersInlineBody).orElse(false);
        List<Statement> block = statement.block();
        if (block.isEmpty()) {
            if (required) {
                out.append(kind == BodyKind.ACTION ? " -> {}" : " {}");
            }
            out.append('\n');
            return;
        }
        boolean single = block.size() == 1 && block.get(0).block().isEmpty();
        if (single && (kind == BodyKind.ACTION || inline)) {
            out.append(kind == BodyKind.ACTION ? " -> " : ": ");
            head(out, block.get(0));
            out.append('\n');
            return;
        }
        out.append(kind == BodyKind.ACTION ? " -> {\n" : " {\n");
        for (Statement child : block) {
            statement(out, child, indent + INDENT);
        }
        out.append(indent).append("}\n");
    }

    private void head(StringBuilder out, Statement statement) {
        out.append(statement.verb());
        Optional<StatementSchema> schema = registry.schema(statement.verb());
        for (Argument argument : statement.positional()) {
            out.append(' ').append(value(schema, argument));
        }
        for (Map.Entry<String, Argument> entry : statement.keyword().entrySet()) {
            out.append(' ').append(entry.getKey()).append('=').append(value(schema, entry.getValue()));
        }
    }

    private static String value(Optional<StatementSchema> schema, Argument argument) {
        boolean address = argument.name() != null
                && schema.flatMap(s -> s.param(argument.name())).map(Param::isAddressLike).orElse(false);
        return ValueFormat.format(argument.value(), address);
    }
}
