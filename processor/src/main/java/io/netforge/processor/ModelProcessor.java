package io.netforge.processor;

import com.google.auto.service.AutoService;
import io.netforge.processor.validation.Diagnostics;
import io.netforge.processor.validation.Location;
import io.netforge.processor.validation.Message;
import io.netforge.processor.validation.Resolution;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Checks every {@code @Model} class at compile time and generates its {@code <Model>Graph} and
 * {@code <Model>Trainer}.
 *
 * <p>A class whose field or annotation types are not resolved yet (another processor may generate them)
 * is deferred to the next round, and reported if still unresolved in the last one. Any exception while
 * processing one class becomes an error on that class rather than a javac crash.
 *
 * <p>Option {@code -Anetforge.verbose=true} prints each model's layers, shapes and parameter counts as a note;
 * {@code -Anetforge.memoryBudget=8g} (the default) is the memory a model's training may need before a warning.
 */
@AutoService(Processor.class)
public final class ModelProcessor extends AbstractProcessor {
    static final String MODEL = io.netforge.annotations.Model.class.getCanonicalName();
    static final String VERBOSE = "netforge.verbose";
    static final String MEMORY_BUDGET = "netforge.memoryBudget";

    private final Function<ProcessingEnvironment, ProcessingStep> stepFactory;
    /** Qualified names, in the order first seen; elements are looked up again each round. */
    private final Set<String> deferred = new LinkedHashSet<>();

    private ProcessingStep step;
    private Diagnostics diagnostics;

    public ModelProcessor() {
        this(env -> new ModelProcessingStep(
                env,
                Boolean.parseBoolean(env.getOptions().get(VERBOSE)),
                env.getOptions().get(MEMORY_BUDGET)));
    }

    /** For tests: a processor running another step. */
    ModelProcessor(Function<ProcessingEnvironment, ProcessingStep> stepFactory) {
        this.stepFactory = stepFactory;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        this.step = stepFactory.apply(env);
        this.diagnostics = new Diagnostics(env.getMessager());
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(MODEL);
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(VERBOSE, MEMORY_BUDGET);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Elements elements = processingEnv.getElementUtils();
        Set<TypeElement> todo = new LinkedHashSet<>();
        for (String name : deferred) {
            TypeElement type = elements.getTypeElement(name);
            if (type != null) {
                todo.add(type);
            }
        }
        deferred.clear();
        TypeElement model = elements.getTypeElement(MODEL);
        if (model != null) {
            for (Element e : round.getElementsAnnotatedWith(model)) {
                if (e instanceof TypeElement type) {
                    todo.add(type);
                }
            }
        }
        for (TypeElement type : todo) {
            try {
                Optional<Element> unresolved = Resolution.firstUnresolved(type);
                if (unresolved.isEmpty()) {
                    step.process(type);
                } else if (round.processingOver()) {
                    Element e = unresolved.get();
                    String what = (e == type ? "class `" : "field `") + e.getSimpleName() + "`";
                    diagnostics.report(Message.UNRESOLVED_TYPE, Location.of(e), type.getQualifiedName(), what);
                } else {
                    deferred.add(type.getQualifiedName().toString());
                }
            } catch (RuntimeException e) {
                diagnostics.report(Message.INTERNAL_ERROR, Location.of(type), type.getQualifiedName(), e);
            }
        }
        return false;
    }
}
