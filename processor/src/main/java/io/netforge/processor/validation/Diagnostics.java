package io.netforge.processor.validation;

import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/** Prints {@link Message}s through the {@link Messager} and counts the errors of one model. */
public final class Diagnostics {
    private final Messager messager;
    private int errors;

    public Diagnostics(Messager messager) {
        this.messager = messager;
    }

    public void report(Message message, Location at, Object... args) {
        if (message.kind() == Diagnostic.Kind.ERROR) {
            errors++;
        }
        String text = message.format(args);
        if (at.value() != null) {
            messager.printMessage(message.kind(), text, at.element(), at.mirror(), at.value());
        } else if (at.mirror() != null) {
            messager.printMessage(message.kind(), text, at.element(), at.mirror());
        } else {
            messager.printMessage(message.kind(), text, at.element());
        }
    }

    public int errorCount() {
        return errors;
    }

    public boolean isClean() {
        return errors == 0;
    }
}
