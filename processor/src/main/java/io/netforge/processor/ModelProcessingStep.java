package io.netforge.processor;

import io.netforge.processor.codegen.GraphGenerator;
import io.netforge.processor.codegen.SourceFileGenerator;
import io.netforge.processor.codegen.TrainerGenerator;
import io.netforge.processor.model.ModelSpec;
import io.netforge.processor.model.ModelSummary;
import io.netforge.processor.validation.Diagnostics;
import io.netforge.processor.validation.Location;
import io.netforge.processor.validation.Message;
import io.netforge.processor.validation.ModelValidator;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;

/** The step for {@code @Model}: validate, build the model, write {@code <Model>Graph} and {@code <Model>Trainer}. */
final class ModelProcessingStep implements ProcessingStep {
    private final ModelValidator validator;
    private final List<SourceFileGenerator> generators;
    private final Diagnostics diagnostics;
    private final boolean verbose;

    ModelProcessingStep(ProcessingEnvironment env, boolean verbose) {
        this.validator = new ModelValidator(env.getElementUtils(), env.getTypeUtils(), env.getMessager());
        this.generators = List.of(
                new GraphGenerator(env.getFiler(), env.getElementUtils()),
                new TrainerGenerator(env.getFiler(), env.getElementUtils()));
        this.diagnostics = new Diagnostics(env.getMessager());
        this.verbose = verbose;
    }

    @Override
    public void process(TypeElement type) {
        Optional<ModelSpec> model = validator.validate(type);
        if (model.isEmpty()) {
            return;
        }
        for (SourceFileGenerator generator : generators) {
            try {
                generator.generate(model.get(), type);
            } catch (IOException e) {
                diagnostics.report(Message.GENERATION_FAILED, Location.of(type), type.getQualifiedName(),
                        generator.fileName(model.get()), e.getMessage());
            }
        }
        if (verbose) {
            diagnostics.report(Message.MODEL_SUMMARY, Location.of(type), ModelSummary.of(model.get()));
        }
    }
}
