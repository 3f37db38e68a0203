package io.netforge.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import io.netforge.processor.model.ModelSpec;
import java.io.IOException;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Writes one generated source file per model: the writer's type plus what every generated file has,
 * {@code @Generated} (without a date, so output is reproducible) and exactly one originating element, the
 * model class, so incremental builds (Gradle's isolating mode) know what to recompile.
 */
public abstract class SourceFileGenerator {
    /** The processor's name as {@code @Generated} shows it. */
    public static final String GENERATOR = "io.netforge.processor.ModelProcessor";

    static final String COMMENTS = "NetForge: see docs/annotations.md";

    private final Filer filer;
    private final Elements elements;

    protected SourceFileGenerator(Filer filer, Elements elements) {
        this.filer = filer;
        this.elements = elements;
    }

    /** The generated type without {@code @Generated} and originating element; pure, for unit tests. */
    public abstract TypeSpec.Builder write(ModelSpec model);

    /** The file {@link #generate} would write, for messages and tests. */
    public abstract String fileName(ModelSpec model);

    /** Builds the complete file. */
    public JavaFile javaFile(ModelSpec model, TypeElement originatingElement) {
        TypeSpec.Builder type = write(model);
        if (elements.getTypeElement(RuntimeTypes.GENERATED.canonicalName()) != null) {
            type.addAnnotation(AnnotationSpec.builder(RuntimeTypes.GENERATED)
                    .addMember("value", "$S", GENERATOR)
                    .addMember("comments", "$S", COMMENTS)
                    .build());
        }
        type.addOriginatingElement(originatingElement);
        return JavaFile.builder(model.packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    /** Writes the file through the {@link Filer}. */
    public void generate(ModelSpec model, TypeElement originatingElement) throws IOException {
        javaFile(model, originatingElement).writeTo(filer);
    }
}
