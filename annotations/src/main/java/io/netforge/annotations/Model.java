package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an abstract class as a NetForge model. Its {@link Layer} fields, top to bottom, are the layers;
 * the annotations on one field apply left to right. The processor generates {@code <Name>Graph} and
 * {@code <Name>Trainer} in the same package.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {
    /** The shape of one input sample. */
    Input input();

    /** Number of classes; 0 takes the output width of the last layer. A regression model leaves it 0. */
    int classes() default 0;

    /**
     * Classes or numbers: a {@link Task#REGRESSION} model has as many outputs as its last layer and trains on float
     * targets (docs/sequences.md, "Forecasting a series").
     */
    Task task() default Task.CLASSIFICATION;
}
