package io.netforge.onnx;

/** A model, or a state of it, that cannot be exported to ONNX; the message says what and why. */
public class OnnxExportException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public OnnxExportException(String message) {
        super(message);
    }
}
