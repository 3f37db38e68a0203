package io.netforge.processor.validation;

import io.netforge.processor.model.OpSpec;

/** One layer annotation as read: its mirror (for diagnostics), its operation, and whether its values were valid. */
record ReadOp(AnnotationView annotation, OpSpec op, boolean valid) {}
