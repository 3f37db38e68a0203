package io.netforge.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest value of each feature over a sequence's steps that are not padding: {@code steps×features} to {@code
 * features}, Keras' {@code GlobalMaxPooling1D} with the embedding's mask; in PyTorch {@code
 * x.masked_fill(ids.unsqueeze(-1) == 0, -inf).max(1).values}. A sequence of padding only gives zeros. The text CNN's
 * pooling (Kim 2014): each filter's strongest match anywhere in the text.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface GlobalMaxPool {}
