package org.mmscope.codegen;

/** A generation problem worth one clear sentence (bad genmodel, bad option); never a stack trace. */
public final class CodegenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodegenException(String message) {
        super("[mmscope-codegen] " + message);
    }
}
