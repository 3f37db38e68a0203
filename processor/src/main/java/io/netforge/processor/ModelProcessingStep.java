package io.netforge.processor;

import io.netforge.processor.codegen.GraphGenerator;
import io.netforge.processor.codegen.SourceFileGenerator;
import io.netforge.processor.codegen.TrainerGenerator;
import io.netforge.processor.model.MemoryEstimate;
import io.netforge.processor.model.ModelSpec;
import io.netforge.processor.model.ModelSummary;
import io.netforge.processor.validation.Diagnostics;
import io.netforge.processor.validation.Location;
import io.netforge.processor.validation.Message;
import io.netforge.processor.validation.ModelValidator;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The step for {@code @Model}: validate, build the model, write {@code <Model>Graph}, {@code <Model>Trainer}
 * and the summary table {@code <Model>.summary.txt}.
 */
final class ModelProcessingStep implements ProcessingStep {
    private final ModelValidator validator;
    private final List<SourceFileGenerator> generators;
    private final Diagnostics diagnostics;
    private final Filer filer;
    private final boolean verbose;
    private final boolean runtimePresent;
    /** {@code -Anetforge.memoryBudget} as given, or null for the default. */
    private final String memoryBudget;

    ModelProcessingStep(ProcessingEnvironment env, boolean verbose) {
        this(env, verbose, null);
    }

    ModelProcessingStep(ProcessingEnvironment env, boolean verbose, String memoryBudget) {
        this.memoryBudget = memoryBudget;
        this.runtimePresent = TrainerGenerator.runtimePresent(env.getElementUtils());
        this.validator = new ModelValidator(env.getElementUtils(), env.getTypeUtils(), env.getMessager());
        this.generators = List.of(
                new GraphGenerator(env.getFiler(), env.getElementUtils()),
                new TrainerGenerator(env.getFiler(), env.getElementUtils()));
        this.diagnostics = new Diagnostics(env.getMessager());
        this.filer = env.getFiler();
        this.verbose = verbose;
    }

    @Override
    public void process(TypeElement type) {
        Optional<ModelSpec> model = validator.validate(type);
        if (model.isEmpty()) {
            return;
        }
        if (!runtimePresent) {
            diagnostics.report(Message.RUNTIME_NOT_ON_CLASSPATH, Location.of(type), type.getQualifiedName());
        }
        for (SourceFileGenerator generator : runtimePresent ? generators : List.<SourceFileGenerator>of()) {
            try {
                generator.generate(model.get(), type);
            } catch (IOException e) {
                diagnostics.report(
                        Message.GENERATION_FAILED,
                        Location.of(type),
                        type.getQualifiedName(),
                        generator.fileName(model.get()),
                        e.getMessage());
            }
        }
        ModelSummary summary = ModelSummary.of(model.get());
        String resource = summaryResource(model.get());
        try {
            FileObject file = filer.createResource(
                    StandardLocation.CLASS_OUTPUT, model.get().packageName(), resource, type);
            try (Writer out = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
                out.write(summary.table());
            }
        } catch (IOException e) {
            diagnostics.report(
                    Message.GENERATION_FAILED, Location.of(type), type.getQualifiedName(), resource, e.getMessage());
        }
        if (verbose) {
            diagnostics.report(Message.MODEL_SUMMARY, Location.of(type), summary.table());
        }
        checkMemory(type, model.get(), summary);
    }

    /** The memory budget (docs/annotations.md, "Memory budget"): a warning when training would need more. */
    private void checkMemory(TypeElement type, ModelSpec model, ModelSummary summary) {
        long budget;
        try {
            budget = memoryBudget == null ? MemoryEstimate.DEFAULT_BUDGET : MemoryEstimate.parseBudget(memoryBudget);
        } catch (IllegalArgumentException e) {
            diagnostics.report(Message.MEMORY_BUDGET_INVALID, Location.of(type), type.getSimpleName(), memoryBudget);
            return;
        }
        MemoryEstimate e = MemoryEstimate.of(model, summary);
        if (e.total() > budget) {
            diagnostics.report(
                    Message.MEMORY_OVER_BUDGET,
                    Location.of(type),
                    type.getSimpleName(),
                    MemoryEstimate.size(e.total()),
                    MemoryEstimate.size(e.parameterBytes()),
                    MemoryEstimate.size(e.activationBytes()),
                    e.batchSize(),
                    MemoryEstimate.size(budget));
        }
    }

    /** {@code MnistCnn.summary.txt}, in the model's package: the compile-time summary table. */
    static String summaryResource(ModelSpec model) {
        return model.generatedStem() + ".summary.txt";
    }
}
