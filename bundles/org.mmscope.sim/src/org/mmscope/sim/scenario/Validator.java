package org.mmscope.sim.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks generic statements against a {@link SchemaRegistry} and builds the {@link Scenario}:
 * <ul>
 * <li>every verb is known (else the closest one is suggested) and allowed where it is written;</li>
 * <li>arguments are bound to parameters, converted to their types, and checked (bounds,
 * alignment, powers of two, counters of conditions); defaults are filled in;</li>
 * <li>bodies are written as the schema wants ('{', ':' or '->');</li>
 * <li>names are defined once before use (processes, threads per process, sections, pool blocks);
 * nothing that defines a name sits in a body that may run several times;</li>
 * <li>files: the first statement naming a file gives its size; read-ahead without file= uses the
 * file last mapped in its process; inject file= names a file the scenario uses;</li>
 * <li>the schemas' {@link SemanticCheck}s pass;</li>
 * <li>{@link Limits}: processes, threads, paging files, and statements after expanding repeat.</li>
 * </ul>
 * The first problem found is thrown as a {@link ScenarioException} at the token at fault.
 */
public final class Validator {

    private final SchemaRegistry registry;

    /** A validator for the language of {@code registry}. */
    public Validator(SchemaRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * The scenario of {@code syntax}, the parser's top-level statements.
     *
     * @throws ScenarioException at the first error
     */
    public Scenario validate(List<Statement> syntax) throws ScenarioException {
        return new Run().validate(syntax);
    }

    /** Where a statement is being checked. */
    private record Scope(Context context, boolean nested, boolean repeating, String process, String enclosing) {
        static Scope top() {
            return new Scope(Context.TOP, false, false, null, null);
        }
    }

    /** A check to run once every statement has been seen. */
    @FunctionalInterface
    private interface Deferred {
        void run() throws ScenarioException;
    }

    /** The state of one validation. */
    private final class Run {
        private MachineSpec machine;
        private final Map<String, Map<String, SourcePosition>> names = new HashMap<>();
        private final Map<String, SourcePosition> files = new HashMap<>();
        private final Map<String, String> lastFileOfProcess = new HashMap<>();
        private final List<Deferred> deferred = new ArrayList<>();
        private final List<ProcessSpec> processes = new ArrayList<>();
        private final Map<Statement, Statement> prevalidated = new IdentityHashMap<>();
        private int processCount;

        Scenario validate(List<Statement> syntax) throws ScenarioException {
            validateMachine(syntax);
            List<Statement> statements = block(syntax, Scope.top());
            for (Deferred check : deferred) {
                check.run();
            }
            return new Scenario(machine, processes, statements);
        }

        // --- machine ------------------------------------------------------------------------------

        private void validateMachine(List<Statement> syntax) throws ScenarioException {
            Statement machineStatement = null;
            List<PagingFileSpec> pagingFiles = new ArrayList<>();
            List<Statement> pagefiles = new ArrayList<>();
            for (Statement raw : syntax) {
                if (raw.verb().equals("machine")) {
                    if (machineStatement != null) {
                        throw new ScenarioException(raw.position(), "'machine' is given twice (first at line "
                                + machineStatement.position().line() + ")");
                    }
                    machineStatement = statement(raw, Scope.top());
                    prevalidated.put(raw, machineStatement);
                } else if (raw.verb().equals("pagefile")) {
                    pagefiles.add(raw);
                }
            }
            if (machineStatement == null) {
                SourcePosition start = syntax.isEmpty() ? new SourcePosition("<defaults>", 1, 1) : syntax.get(0).position();
                machineStatement = statement(new Statement("machine", List.of(), Map.of(), List.of(), BodyStyle.NONE,
                        start, start), Scope.top());
            } else if (machineStatement.has("pagefile")) {
                pagingFiles.add(new PagingFileSpec(0, machineStatement.size("pagefile")));
            }
            for (Statement raw : pagefiles) {
                if (pagingFiles.size() == Limits.MAX_PAGING_FILES) {
                    throw new ScenarioException(raw.position(), "too many paging files (at most "
                            + Limits.MAX_PAGING_FILES + ")");
                }
                Statement validated = statement(raw, Scope.top());
                prevalidated.put(raw, validated);
                pagingFiles.add(new PagingFileSpec(pagingFiles.size(), validated.size("size")));
            }
            machine = MachineSpec.of(machineStatement, pagingFiles);
        }

        // --- blocks and statements ----------------------------------------------------------------

        private List<Statement> block(List<Statement> raws, Scope scope) throws ScenarioException {
            List<Statement> result = new ArrayList<>();
            long total = 0;
            for (Statement raw : raws) {
                Statement validated = prevalidated.containsKey(raw) && scope.context() == Context.TOP && !scope.nested()
                        ? prevalidated.get(raw)
                        : statement(raw, scope);
                total = saturatingAdd(total, expandedSize(validated));
                if (total > Limits.MAX_EXPANDED_STATEMENTS) {
                    SourcePosition at = validated.verb().equals("repeat")
                            ? validated.find("count").orElseThrow().position()
                            : validated.position();
                    throw new ScenarioException(at, "the scenario would run more than "
                            + ScenarioText.grouped(Limits.MAX_EXPANDED_STATEMENTS)
                            + " statements once repeat loops are expanded; this statement goes past the limit");
                }
                result.add(validated);
            }
            return result;
        }

        private Statement statement(Statement raw, Scope scope) throws ScenarioException {
            Resolved resolved = resolve(raw, scope);
            StatementSchema schema = resolved.schema();
            Context effective = placement(schema, raw, scope);
            List<Argument> positional = bindPositional(schema, raw, resolved.arguments());
            Map<String, Argument> keyword = bindKeywords(schema, raw);
            Statement validated = new Statement(schema.verb(), positional, keyword, List.of(), raw.bodyStyle(),
                    raw.position(), raw.bodyPosition());
            resolveNames(schema, validated, scope);
            validated = files(validated, scope);
            CheckContext checkContext = checkContext(effective, scope);
            for (SemanticCheck check : schema.checks()) {
                check.check(validated, checkContext);
            }
            List<Statement> body = body(schema, raw, validated, effective, scope);
            validated = new Statement(validated.verb(), validated.positional(), validated.keyword(), body,
                    raw.bodyStyle(), raw.position(), raw.bodyPosition());
            if (schema.verb().equals("repeat")) {
                long size = expandedSize(validated);
                if (size > Limits.MAX_EXPANDED_STATEMENTS) {
                    long count = validated.number("count");
                    throw new ScenarioException(validated.find("count").orElseThrow().position(), "repeat "
                            + ScenarioText.grouped(count) + " would run more than "
                            + ScenarioText.grouped(Limits.MAX_EXPANDED_STATEMENTS)
                            + " statements once expanded (nested repeat counts multiply); lower the count");
                }
            }
            if (schema.verb().equals("process")) {
                processes.add(processSpec(validated));
            }
            return validated;
        }

        private CheckContext checkContext(Context effective, Scope scope) {
            MachineSpec known = machine;
            return new CheckContext() {
                @Override
                public Context context() {
                    return effective;
                }

                @Override
                public MachineSpec machine() {
                    return known;
                }

                @Override
                public Optional<String> process() {
                    return Optional.ofNullable(scope.process());
                }

                @Override
                public boolean nested() {
                    return scope.nested();
                }
            };
        }

        // --- verbs and placement ------------------------------------------------------------------

        private record Resolved(StatementSchema schema, List<Argument> arguments) {
        }

        private Resolved resolve(Statement raw, Scope scope) throws ScenarioException {
            Optional<StatementSchema> direct = registry.schema(raw.verb());
            if (direct.isPresent()) {
                return new Resolved(direct.get(), raw.positional());
            }
            List<String> subcommands = registry.subcommands(raw.verb());
            if (!subcommands.isEmpty()) {
                if (!raw.positional().isEmpty() && raw.positional().get(0).value() instanceof Value.Name sub) {
                    Optional<StatementSchema> two = registry.schema(raw.verb() + " " + sub.text());
                    if (two.isPresent()) {
                        return new Resolved(two.get(), raw.positional().subList(1, raw.positional().size()));
                    }
                    throw new ScenarioException(raw.positional().get(0).position(), "unknown statement '" + raw.verb()
                            + " " + sub.text() + "'" + Suggestions.didYouMean(sub.text(), subcommands, raw.verb() + " ", "")
                            + "; expected one of: " + ScenarioText.orList(prefixed(raw.verb(), subcommands)));
                }
                throw new ScenarioException(raw.position(), "'" + raw.verb() + "' needs a sub-command: "
                        + ScenarioText.orList(prefixed(raw.verb(), subcommands)));
            }
            List<String> allowed = registry.verbsAllowedIn(scope.context());
            List<String> candidates = new ArrayList<>(registry.verbs());
            for (String verb : registry.verbs()) {
                int space = verb.indexOf(' ');
                if (space > 0) {
                    candidates.add(verb.substring(0, space));
                }
            }
            throw new ScenarioException(raw.position(), "unknown statement '" + raw.verb() + "'"
                    + Suggestions.didYouMean(raw.verb(), candidates, "", "") + "; expected one of: "
                    + String.join(", ", allowed));
        }

        private static List<String> prefixed(String verb, List<String> subcommands) {
            return subcommands.stream().map(s -> verb + " " + s).toList();
        }

        private Context placement(StatementSchema schema, Statement raw, Scope scope) throws ScenarioException {
            Context context = scope.context();
            Context effective;
            if (schema.allowedIn(context)) {
                effective = context;
            } else if (context == Context.PROCESS && schema.allowedIn(Context.THREAD)) {
                effective = Context.THREAD;
            } else {
                List<String> places = new ArrayList<>();
                for (Context c : Context.values()) {
                    if (schema.allowedIn(c)) {
                        places.add(c == Context.THREAD ? "in a thread (or directly in a process)" : c.phrase());
                    }
                }
                throw new ScenarioException(raw.position(), "'" + schema.verb() + "' is not allowed "
                        + context.phrase() + (scope.nested() ? " (inside '" + scope.enclosing() + "')" : "")
                        + "; it belongs " + ScenarioText.orList(places));
            }
            if (schema.isDirect() && scope.nested()) {
                throw new ScenarioException(raw.position(), "'" + schema.verb() + "' must be written "
                        + (schema.allowedIn(Context.TOP) ? "at top level" : "directly in a process")
                        + ", not inside '" + scope.enclosing() + "'");
            }
            return effective;
        }

        // --- arguments ----------------------------------------------------------------------------

        private List<Argument> bindPositional(StatementSchema schema, Statement raw, List<Argument> arguments)
                throws ScenarioException {
            List<Param> slots = schema.positional();
            Argument[] assigned = new Argument[slots.size()];
            int next = 0;
            for (Argument argument : arguments) {
                int j = next;
                while (j < slots.size() && !slots.get(j).accepts(argument.value()) && !slots.get(j).isRequired()) {
                    j++;
                }
                if (j < slots.size() && slots.get(j).accepts(argument.value())) {
                    assigned[j] = argument;
                    next = j + 1;
                    continue;
                }
                if (j < slots.size()) {
                    slots.get(j).convert(argument, "for '" + schema.verb() + "'", slots.get(j).name() + " " + argument.text());
                }
                for (int k = next; k < slots.size(); k++) {
                    if (slots.get(k).acceptsKind(argument.value())) {
                        slots.get(k).convert(argument, "for '" + schema.verb() + "'", argument.text());
                    }
                }
                throw new ScenarioException(argument.position(), "unexpected argument " + shown(argument) + " for '"
                        + schema.verb() + "'; usage: " + schema.usage());
            }
            List<Argument> result = new ArrayList<>();
            for (int k = 0; k < slots.size(); k++) {
                Param slot = slots.get(k);
                Argument argument = assigned[k];
                if (slot.isAfterLiteral() && k > 0) {
                    Argument literal = assigned[k - 1];
                    if (argument != null && literal == null) {
                        throw new ScenarioException(argument.position(), "write '" + slots.get(k - 1).name()
                                + "' before " + shown(argument) + ", like: " + schema.example());
                    }
                    if (argument == null && literal != null) {
                        throw new ScenarioException(literal.position(), "expected " + slot.phrase() + " after '"
                                + slots.get(k - 1).name() + "'");
                    }
                }
                if (argument != null) {
                    Value value = slot.convert(argument, "for '" + schema.verb() + "'", slot.name() + " " + argument.text());
                    checkCondition(value, argument);
                    result.add(argument.bound(slot.name(), value));
                } else if (slot.isRequired()) {
                    throw new ScenarioException(raw.position(), "'" + schema.verb() + "' needs " + slot.phrase()
                            + "; usage: " + schema.usage());
                } else if (slot.defaultValue() != null) {
                    result.add(defaultArgument(slot, raw));
                }
            }
            return result;
        }

        private Map<String, Argument> bindKeywords(StatementSchema schema, Statement raw) throws ScenarioException {
            Map<String, Argument> given = new HashMap<>();
            for (Map.Entry<String, Argument> entry : raw.keyword().entrySet()) {
                String key = entry.getKey();
                Argument argument = entry.getValue();
                Optional<Param> param = schema.keyword(key);
                if (param.isEmpty()) {
                    List<String> keys = schema.keywords().stream().map(Param::name).toList();
                    throw new ScenarioException(argument.keyPosition(), "'" + schema.verb() + "' has no argument '"
                            + key + "='" + Suggestions.didYouMean(key, keys, "", "=")
                            + (keys.isEmpty() ? "; it takes no key=value argument"
                                    : "; it takes " + ScenarioText.orList(keys.stream().map(k -> k + "=").toList())));
                }
                Value value = param.get().convert(argument, "after '" + key + "='", key + "=" + argument.text());
                checkCondition(value, argument);
                given.put(key, argument.bound(key, value));
            }
            Map<String, Argument> result = new LinkedHashMap<>();
            for (Param param : schema.keywords()) {
                Argument argument = given.get(param.name());
                if (argument != null) {
                    result.put(param.name(), argument);
                } else if (param.isRequired()) {
                    throw new ScenarioException(raw.position(), "'" + schema.verb() + "' needs " + param.name() + "=, "
                            + param.phrase() + "; usage: " + schema.usage());
                } else if (param.defaultValue() != null) {
                    result.put(param.name(), defaultArgument(param, raw));
                }
            }
            return result;
        }

        private static Argument defaultArgument(Param param, Statement raw) {
            return new Argument(param.name(), param.defaultValue(),
                    ValueFormat.format(param.defaultValue(), param.isAddressLike()), raw.position(), raw.position());
        }

        private static String shown(Argument argument) {
            return argument.value() instanceof Value.Str ? argument.text() : "'" + argument.text() + "'";
        }

        private void checkCondition(Value value, Argument argument) throws ScenarioException {
            if (value instanceof Value.Condition condition
                    && !registry.conditionVariables().contains(condition.variable())) {
                throw new ScenarioException(argument.position(), "unknown counter '" + condition.variable() + "'"
                        + Suggestions.didYouMean(condition.variable(), registry.conditionVariables(), "", "")
                        + "; a condition tests one of: " + String.join(", ", registry.conditionVariables()));
            }
        }

        // --- names --------------------------------------------------------------------------------

        private void resolveNames(StatementSchema schema, Statement statement, Scope scope) throws ScenarioException {
            for (Param param : schema.positional()) {
                resolveName(schema, param, statement.find(param.name()), scope);
            }
            for (Param param : schema.keywords()) {
                resolveName(schema, param, Optional.ofNullable(statement.keyword().get(param.name())), scope);
            }
        }

        private void resolveName(StatementSchema schema, Param param, Optional<Argument> found, Scope scope)
                throws ScenarioException {
            if (param.nameUse() == Param.NameUse.NONE || found.isEmpty()
                    || !(found.get().value() instanceof Value.Name name)) {
                return;
            }
            Argument argument = found.get();
            String text = name.text();
            if (param.words().contains(text)) {
                return; // a reserved word such as 'all'
            }
            String space = param.namespace();
            String key = space.equals(Param.THREADS) ? space + "@" + scope.process() : space;
            Map<String, SourcePosition> defined = names.computeIfAbsent(key, k -> new LinkedHashMap<>());
            if (param.nameUse() == Param.NameUse.REFER) {
                if (!defined.containsKey(text)) {
                    throw new ScenarioException(argument.position(), "unknown " + space + " '" + text + "'"
                            + Suggestions.didYouMean(text, defined.keySet(), "", "")
                            + (defined.isEmpty() ? "; none is defined before this line"
                                    : "; defined before this line: " + String.join(", ", defined.keySet())));
                }
                return;
            }
            if (scope.repeating()) {
                throw new ScenarioException(argument.position(), "'" + schema.verb() + "' defines " + space + " '" + text
                        + "', so it cannot be inside '" + scope.enclosing() + "' (a body that may run more than once)");
            }
            if (registry.reservedNames().contains(text)) {
                throw new ScenarioException(argument.position(), "'" + text + "' is a reserved word; choose another "
                        + space + " name");
            }
            SourcePosition first = defined.get(text);
            if (first != null) {
                throw new ScenarioException(argument.position(), space + " '" + text + "' is already defined at line "
                        + first.line() + (space.equals(Param.THREADS) ? " of process '" + scope.process() + "'" : ""));
            }
            if (space.equals(Param.PROCESSES) && ++processCount > Limits.MAX_PROCESSES) {
                throw new ScenarioException(argument.position(), "too many processes (at most " + Limits.MAX_PROCESSES + ")");
            }
            if (space.equals(Param.THREADS) && defined.size() >= Limits.MAX_THREADS_PER_PROCESS) {
                throw new ScenarioException(argument.position(), "too many threads in process '" + scope.process()
                        + "' (at most " + Limits.MAX_THREADS_PER_PROCESS + ")");
            }
            defined.put(text, argument.position());
        }

        // --- files --------------------------------------------------------------------------------

        /** File rules of map, section create, section image, readahead and inject; may fill in readahead's file=. */
        private Statement files(Statement statement, Scope scope) throws ScenarioException {
            Optional<Argument> file = Optional.ofNullable(statement.keyword().get("file"));
            switch (statement.verb()) {
                case "map", "section create" -> {
                    if (file.isPresent()) {
                        String name = ((Value.Str) file.get().value()).text();
                        if (!files.containsKey(name)) {
                            if (!statement.has("size")) {
                                throw new ScenarioException(file.get().position(), "file " + file.get().text()
                                        + " is new here: the first statement that names a file gives its size with size=");
                            }
                            files.put(name, file.get().position());
                        }
                        if (statement.verb().equals("map") && scope.process() != null) {
                            lastFileOfProcess.put(scope.process(), name);
                        }
                    }
                }
                case "section image" -> {
                    // the image gives the file's size (header and sections) when the file is new
                    String name = ((Value.Str) file.orElseThrow().value()).text();
                    files.putIfAbsent(name, file.get().position());
                }
                case "readahead" -> {
                    if (file.isEmpty()) {
                        String last = scope.process() == null ? null : lastFileOfProcess.get(scope.process());
                        if (last == null) {
                            throw new ScenarioException(statement.position(), "'readahead' needs file=\"NAME\": "
                                    + (scope.process() == null ? "at top level there is no mapped file to default to"
                                            : "no file is mapped before it in process '" + scope.process() + "'"));
                        }
                        Map<String, Argument> keyword = new LinkedHashMap<>(statement.keyword());
                        keyword.put("file", new Argument("file", new Value.Str(last), "\"" + last + "\"",
                                statement.position(), statement.position()));
                        return new Statement(statement.verb(), statement.positional(), keyword, statement.block(),
                                statement.bodyStyle(), statement.position(), statement.bodyPosition());
                    }
                    requireKnownFileLater(file.get());
                }
                case "inject" -> file.ifPresent(this::requireKnownFileLater);
                default -> { }
            }
            return statement;
        }

        private void requireKnownFileLater(Argument file) {
            String name = ((Value.Str) file.value()).text();
            deferred.add(() -> {
                if (!files.containsKey(name)) {
                    throw new ScenarioException(file.position(), "no statement maps or creates file " + file.text()
                            + Suggestions.closest(name, files.keySet()).map(c -> " (did you mean \"" + c + "\"?)").orElse(""));
                }
            });
        }

        // --- bodies -------------------------------------------------------------------------------

        private List<Statement> body(StatementSchema schema, Statement raw, Statement validated, Context effective,
                Scope scope) throws ScenarioException {
            String verb = schema.verb();
            switch (schema.body()) {
                case NONE -> {
                    if (raw.bodyStyle() != BodyStyle.NONE) {
                        throw new ScenarioException(raw.bodyPosition(), "'" + verb + "' takes no body; usage: "
                                + schema.usage());
                    }
                    return List.of();
                }
                case BLOCK -> {
                    if (raw.bodyStyle() == BodyStyle.ARROW) {
                        throw new ScenarioException(raw.bodyPosition(), "'" + verb
                                + "' takes its body after ':' or in '{ }', not after '->'");
                    }
                }
                case ACTION -> {
                    if (raw.bodyStyle() == BodyStyle.BRACES || raw.bodyStyle() == BodyStyle.COLON) {
                        throw new ScenarioException(raw.bodyPosition(), "'" + verb
                                + "' takes its action after '->', like: " + schema.example());
                    }
                }
            }
            if (raw.bodyStyle() == BodyStyle.NONE) {
                if (schema.isBodyRequired()) {
                    throw new ScenarioException(raw.position(), "'" + verb + "' needs a body; usage: " + schema.usage());
                }
                return List.of();
            }
            boolean repeating = scope.repeating() || schema.repeatsBody();
            Scope inner = switch (schema.bodyScope()) {
                case NONE, SAME -> new Scope(effective, true, repeating, scope.process(), verb);
                case TOP -> new Scope(Context.TOP, true, repeating, null, verb);
                case PROCESS -> new Scope(Context.PROCESS, false, repeating, validated.word("name"), verb);
                case THREAD -> validated.find("process").map(a -> a.value())
                        .filter(v -> v instanceof Value.Name)
                        .map(v -> new Scope(Context.THREAD, true, repeating, ((Value.Name) v).text(), verb))
                        .orElse(new Scope(Context.THREAD, false, repeating, scope.process(), verb));
            };
            return block(raw.block(), inner);
        }

        private ProcessSpec processSpec(Statement process) throws ScenarioException {
            String name = process.word("name");
            List<ThreadSpec> threads = new ArrayList<>();
            List<Statement> implicitBody = new ArrayList<>();
            int implicitIndex = -1;
            Statement explicitMain = null;
            for (Statement statement : process.block()) {
                if (statement.verb().equals("thread")) {
                    String threadName = statement.word("name");
                    if (threadName.equals("main")) {
                        explicitMain = statement;
                    }
                    threads.add(new ThreadSpec(threadName, (int) statement.number("priority"), statement.block(), false));
                } else {
                    if (implicitIndex < 0) {
                        implicitIndex = threads.size();
                    }
                    implicitBody.add(statement);
                }
            }
            if (implicitIndex >= 0) {
                if (explicitMain != null) {
                    throw new ScenarioException(explicitMain.find("name").orElseThrow().position(),
                            "thread 'main' clashes with the implicit thread 'main' of process '" + name
                                    + "' (the statements written directly in its body, from line "
                                    + implicitBody.get(0).position().line() + "); rename this thread");
                }
                if (threads.size() >= Limits.MAX_THREADS_PER_PROCESS) {
                    throw new ScenarioException(implicitBody.get(0).position(), "too many threads in process '" + name
                            + "' (at most " + Limits.MAX_THREADS_PER_PROCESS + ", the implicit thread 'main' included)");
                }
                threads.add(implicitIndex, new ThreadSpec("main", 8, implicitBody, true));
            }
            return new ProcessSpec(name, process, threads);
        }
    }

    // --- expansion counting -------------------------------------------------------------------------

    /** How many statements {@code statement} runs, repeat bodies counted as many times as they run. */
    static long expandedSize(Statement statement) {
        long body = 0;
        for (Statement child : statement.block()) {
            body = saturatingAdd(body, expandedSize(child));
        }
        if (statement.verb().equals("repeat")) {
            body = saturatingMultiply(body, statement.number("count"));
        }
        return saturatingAdd(1, body);
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatingMultiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
