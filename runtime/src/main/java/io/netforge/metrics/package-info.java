/**
 * Classification metrics computed from predicted class scores and true labels: accuracy, top-k accuracy,
 * the confusion matrix, per-class precision, recall, F1 and support, and their macro and weighted averages,
 * with scikit-learn's definitions and report layout.
 *
 * <p>Plain Java on purpose (no ND4J): metrics are array work on what {@code Trainer.probabilities}
 * returns, and must be testable without native libraries.
 */
package io.netforge.metrics;
