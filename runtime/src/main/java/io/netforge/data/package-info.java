/**
 * In-memory labelled datasets and the readers that fill them.
 *
 * <p>Kept free of ND4J on purpose: data loading, splitting and standardizing are plain array work that
 * must be testable without native libraries, and the trainer is the one place that turns a {@link
 * io.netforge.data.Batch} into device arrays.
 */
package io.netforge.data;
