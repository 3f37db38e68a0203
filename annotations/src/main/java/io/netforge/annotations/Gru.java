package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A gated recurrent unit layer over a sequence's steps: PyTorch's {@code nn.GRU(features, units, batch_first=True,
 * bidirectional=…)}, Keras' {@code GRU(units, return_sequences=…, reset_after=True)} (wrapped in {@code Bidirectional}
 * when {@link #bidirectional} is set). Gates in PyTorch's order r, z, n: {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h +
 * b_hn))}, {@code h' = (1 - z) ⊙ n + z ⊙ h}; two biases per direction as PyTorch's ({@code bias_ih}, {@code bias_hh});
 * weights start as PyTorch's, uniform in ±1/√units.
 *
 * <p>Padding steps (token id 0) are skipped as PyTorch's packed sequences skip them: the state passes through a padding
 * step unchanged, and the step's output is zero. So the last state is the one after the last word of each sequence
 * however much padding follows, and the backward direction starts at that word.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Gru {
    /** Hidden units per direction (PyTorch's {@code hidden_size}). */
    int units();

    /**
     * Whether the layer outputs every step ({@code [steps, units]}, Keras' {@code return_sequences=True}) rather than
     * the last state ({@code units}, PyTorch's {@code h_n}).
     */
    boolean sequences() default false;

    /** Whether a second GRU reads the sequence backwards, and how the two directions' outputs are merged. */
    Bidirectional bidirectional() default Bidirectional.NONE;
}
